package org.liverlens.core.seg;

/** Segmentation Fractional Type (0062,0010), for FRACTIONAL segmentations. */
public enum FractionalType {
    PROBABILITY, OCCUPANCY
}
