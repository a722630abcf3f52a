package org.liverlens.core.dicom;

import java.util.List;

import org.liverlens.core.volume.HuVolume;

/**
 * A volume built from a stack, with what happened on the way: warnings (clipped HU), the slice
 * indices that were interpolated because the series had a gap or uneven spacing, and the files of
 * the scanned folder that were skipped (each command reports them).
 */
public record LoadedVolume(HuVolume volume, Stack stack, List<Problem> warnings, List<Integer> interpolatedSlices,
                           List<SkippedFile> skipped) {

    public LoadedVolume {
        skipped = List.copyOf(skipped);
    }

    /** This volume with the skipped files of the scan it came from. */
    public LoadedVolume withSkipped(List<SkippedFile> files) {
        return new LoadedVolume(volume, stack, warnings, interpolatedSlices, files);
    }
}
