package org.liverlens.core.dicom;

import java.util.Arrays;
import java.util.Objects;

/**
 * One 2D image of a stack: a single-frame instance, or one frame of a multi-frame instance.
 *
 * @param frame      0-based frame index within the instance
 * @param positionMm LPS position of the first transmitted pixel (ImagePositionPatient)
 * @param distanceMm position projected on the stack normal; slices are sorted by it
 */
public record SliceRef(SliceHeader header, int frame, double[] positionMm, double distanceMm) {

    /** Equal when they are the same frame of the same header at the same position (by value). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SliceRef r && header.equals(r.header) && frame == r.frame
                && Arrays.equals(positionMm, r.positionMm) && Double.compare(distanceMm, r.distanceMm) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, frame, Arrays.hashCode(positionMm), distanceMm);
    }

    @Override
    public String toString() {
        return "SliceRef[header=" + header + ", frame=" + frame + ", positionMm=" + Arrays.toString(positionMm)
                + ", distanceMm=" + distanceMm + "]";
    }
}
