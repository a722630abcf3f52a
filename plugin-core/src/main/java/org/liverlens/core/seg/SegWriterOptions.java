package org.liverlens.core.seg;

import org.liverlens.core.dicom.UidGenerator;

/**
 * How a SEG is written: UID root, series identity, content identification and whether empty
 * frames are kept.
 */
public record SegWriterOptions(UidGenerator uids, int seriesNumber, String seriesDescription, String contentLabel,
                               String contentDescription, String contentCreator, boolean keepEmptyFrames) {

    public SegWriterOptions {
        if (contentLabel == null || !contentLabel.matches("[A-Z0-9_ ]{1,16}")) {
            throw new IllegalArgumentException("ContentLabel (0070,0080) must be 1-16 upper-case letters, digits, '_' or space, got '"
                    + contentLabel + "'");
        }
        if (uids == null) {
            throw new IllegalArgumentException("a UID generator is required");
        }
    }

    /** Defaults: UUID-derived UIDs, series 901, "LiverLens segmentation", empty frames omitted. */
    public static SegWriterOptions defaults() {
        return new SegWriterOptions(new UidGenerator(), 901, "LiverLens segmentation", "LIVERLENS", "", "", false);
    }

    public SegWriterOptions withUidRoot(String root) {
        return new SegWriterOptions(new UidGenerator(root), seriesNumber, seriesDescription, contentLabel,
                contentDescription, contentCreator, keepEmptyFrames);
    }

    public SegWriterOptions withKeepEmptyFrames(boolean keep) {
        return new SegWriterOptions(uids, seriesNumber, seriesDescription, contentLabel, contentDescription,
                contentCreator, keep);
    }

    public SegWriterOptions withSeries(int number, String description) {
        return new SegWriterOptions(uids, number, description, contentLabel, contentDescription, contentCreator,
                keepEmptyFrames);
    }
}
