package org.liverlens.core.seg;

import java.util.Map;

/**
 * The standard codes LiverLens uses (SNOMED CT, designator {@code SCT}), and the translation of the
 * retired SNOMED RT designator {@code SRT} codes still found in older SEGs (dcmqi's liver.dcm).
 */
public final class Codes {
    /** Segmented property category: anatomical structure. */
    public static final CodedConcept ANATOMICAL_STRUCTURE = new CodedConcept("91723000", "SCT", "Anatomical Structure");
    /** Segmented property category: morphologically altered structure. */
    public static final CodedConcept MORPHOLOGICALLY_ALTERED_STRUCTURE =
            new CodedConcept("49755003", "SCT", "Morphologically Altered Structure");
    /** Segmented property type: liver. */
    public static final CodedConcept LIVER = new CodedConcept("10200004", "SCT", "Liver");
    /** Segmented property type: neoplasm (a liver lesion / mass). */
    public static final CodedConcept NEOPLASM = new CodedConcept("108369006", "SCT", "Neoplasm");

    private static final Map<String, CodedConcept> SRT_TO_SCT = Map.of(
            "T-62000", LIVER,
            "T-D000A", ANATOMICAL_STRUCTURE,
            "M-01000", MORPHOLOGICALLY_ALTERED_STRUCTURE,
            "M-80003", NEOPLASM,
            "T-D0050", new CodedConcept("85756007", "SCT", "Tissue")); // category in dcmqi's liver.dcm

    private Codes() {
    }

    /** True for a segment of property type Liver (a retired SRT code counts as its SCT equivalent). */
    public static boolean isLiver(Segment s) {
        return current(s.type()).sameConceptAs(LIVER);
    }

    /** True for a segment of property type Neoplasm or category Morphologically Altered Structure. */
    public static boolean isLesion(Segment s) {
        return current(s.type()).sameConceptAs(NEOPLASM)
                || current(s.category()).sameConceptAs(MORPHOLOGICALLY_ALTERED_STRUCTURE);
    }

    /** The current SCT code for a retired SRT code, or the code itself when none is known. */
    public static CodedConcept current(CodedConcept code) {
        if ("SRT".equals(code.scheme()) || "SNM3".equals(code.scheme())) {
            CodedConcept sct = SRT_TO_SCT.get(code.value());
            if (sct != null) {
                return sct;
            }
        }
        return code;
    }
}
