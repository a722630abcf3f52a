package org.liverlens.core.seg;

import com.pixelmed.dicom.AttributeTag;

/** Tags of the Segmentation IOD that PixelMed 20220618's TagFromName has no constant for, for the parser and the writer. */
final class SegTags {
    static final AttributeTag SEGMENT_DESCRIPTION = new AttributeTag(0x0062, 0x0006);
    static final AttributeTag SEGMENTATION_ALGORITHM_IDENTIFICATION = new AttributeTag(0x0062, 0x0007);
    static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009);
    static final AttributeTag SEGMENTS_OVERLAP = new AttributeTag(0x0062, 0x0013);
    static final AttributeTag ALGORITHM_VERSION = new AttributeTag(0x0066, 0x0031);
    static final AttributeTag ALGORITHM_NAME = new AttributeTag(0x0066, 0x0036);

    private SegTags() {
    }
}
