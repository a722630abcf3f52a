package org.liverlens.core.segment;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;

/**
 * The rules {@code segment} applies to the network's lesions after post-processing when the package
 * asks for them ({@code postprocess.lesionRules}): first split merged lesions ({@link LesionOutline}),
 * then drop the ones that do not look like lesions ({@link LesionFilter}). Chosen on the synthetic
 * evaluation seeds, judged on the real cases: docs/models.md, "Lesion rules".
 */
final class LesionRules {
    /** Merged lesions are split where cores 4, 6, 8 or 10 mm deep (each at least 0.3 mL) meet at a neck. */
    static final LesionOutline OUTLINE = new LesionOutline(new double[] {4, 6, 8, 10}, 0.3, true);
    /**
     * A lesion stays when the network's peak tumour probability in it reaches 0.98 and liver surrounds
     * at least 60 % of its boundary; contrast and vesselness do not decide (docs/models.md).
     */
    static final LesionFilter FILTER = new LesionFilter(0.98, 0, 1, 0.6);

    private LesionRules() {
    }

    static LabelVolume apply(HuVolume ct, LabelVolume labels, TumourProbability tumour) {
        LabelVolume out = labels;
        if (OUTLINE != null) {
            out = OUTLINE.split(out, tumour, LesionFeatures.of(ct, out, tumour, false));
        }
        if (FILTER != null) {
            out = FILTER.apply(out, LesionFeatures.of(ct, out, tumour, FILTER.maxVesselFraction() < 1
                    || FILTER.minFisher() > 0));
        }
        return out;
    }
}
