package org.liverlens.core.synth;

/**
 * How a synthesised lesion looks against the surrounding liver. The contrast of a {@link LesionModel}
 * is relative to the local parenchyma, except for {@link #EXPLICIT_HU} where it is an absolute HU.
 */
public enum Appearance {
    /** Darker than the liver throughout (metastasis, cyst-like at large contrast). */
    HYPODENSE,
    /** Brighter than the liver: arterial-phase hyper-enhancement (HCC, FNH, haemangioma fill-in). */
    HYPERENHANCING,
    /** Mildly darker than the liver with a thin enhancing capsule (HCC in portal/delayed phase). */
    WASHOUT,
    /** Dark interior with an enhancing ring of about a fifth of the radius (colorectal metastasis). */
    RIM_ENHANCING,
    /** Viable wall at the lesion contrast around an irregular fluid-density (~15 HU) centre. */
    NECROTIC,
    /** Hypodense body with a few small very bright foci (mucinous metastasis, treated HCC). */
    CALCIFIED,
    /** A uniform lesion at the model's contrast taken as an absolute HU (edit: "a 40 HU lesion"). */
    EXPLICIT_HU
}
