package org.liverlens.core.synth;

import org.liverlens.core.volume.BitMask;

/**
 * What {@link LesionSynthesis#insert} did: the lesion label (voxels at least half lesion), exactly the
 * voxels whose HU changed, and the local parenchyma figures the contrast was taken against.
 */
public final class InsertedLesion {
    private final BitMask lesion;
    private final BitMask changed;
    private final double parenchymaHu;
    private final double parenchymaSdHu;
    private final double lesionMeanHu;

    InsertedLesion(BitMask lesion, BitMask changed, double parenchymaHu, double parenchymaSdHu, double lesionMeanHu) {
        this.lesion = lesion;
        this.changed = changed;
        this.parenchymaHu = parenchymaHu;
        this.parenchymaSdHu = parenchymaSdHu;
        this.lesionMeanHu = lesionMeanHu;
    }

    /** The label: voxels covered at least half by the lesion, inside the liver and outside {@code avoid}. */
    public BitMask lesion() {
        return lesion;
    }

    /** Exactly the voxels whose HU differs from before; every other voxel is bit-identical. */
    public BitMask changed() {
        return changed;
    }

    /** Robust median HU of the liver around the lesion, the reference of its contrast. */
    public double parenchymaHu() {
        return parenchymaHu;
    }

    /** Robust (MAD) SD of the liver around the lesion. */
    public double parenchymaSdHu() {
        return parenchymaSdHu;
    }

    /** Mean HU of the labelled voxels after insertion. */
    public double lesionMeanHu() {
        return lesionMeanHu;
    }
}
