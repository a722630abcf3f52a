package org.liverlens.core.synth;

import java.util.SplittableRandom;

/**
 * The HU a lesion adds to the liver at a point: its appearance's contrast (rim, capsule, necrotic
 * centre, calcified foci) relative to the local parenchyma median, plus texture from smooth noise
 * scaled to the parenchyma's SD.
 */
final class LesionIntensity {
    /** Fluid density of a necrotic centre. */
    private static final double NECROSIS_HU = 15;
    private final LesionModel model;
    private final double parenchymaHu;
    private final double textureSd;
    private final LatticeNoise fine;
    private final LatticeNoise coarse;
    private final double rimMm;
    private final double[][] foci;

    LesionIntensity(LesionModel model, LesionShape shape, double parenchymaHu, double parenchymaSd,
            SplittableRandom rnd) {
        this.model = model;
        this.parenchymaHu = parenchymaHu;
        this.textureSd = model.textureSdHu(parenchymaSd);
        double r = shape.radiusMm();
        fine = new LatticeNoise(rnd.nextLong(), 1.6);
        coarse = new LatticeNoise(rnd.nextLong(), Math.max(3, r / 2.5));
        rimMm = switch (model.appearance()) {
            case RIM_ENHANCING -> Math.max(1.5, 0.2 * r);
            case WASHOUT -> Math.min(1.5, 0.15 * r);
            default -> 0;
        };
        if (model.appearance() == Appearance.CALCIFIED) {
            int n = 1 + rnd.nextInt(Math.min(6, 1 + (int) (r / 5)));
            foci = new double[n][];
            for (int f = 0; f < n; f++) {
                double[] u = LesionShape.unitVector(rnd);
                double d = 0.6 * r * Math.cbrt(rnd.nextDouble());
                double radius = Math.min(0.6 + 1.6 * rnd.nextDouble(), r / 3);
                double hu = 350 + 550 * rnd.nextDouble();
                foci[f] = new double[] {u[0] * d, u[1] * d, u[2] * d, radius, hu};
            }
        } else {
            foci = new double[0][];
        }
    }

    /** Calcified foci as {x, y, z, radius mm, HU}: where a voxel needs supersampling besides the outline. */
    double[][] foci() {
        return foci;
    }

    /**
     * The lesion's HU minus the parenchyma median at offset (x, y, z) mm, given its distance to the
     * outline and normalised radius (from {@link LesionShape#distanceMm}).
     */
    double deltaHu(double x, double y, double z, double distanceMm, double rho) {
        for (double[] f : foci) {
            double dx = x - f[0];
            double dy = y - f[1];
            double dz = z - f[2];
            if (dx * dx + dy * dy + dz * dz <= f[3] * f[3]) {
                return f[4] - parenchymaHu;
            }
        }
        double hetero = coarse.at(x, y, z);
        double texture = textureSd * (0.7 * fine.at(x, y, z) + 0.7 * hetero);
        double c = model.contrastHu();
        return switch (model.appearance()) {
            case HYPODENSE, HYPERENHANCING, CALCIFIED -> c + texture;
            case EXPLICIT_HU -> c - parenchymaHu + texture;
            case WASHOUT -> (distanceMm > -rimMm ? Math.max(12, 0.5 * Math.abs(c)) : c) + texture;
            case RIM_ENHANCING -> (distanceMm > -rimMm ? Math.max(15, 0.6 * Math.abs(c)) : c) + texture;
            case NECROTIC -> rho < 0.55 + 0.12 * hetero
                    ? NECROSIS_HU - parenchymaHu + 0.3 * texture
                    : c + texture;
        };
    }
}
