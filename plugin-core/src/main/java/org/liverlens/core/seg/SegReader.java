package org.liverlens.core.seg;

import java.nio.file.Path;

import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.work.InvalidInputException;

/**
 * Reads DICOM Segmentations (BINARY, FRACTIONAL, LABELMAP) into a {@link SegDocument} and maps them
 * onto a CT stack's grid (or onto a grid built from their own frame positions) as a
 * {@link SegmentSet}: the entry point for commands and services. The work is done by
 * {@link SegParser} (file → document), {@link SegGridMapper} (document → grid) and
 * {@link SourceStackFinder} (which CT of a folder). Whatever would give wrong voxels is refused with
 * an {@link InvalidInputException} (exit code 3) that names the file, the attribute or frame and
 * what to do.
 */
public final class SegReader {
    public static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
    public static final String LABEL_MAP_SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.7";

    /** Name used for an AUTOMATIC/SEMIAUTOMATIC segment whose algorithm name is missing. */
    public static final String UNKNOWN_ALGORITHM = Segment.UNKNOWN_ALGORITHM;

    /**
     * Reads and validates a SEG file and decodes its frames.
     *
     * @throws InvalidInputException (exit code 3) when the file is missing, not a SEG, inconsistent,
     *                               or its pixels cannot be decoded exactly
     */
    public SegDocument read(Path file) {
        return SegParser.parse(file);
    }

    /**
     * Maps a SEG onto the grid of the CT stack it was made from ({@code ct.geometry()}). Frames are
     * placed by ImagePositionPatient; without positions, by their source image references.
     *
     * @throws InvalidInputException when the SEG does not fit the CT: another Frame of Reference,
     *                               another matrix, orientation or pixel spacing, or frames off the grid
     */
    public SegMapping mapOnto(SegDocument seg, Stack ct) {
        return SegGridMapper.ontoCt(seg, ct);
    }

    /**
     * Maps a SEG onto a grid built from its own frame positions (no CT): origin at the lowest
     * frame along the slice normal, spacing from SpacingBetweenSlices or the smallest gap.
     *
     * @throws InvalidInputException when the SEG has no plane positions or they are not regular
     */
    public SegMapping mapOnto(SegDocument seg) {
        return SegGridMapper.ontoOwnGrid(seg);
    }

    /**
     * The stack of a folder scan a SEG belongs to: the stack of its referenced series that has its
     * orientation and matrix (primary first); else the only series with its Frame of Reference;
     * else the only image series. SEG series in the folder are ignored.
     *
     * @throws InvalidInputException when the folder holds no image series, or several and none is the SEG's
     */
    public static Stack findSourceStack(SegDocument seg, ScanResult scan) {
        return SourceStackFinder.find(seg, scan);
    }
}
