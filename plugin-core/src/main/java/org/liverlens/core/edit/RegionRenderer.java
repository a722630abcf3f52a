package org.liverlens.core.edit;

import java.util.Map;

import org.liverlens.core.volume.HuVolume;

/**
 * Rewrites the voxels of one edit's region in {@code out} (which holds the classical rendering there
 * and the CT with earlier edits everywhere else). It must write no voxel outside {@code r.region()} and
 * give the same voxels for the same seed; it returns figures for {@code edit.json} that replace the
 * classical ones of the same name.
 */
interface RegionRenderer {
    Map<String, Object> render(HuVolume out, EditRegion r, long seed);
}
