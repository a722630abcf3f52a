package org.liverlens.core.seg;

/** Segment Algorithm Type (0062,0008). */
public enum AlgorithmType {
    AUTOMATIC, SEMIAUTOMATIC, MANUAL
}
