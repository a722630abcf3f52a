package org.liverlens.core.seg;

import java.util.List;

import org.liverlens.core.volume.VolumeGeometry;

/**
 * A SEG mapped onto a volume grid by {@link SegReader#mapOnto}.
 *
 * @param segments     the segments with their masks on the grid (a LABELMAP SEG becomes BINARY masks)
 * @param sliceOfFrame the slice index k each SEG frame was placed on, by frame index
 * @param warnings     what did not agree but did not stop the mapping (e.g. source references
 *                     that disagree with plane positions), one sentence each
 * @param ownGrid      true when the grid was built from the SEG's own frame positions (no CT)
 */
public record SegMapping(SegmentSet segments, int[] sliceOfFrame, List<String> warnings, boolean ownGrid) {

    public SegMapping {
        sliceOfFrame = sliceOfFrame.clone();
        warnings = List.copyOf(warnings);
    }

    public VolumeGeometry geometry() {
        return segments.geometry();
    }

    @Override
    public int[] sliceOfFrame() {
        return sliceOfFrame.clone();
    }
}
