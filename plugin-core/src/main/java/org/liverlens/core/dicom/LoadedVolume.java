package org.liverlens.core.dicom;

import java.util.List;

import org.liverlens.core.volume.HuVolume;

/**
 * A volume built from a stack, with what happened on the way: warnings (clipped HU) and the slice
 * indices that were interpolated because the series had a gap or uneven spacing.
 */
public record LoadedVolume(HuVolume volume, Stack stack, List<Problem> warnings, List<Integer> interpolatedSlices) {
}
