package org.liverlens.core.segment;

import java.util.Locale;

/**
 * Where the tumour label of a segmentation comes from (docs/segmentation.md, "Lesions: network,
 * detector, combined"): the network's tumour class alone; the classical candidate detector inside
 * the network's liver ({@link LesionDetector}); or both, the network's lesions kept where the
 * liver's statistics confirm them (not a vessel, not parenchyma) and the detector's added.
 */
public enum LesionSource {
    NETWORK, DETECTOR, COMBINED;

    /** What {@code segment} uses when nothing is chosen: the source that measured best (docs/models.md). */
    public static final LesionSource DEFAULT = NETWORK;

    /** The source named {@code network}, {@code detector} or {@code combined} (any case). */
    public static LesionSource parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("lesion source '" + name + "' is not one of network, detector, combined");
        }
    }

    /** The name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
