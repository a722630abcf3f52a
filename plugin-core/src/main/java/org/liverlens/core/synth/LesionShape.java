package org.liverlens.core.synth;

import java.util.SplittableRandom;

/**
 * The outline of one lesion in millimetres around its centre: an ellipsoid of random axes (volume of
 * the model's equivalent sphere) and orientation, whose radius is deformed by a smooth random
 * function on the sphere (a sum of low-order cosine waves along random directions, like a few
 * low-degree spherical harmonics), scaled by the model's irregularity.
 */
final class LesionShape {
    private static final int TERMS = 8;
    private final double[] axes = new double[3];
    private final double[][] rotation = new double[3][3];
    private final double irregularity;
    private final double[][] waveDirections = new double[TERMS][];
    private final double[] waveFrequency = new double[TERMS];
    private final double[] wavePhase = new double[TERMS];
    private final double[] waveAmplitude = new double[TERMS];
    private final double radiusMm;

    LesionShape(LesionModel model, SplittableRandom rnd) {
        radiusMm = model.diameterMm() / 2;
        double e1 = 0.75 + 0.5 * rnd.nextDouble();
        double e2 = 0.75 + 0.5 * rnd.nextDouble();
        double e3 = 1 / (e1 * e2);
        axes[0] = radiusMm * e1;
        axes[1] = radiusMm * e2;
        axes[2] = radiusMm * e3;
        randomRotation(rnd);
        irregularity = model.irregularity();
        double sum = 0;
        for (int n = 0; n < TERMS; n++) {
            waveDirections[n] = unitVector(rnd);
            waveFrequency[n] = 1.0 + 2.5 * rnd.nextDouble();
            wavePhase[n] = 2 * Math.PI * rnd.nextDouble();
            waveAmplitude[n] = rnd.nextDouble() / (1 + n * 0.3);
            sum += waveAmplitude[n];
        }
        for (int n = 0; n < TERMS; n++) {
            waveAmplitude[n] /= sum;
        }
    }

    double radiusMm() {
        return radiusMm;
    }

    /** No point of the lesion lies farther than this from its centre. */
    double extentMm() {
        return Math.max(axes[0], Math.max(axes[1], axes[2])) * (1 + irregularity);
    }

    /**
     * The signed distance (mm) of offset (x, y, z) from the outline, measured along the ray from the
     * centre: negative inside. {@code out[1]} receives the normalised radius (0 centre, 1 outline).
     */
    double distanceMm(double x, double y, double z, double[] out) {
        double qx = rotation[0][0] * x + rotation[1][0] * y + rotation[2][0] * z;
        double qy = rotation[0][1] * x + rotation[1][1] * y + rotation[2][1] * z;
        double qz = rotation[0][2] * x + rotation[1][2] * y + rotation[2][2] * z;
        double ex = qx / axes[0];
        double ey = qy / axes[1];
        double ez = qz / axes[2];
        double e = Math.sqrt(ex * ex + ey * ey + ez * ez);
        double q = Math.sqrt(qx * qx + qy * qy + qz * qz);
        if (e < 1e-9) {
            out[1] = 0;
            return -Math.min(axes[0], Math.min(axes[1], axes[2])) * (1 - irregularity);
        }
        double ux = ex / e;
        double uy = ey / e;
        double uz = ez / e;
        double f = 0;
        for (int n = 0; n < TERMS; n++) {
            double[] v = waveDirections[n];
            f += waveAmplitude[n] * Math.cos(waveFrequency[n] * Math.PI * (ux * v[0] + uy * v[1] + uz * v[2]) + wavePhase[n]);
        }
        double rho = e / (1 + irregularity * f);
        out[1] = rho;
        return q - q / rho;
    }

    private void randomRotation(SplittableRandom rnd) {
        // Uniform random rotation from a random unit quaternion (Shoemake).
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble() * 2 * Math.PI;
        double u3 = rnd.nextDouble() * 2 * Math.PI;
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        double w = a * Math.sin(u2);
        double x = a * Math.cos(u2);
        double y = b * Math.sin(u3);
        double z = b * Math.cos(u3);
        rotation[0][0] = 1 - 2 * (y * y + z * z);
        rotation[0][1] = 2 * (x * y - z * w);
        rotation[0][2] = 2 * (x * z + y * w);
        rotation[1][0] = 2 * (x * y + z * w);
        rotation[1][1] = 1 - 2 * (x * x + z * z);
        rotation[1][2] = 2 * (y * z - x * w);
        rotation[2][0] = 2 * (x * z - y * w);
        rotation[2][1] = 2 * (y * z + x * w);
        rotation[2][2] = 1 - 2 * (x * x + y * y);
    }

    static double[] unitVector(SplittableRandom rnd) {
        double z = 2 * rnd.nextDouble() - 1;
        double t = 2 * Math.PI * rnd.nextDouble();
        double s = Math.sqrt(1 - z * z);
        return new double[] {s * Math.cos(t), s * Math.sin(t), z};
    }
}
