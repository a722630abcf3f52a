package org.liverlens.core.dicom;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import org.liverlens.core.work.PrintableText;

/**
 * A file the scanner could not use, with the reason in words.
 *
 * @param seriesInstanceUid the series the file names in its header, or {@code null} when unknown
 * @param positionMm        its ImagePositionPatient, or {@code null} when unknown
 * @param damagedImage      true for what looks like an image of a series that could not be used
 *                          (truncated, corrupt header, no geometry): a slice missing from its
 *                          series; false for files that are no image at all (not DICOM, DICOMDIR,
 *                          a structured report, a second copy of one instance)
 */
public record SkippedFile(Path file, String reason, String seriesInstanceUid, double[] positionMm,
                          boolean damagedImage) {

    /** A file that is no image of any series. */
    public SkippedFile(Path file, String reason) {
        this(file, reason, null, null, false);
    }

    /** An image that could not be used; {@code header} says where it belonged when it was read. */
    static SkippedFile damaged(Path file, String reason, SliceHeader header) {
        double[][] p = header == null ? null : header.framePositionsMm();
        return new SkippedFile(file, reason, header == null ? null : header.seriesInstanceUid(),
                p == null || p.length == 0 ? null : p[0].clone(), true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SkippedFile s && file.equals(s.file) && reason.equals(s.reason)
                && Objects.equals(seriesInstanceUid, s.seriesInstanceUid) && Arrays.equals(positionMm, s.positionMm)
                && damagedImage == s.damagedImage;
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, reason, seriesInstanceUid, Arrays.hashCode(positionMm), damagedImage);
    }

    @Override
    public String toString() {
        return "SkippedFile[file=" + file + ", reason=" + reason + ", seriesInstanceUid=" + seriesInstanceUid
                + ", positionMm=" + Arrays.toString(positionMm) + ", damagedImage=" + damagedImage + "]";
    }

    /**
     * One line for stderr: the file and why it was skipped, with control characters in either
     * escaped ({@link PrintableText}): a file name holding a newline must not forge a line.
     */
    public String note() {
        return "skipped " + PrintableText.of(file) + ": " + PrintableText.of(reason);
    }
}
