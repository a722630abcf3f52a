package org.liverlens.core.synth;

import java.util.Locale;

/** The contrast phase a lesion is drawn for; it sets which appearances are likely (arterial: hyper-enhancing). */
public enum ContrastPhase {
    NATIVE, ARTERIAL, PORTAL_VENOUS, DELAYED;

    /** Parses {@code native|non-contrast|arterial|portal|portal-venous|venous|delayed|late} (case-insensitive). */
    public static ContrastPhase parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        return switch (t) {
            case "native", "non-contrast", "noncontrast", "plain" -> NATIVE;
            case "arterial", "art", "late-arterial" -> ARTERIAL;
            case "portal", "portal-venous", "pv", "venous" -> PORTAL_VENOUS;
            case "delayed", "late", "equilibrium" -> DELAYED;
            default -> throw new IllegalArgumentException("unknown contrast phase '" + text
                    + "': expected native, arterial, portal-venous or delayed");
        };
    }
}
