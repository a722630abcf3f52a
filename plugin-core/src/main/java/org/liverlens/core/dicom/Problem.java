package org.liverlens.core.dicom;

import java.nio.file.Path;

/**
 * Something the user should know about a series or stack: a gap, uneven spacing, a split-out
 * reformat. {@code blocking} problems stop a volume from being built unless the user asks.
 */
public record Problem(Code code, Path file, String message, boolean blocking) {

    /** Kinds of problems, stable for JSON consumers. */
    public enum Code {
        GAP, UNEVEN_SPACING, DUPLICATE_POSITION, SPLIT_REFORMAT, SPLIT_LOCALIZER, SPLIT_GEOMETRY,
        MIXED_SIZE, NOT_CT, EMPTY_UID, UNSUPPORTED_TRANSFER_SYNTAX, MULTI_FRAME, LOSSY, SINGLE_SLICE,
        INCONSISTENT_RESCALE, HU_CLIPPED, MISSING_GEOMETRY, INVALID_HEADER, SKIPPED_FILE,
        PIXELS_UNREADABLE
    }

    /** True for what {@code --allow-gaps} lets a volume be built across: gaps, uneven spacing, skipped slices. */
    public boolean allowedByGaps() {
        return code == Code.GAP || code == Code.UNEVEN_SPACING || code == Code.SKIPPED_FILE;
    }

    public static Problem warning(Code code, Path file, String message) {
        return new Problem(code, file, message, false);
    }

    public static Problem blocking(Code code, Path file, String message) {
        return new Problem(code, file, message, true);
    }
}
