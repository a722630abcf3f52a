package org.liverlens.core.seg;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One frame of a parsed SEG.
 *
 * @param index         0-based frame index in the Pixel Data
 * @param segmentNumber the segment this frame belongs to (Segment Identification Sequence), or 0
 *                      for a LABELMAP frame, whose pixel values are segment numbers
 * @param positionMm    ImagePositionPatient of the frame (per-frame or shared Plane Position
 *                      Sequence), or null when the SEG has none (e.g. slide microscopy, CR)
 * @param sources       the frame's source images (Derivation Image Sequence), possibly empty
 */
public record SegFrame(int index, int segmentNumber, double[] positionMm, List<SourceImageRef> sources,
                       FramePixels pixels) {

    public SegFrame {
        sources = List.copyOf(sources);
        positionMm = positionMm == null ? null : positionMm.clone();
    }

    /** True for a LABELMAP frame (pixel values are segment numbers). */
    public boolean isLabelMap() {
        return segmentNumber == 0;
    }

    @Override
    public double[] positionMm() {
        return positionMm == null ? null : positionMm.clone();
    }

    /** The position without a defensive copy, for the reader's loops. */
    double[] position() {
        return positionMm;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegFrame f && index == f.index && segmentNumber == f.segmentNumber
                && Arrays.equals(positionMm, f.positionMm) && sources.equals(f.sources) && pixels.equals(f.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, segmentNumber, Arrays.hashCode(positionMm), sources, pixels);
    }

    @Override
    public String toString() {
        return "SegFrame[index=" + index + ", segmentNumber=" + segmentNumber + ", positionMm="
                + Arrays.toString(positionMm) + ", sources=" + sources + ", pixels=" + pixels.length() + " px]";
    }
}
