package org.liverlens.core.seg;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DICOM Segmentation as read by {@link SegReader}: identity, segmentation type, validated
 * segments, the shared geometry and the frames with their decoded pixels. Nothing here is mapped
 * onto a CT grid yet; {@link SegReader#mapOnto(SegDocument, org.liverlens.core.dicom.Stack)} does that.
 *
 * @param backgroundLabel      label of segment 0 in a LABELMAP SEG ("Background"), or null
 * @param segments             segments 1…n in the order of the Segment Sequence (segment 0 of a
 *                             LABELMAP is not a {@link Segment}, see {@code backgroundLabel})
 * @param pixelPaddingValue    Pixel Padding Value (0028,0120) of a LABELMAP (pixels that belong
 *                             to no segment), or -1
 * @param orientation          shared ImageOrientationPatient (row then column direction), or null
 * @param pixelSpacingMm       spacing along i (between columns) and along j (between rows), as
 *                             {@code Stack.spacingMm()} orders them; null when absent
 * @param sliceThicknessMm     SliceThickness, NaN when absent
 * @param spacingBetweenSlicesMm SpacingBetweenSlices, NaN when absent
 * @param slideMicroscopy      true when frames are placed in a slide coordinate system (Plane
 *                             Position (Slide), Total Pixel Matrix): there is no patient-space grid
 * @param warnings             what was read leniently (each says what and why), for the user
 *
 * Equality, hash code and text are over the orientation's and spacing's values (a record compares
 * arrays by identity).
 */
public record SegDocument(
        Path file,
        String sopClassUid,
        String sopInstanceUid,
        String studyInstanceUid,
        String seriesInstanceUid,
        String frameOfReferenceUid,
        String transferSyntaxUid,
        SegmentationType type,
        FractionalType fractionalType,
        int maxFractionalValue,
        String backgroundLabel,
        List<Segment> segments,
        String segmentsOverlap,
        int rows,
        int columns,
        int bitsAllocated,
        String photometricInterpretation,
        int pixelPaddingValue,
        double[] orientation,
        double[] pixelSpacingMm,
        double sliceThicknessMm,
        double spacingBetweenSlicesMm,
        String dimensionOrganizationType,
        boolean slideMicroscopy,
        List<SegFrame> frames,
        List<ReferencedSeries> referencedSeries,
        List<String> warnings) {

    public SegDocument {
        segments = List.copyOf(segments);
        frames = List.copyOf(frames);
        referencedSeries = List.copyOf(referencedSeries);
        warnings = List.copyOf(warnings);
        orientation = orientation == null ? null : orientation.clone();
        pixelSpacingMm = pixelSpacingMm == null ? null : pixelSpacingMm.clone();
    }

    @Override
    public double[] orientation() {
        return orientation == null ? null : orientation.clone();
    }

    @Override
    public double[] pixelSpacingMm() {
        return pixelSpacingMm == null ? null : pixelSpacingMm.clone();
    }

    /** The segment with this number, if the SEG defines it. */
    public Optional<Segment> segment(int number) {
        return segments.stream().filter(s -> s.number() == number).findFirst();
    }

    public int numberOfFrames() {
        return frames.size();
    }

    /** True when every frame has an ImagePositionPatient. */
    public boolean hasPlanePositions() {
        return !frames.isEmpty() && frames.stream().allMatch(f -> f.position() != null);
    }

    /** Frames that hold pixels of this segment (for a LABELMAP: every frame with that pixel value). */
    public long framesOf(int segmentNumber) {
        return frames.stream().filter(f -> f.isLabelMap()
                ? f.pixels().count(segmentNumber) > 0 : f.segmentNumber() == segmentNumber).count();
    }

    /**
     * Pixels of this segment over all frames, counted in the SEG itself (no grid): 1-pixels of
     * BINARY frames, non-zero pixels of FRACTIONAL frames, pixels equal to the number in LABELMAP frames.
     */
    public long pixelsOf(int segmentNumber) {
        long n = 0;
        for (SegFrame f : frames) {
            if (f.isLabelMap()) {
                n += f.pixels().count(segmentNumber);
            } else if (f.segmentNumber() == segmentNumber) {
                n += f.pixels().countNonZero();
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegDocument d && file.equals(d.file) && sopClassUid.equals(d.sopClassUid)
                && sopInstanceUid.equals(d.sopInstanceUid) && studyInstanceUid.equals(d.studyInstanceUid)
                && seriesInstanceUid.equals(d.seriesInstanceUid) && frameOfReferenceUid.equals(d.frameOfReferenceUid)
                && transferSyntaxUid.equals(d.transferSyntaxUid) && type == d.type && fractionalType == d.fractionalType
                && maxFractionalValue == d.maxFractionalValue && Objects.equals(backgroundLabel, d.backgroundLabel)
                && segments.equals(d.segments) && Objects.equals(segmentsOverlap, d.segmentsOverlap) && rows == d.rows
                && columns == d.columns && bitsAllocated == d.bitsAllocated
                && Objects.equals(photometricInterpretation, d.photometricInterpretation)
                && pixelPaddingValue == d.pixelPaddingValue && Arrays.equals(orientation, d.orientation)
                && Arrays.equals(pixelSpacingMm, d.pixelSpacingMm)
                && Double.compare(sliceThicknessMm, d.sliceThicknessMm) == 0
                && Double.compare(spacingBetweenSlicesMm, d.spacingBetweenSlicesMm) == 0
                && Objects.equals(dimensionOrganizationType, d.dimensionOrganizationType)
                && slideMicroscopy == d.slideMicroscopy && frames.equals(d.frames)
                && referencedSeries.equals(d.referencedSeries) && warnings.equals(d.warnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, sopInstanceUid, type, segments, rows, columns, Arrays.hashCode(orientation),
                Arrays.hashCode(pixelSpacingMm), frames.size());
    }

    @Override
    public String toString() {
        return "SegDocument[file=" + file + ", sopInstanceUid=" + sopInstanceUid + ", type=" + type + ", segments="
                + segments.size() + ", frames=" + frames.size() + ", " + columns + "x" + rows + ", orientation="
                + Arrays.toString(orientation) + ", pixelSpacingMm=" + Arrays.toString(pixelSpacingMm) + "]";
    }
}
