package org.liverlens.testdicom;

/**
 * A lesion asked for explicitly. Unset parts ({@code NaN} HU, {@code null} centre) are drawn from the
 * seed; a given centre must lie deep enough inside the liver for the whole lesion to fit.
 *
 * @param type        hypo- or hyperdense
 * @param diameterMm  nominal diameter (mean of the three axes), 2..150 mm
 * @param hu          HU of the lesion core, or NaN for a random value in the type's range
 * @param centreMm    LPS centre in mm, or null to place it at random inside the liver
 */
public record LesionSpec(LesionType type, double diameterMm, double hu, double[] centreMm) {
    public LesionSpec {
        if (type == null) {
            throw new IllegalArgumentException("lesion type is missing: give HYPODENSE or HYPERDENSE");
        }
        if (!(diameterMm >= 2 && diameterMm <= 150)) {
            throw new IllegalArgumentException("lesion diameter must be 2..150 mm, got " + diameterMm);
        }
        if (!Double.isNaN(hu) && !(hu >= -1000 && hu <= 3000)) {
            throw new IllegalArgumentException("lesion HU must be -1000..3000 (or NaN for random), got " + hu);
        }
        if (centreMm != null) {
            if (centreMm.length != 3 || !Double.isFinite(centreMm[0]) || !Double.isFinite(centreMm[1])
                    || !Double.isFinite(centreMm[2])) {
                throw new IllegalArgumentException("lesion centre needs 3 finite LPS coordinates in mm");
            }
            centreMm = centreMm.clone();
        }
    }

    /** A lesion of this type and size, placed at random with a random HU. */
    public static LesionSpec random(LesionType type, double diameterMm) {
        return new LesionSpec(type, diameterMm, Double.NaN, null);
    }

    @Override
    public double[] centreMm() {
        return centreMm == null ? null : centreMm.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LesionSpec s && s.type == type && Double.compare(s.diameterMm, diameterMm) == 0
                && Double.compare(s.hu, hu) == 0 && java.util.Arrays.equals(s.centreMm, centreMm);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, diameterMm, hu, java.util.Arrays.hashCode(centreMm));
    }

    @Override
    public String toString() {
        return "LesionSpec[type=" + type + ", diameterMm=" + diameterMm + ", hu=" + hu + ", centreMm="
                + java.util.Arrays.toString(centreMm) + "]";
    }
}
