package org.liverlens.core.seg;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.liverlens.core.volume.VolumeGeometry;

/**
 * A SEG mapped onto a volume grid by {@link SegReader#mapOnto}.
 *
 * @param segments     the segments with their masks on the grid (a LABELMAP SEG becomes BINARY masks)
 * @param sliceOfFrame the slice index k each SEG frame was placed on, by frame index
 * @param warnings     what did not agree but did not stop the mapping (e.g. source references
 *                     that disagree with plane positions), one sentence each
 * @param ownGrid      true when the grid was built from the SEG's own frame positions (no CT)
 *
 * Equality is over the slice indices' values; the segment set, a mutable container, compares by identity.
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

    @Override
    public boolean equals(Object o) {
        return o instanceof SegMapping m && segments.equals(m.segments) && Arrays.equals(sliceOfFrame, m.sliceOfFrame)
                && warnings.equals(m.warnings) && ownGrid == m.ownGrid;
    }

    @Override
    public int hashCode() {
        return Objects.hash(segments, Arrays.hashCode(sliceOfFrame), warnings, ownGrid);
    }

    @Override
    public String toString() {
        return "SegMapping[segments=" + segments + ", sliceOfFrame=" + Arrays.toString(sliceOfFrame) + ", warnings="
                + warnings + ", ownGrid=" + ownGrid + "]";
    }
}
