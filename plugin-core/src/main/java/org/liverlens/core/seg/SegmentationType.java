package org.liverlens.core.seg;

/** Segmentation Type (0062,0001). LABELMAP is read, not written. */
public enum SegmentationType {
    BINARY, FRACTIONAL, LABELMAP
}
