package org.liverlens.testdicom;

/** The contrast phase of the synthetic scan; it sets the HU of blood, liver, spleen, kidneys and bowel wall. */
public enum Phase {
    /** No contrast medium: blood ~40 HU, liver ~60 HU. */
    NON_CONTRAST("non-contrast", "ABDOMEN NATIVE"),
    /** Late arterial phase (~35 s): bright aorta, corticomedullary kidneys, portal vein partly enhanced. */
    ARTERIAL("arterial", "ABDOMEN ARTERIAL"),
    /** Portal venous phase (~70 s): liver, portal and hepatic veins enhanced. */
    PORTAL_VENOUS("portal venous", "ABDOMEN PORTAL VENOUS"),
    /** Late (equilibrium, ~3 min): blood, liver and kidneys converge towards 100–170 HU, little vessel contrast. */
    LATE("late", "ABDOMEN LATE");

    private final String words;
    private final String seriesDescription;

    Phase(String words, String seriesDescription) {
        this.words = words;
        this.seriesDescription = seriesDescription;
    }

    /** The phase in plain words ("portal venous"). */
    public String words() {
        return words;
    }

    String seriesDescription() {
        return seriesDescription;
    }

    /** True when iodinated contrast was (notionally) given, so the Contrast/Bolus module is written. */
    public boolean contrast() {
        return this != NON_CONTRAST;
    }

    /** Parses {@code native|non-contrast|arterial|portal|portal-venous} (case-insensitive). */
    public static Phase parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "native", "non-contrast", "noncontrast", "plain" -> NON_CONTRAST;
            case "arterial", "art" -> ARTERIAL;
            case "portal", "portal-venous", "pv", "venous" -> PORTAL_VENOUS;
            case "late", "delayed", "equilibrium" -> LATE;
            default -> throw new IllegalArgumentException("unknown contrast phase '" + text
                    + "': expected native, arterial, portal or late");
        };
    }
}
