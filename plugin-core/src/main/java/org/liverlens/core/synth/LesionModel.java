package org.liverlens.core.synth;

import java.util.SplittableRandom;

/**
 * The parameters of one synthesised lesion, checked on construction.
 *
 * @param diameterMm      equivalent-sphere diameter, 5–150 mm
 * @param appearance      how it looks against the liver
 * @param contrastHu      lesion body minus local parenchyma median, in HU (-300…+400); for
 *                        {@link Appearance#EXPLICIT_HU} the lesion's absolute HU (-200…+1000)
 * @param irregularity    departure of the outline from its ellipsoid, 0 (smooth) … 0.5 (lobulated)
 * @param marginMm        width of the blended transition to the liver, 0 (sharp) … 15 mm (ill-defined)
 * @param textureStrength texture SD as a multiple of the local parenchyma SD, 0 … 3
 */
public record LesionModel(double diameterMm, Appearance appearance, double contrastHu, double irregularity,
        double marginMm, double textureStrength) {

    public static final double MIN_DIAMETER_MM = 5;
    public static final double MAX_DIAMETER_MM = 150;

    public LesionModel {
        if (!(diameterMm >= MIN_DIAMETER_MM && diameterMm <= MAX_DIAMETER_MM)) {
            throw new IllegalArgumentException("lesion diameterMm must be " + MIN_DIAMETER_MM + "–"
                    + MAX_DIAMETER_MM + " mm, got " + diameterMm);
        }
        if (appearance == null) {
            throw new IllegalArgumentException("lesion appearance is required");
        }
        boolean absolute = appearance == Appearance.EXPLICIT_HU;
        double lo = absolute ? -200 : -300;
        double hi = absolute ? 1000 : 400;
        if (!(contrastHu >= lo && contrastHu <= hi)) {
            throw new IllegalArgumentException("lesion contrastHu must be " + lo + "…" + hi + " HU for "
                    + appearance + (absolute ? " (absolute HU)" : " (relative to the liver)") + ", got " + contrastHu);
        }
        if (!(irregularity >= 0 && irregularity <= 0.5)) {
            throw new IllegalArgumentException("lesion irregularity must be 0…0.5, got " + irregularity);
        }
        if (!(marginMm >= 0 && marginMm <= 15)) {
            throw new IllegalArgumentException("lesion marginMm must be 0…15 mm, got " + marginMm);
        }
        if (!(textureStrength >= 0 && textureStrength <= 3)) {
            throw new IllegalArgumentException("lesion textureStrength must be 0…3, got " + textureStrength);
        }
    }

    /**
     * The SD of the texture this lesion adds to liver of robust SD {@code parenchymaSdHu}: its
     * {@link #textureStrength} times that SD, at least 4 HU's worth (a noiseless liver still gets texture).
     */
    public double textureSdHu(double parenchymaSdHu) {
        return textureStrength * Math.max(parenchymaSdHu, 4);
    }

    /**
     * This lesion made faint, as the real lesions that the networks missed are (7–30 HU from the liver,
     * no rim: docs/prompt.md, docs/models.md): a uniform appearance (hypodense, hyper-enhancing or
     * washout; ring, necrotic and calcified lesions become hypodense) at 5–25 HU from the liver with
     * this lesion's sign, an ill-defined margin of 1–6 mm (at most a fifth of the diameter); size, shape
     * and texture kept. The training recipes draw a share of their lesions so ({@code --faint-share}).
     */
    public LesionModel faint(SplittableRandom r) {
        Appearance a = switch (appearance) {
            case HYPERENHANCING, WASHOUT -> appearance;
            default -> Appearance.HYPODENSE;
        };
        double contrast = Math.copySign(5 + 20 * r.nextDouble(), a == Appearance.HYPERENHANCING ? 1 : -1);
        double margin = Math.min(diameterMm / 5, 1 + 5 * r.nextDouble());
        return new LesionModel(diameterMm, a, contrast, irregularity, margin, textureStrength);
    }

    /**
     * This lesion made {@link #faint} with probability {@code share}; at 0 nothing is drawn from {@code r},
     * so a recipe without faint lesions draws exactly as it did before they existed.
     */
    public LesionModel faintSometimes(double share, SplittableRandom r) {
        return share > 0 && r.nextDouble() < share ? faint(r) : this;
    }

    /** A smooth, sharp, untextured lesion of one absolute HU (the edit instruction "a 12 mm 40 HU lesion"). */
    public static LesionModel ofHu(double diameterMm, double hu) {
        return new LesionModel(diameterMm, Appearance.EXPLICIT_HU, hu, 0.1, 0.5, 0.5);
    }

    /** A lesion of the given appearance with typical contrast, shape and margin for it. */
    public static LesionModel typical(double diameterMm, Appearance appearance) {
        double contrast = switch (appearance) {
            case HYPODENSE -> -50;
            case HYPERENHANCING -> 45;
            case WASHOUT -> -20;
            case RIM_ENHANCING -> -45;
            case NECROTIC -> -25;
            case CALCIFIED -> -40;
            case EXPLICIT_HU -> 40;
        };
        return new LesionModel(diameterMm, appearance, contrast, 0.15, 1.0, 0.6);
    }

    /**
     * A lesion drawn for a phase: the appearance by how often it is seen in that phase, contrast within
     * its typical range, diameter log-uniform in [minMm, maxMm], half of them sharp and half ill-defined.
     */
    public static LesionModel random(SplittableRandom rnd, ContrastPhase phase, double minMm, double maxMm) {
        if (!(minMm >= MIN_DIAMETER_MM && maxMm <= MAX_DIAMETER_MM && minMm <= maxMm)) {
            throw new IllegalArgumentException("lesion size range must lie in " + MIN_DIAMETER_MM + "–"
                    + MAX_DIAMETER_MM + " mm with min ≤ max, got " + minMm + "–" + maxMm);
        }
        double d = Math.exp(Math.log(minMm) + rnd.nextDouble() * (Math.log(maxMm) - Math.log(minMm)));
        Appearance a = drawAppearance(rnd, phase);
        double contrast = switch (a) {
            case HYPODENSE -> phase == ContrastPhase.NATIVE ? -between(rnd, 8, 40) : -between(rnd, 10, 80);
            case HYPERENHANCING -> between(rnd, 12, 70);
            case WASHOUT -> -between(rnd, 8, 35);
            case RIM_ENHANCING -> -between(rnd, 25, 70);
            case NECROTIC -> -between(rnd, 10, 40);
            case CALCIFIED -> -between(rnd, 15, 50);
            case EXPLICIT_HU -> throw new IllegalStateException("never drawn");
        };
        double irregularity = between(rnd, 0.0, 0.35);
        double margin = rnd.nextBoolean() ? between(rnd, 0, 0.8) : between(rnd, 1, Math.min(8, Math.max(1.5, d / 5)));
        double texture = between(rnd, 0.3, 1.4);
        return new LesionModel(d, a, contrast, irregularity, margin, texture);
    }

    private static Appearance drawAppearance(SplittableRandom rnd, ContrastPhase phase) {
        // Relative frequencies per phase: HYPO, HYPER, WASHOUT, RIM, NECROTIC, CALCIFIED.
        double[] w = switch (phase) {
            case NATIVE -> new double[] {70, 3, 0, 2, 17, 8};
            case ARTERIAL -> new double[] {25, 38, 5, 15, 12, 5};
            case PORTAL_VENOUS -> new double[] {42, 6, 15, 15, 16, 6};
            case DELAYED -> new double[] {38, 4, 32, 8, 12, 6};
        };
        double total = 0;
        for (double x : w) {
            total += x;
        }
        double u = rnd.nextDouble() * total;
        Appearance[] order = {Appearance.HYPODENSE, Appearance.HYPERENHANCING, Appearance.WASHOUT,
                Appearance.RIM_ENHANCING, Appearance.NECROTIC, Appearance.CALCIFIED};
        for (int i = 0; i < w.length; i++) {
            u -= w[i];
            if (u < 0) {
                return order[i];
            }
        }
        return Appearance.HYPODENSE;
    }

    private static double between(SplittableRandom rnd, double lo, double hi) {
        return lo + rnd.nextDouble() * (hi - lo);
    }
}
