package org.liverlens.core.edit;

import java.util.SplittableRandom;

/**
 * CT noise texture of the parenchyma around an edit: its in-plane autocorrelation (equivalently its
 * noise power spectrum) measured on the residual of sample voxels, and new noise with that spectrum
 * made by filtering white noise with the kernel whose spectrum is the square root of the measured one.
 * Slices get independent noise (reconstruction noise is correlated in-plane, far less across slices).
 */
final class NoiseTexture {
    /** Largest lag measured, in pixels. */
    static final int LAG = 5;
    /** Size of the periodic grid the spectrum is evaluated on. */
    private static final int GRID = 32;
    /** Half-width of the synthesis kernel, in pixels. */
    private static final int KERNEL = 2 * LAG;

    private final double sd;
    private final double[][] kernel;
    private final double[][] acf;

    private NoiseTexture(double sd, double[][] kernel, double[][] acf) {
        this.sd = sd;
        this.kernel = kernel;
        this.acf = acf;
    }

    /** Measures the texture of {@code residual} (mean-free values) at the voxels where {@code sample} is set. */
    static NoiseTexture estimate(EditBox b, float[] residual, boolean[] sample) {
        int size = 2 * LAG + 1;
        double[][] sum = new double[size][size];
        long[][] pairs = new long[size][size];
        int plane = b.nx * b.ny;
        for (int q = 0; q < residual.length; q++) {
            if (!sample[q]) {
                continue;
            }
            int x = q % b.nx;
            int y = (q / b.nx) % b.ny;
            int z = q / plane;
            for (int dy = 0; dy <= LAG; dy++) {
                int yy = y + dy;
                if (yy >= b.ny) {
                    break;
                }
                for (int dx = -LAG; dx <= LAG; dx++) {
                    int xx = x + dx;
                    if ((dy == 0 && dx < 0) || xx < 0 || xx >= b.nx) {
                        continue;
                    }
                    int r = b.index(xx, yy, z);
                    if (sample[r]) {
                        sum[dy + LAG][dx + LAG] += residual[q] * residual[r];
                        pairs[dy + LAG][dx + LAG]++;
                    }
                }
            }
        }
        double[][] acf = new double[size][size];
        for (int dy = 0; dy <= LAG; dy++) {
            for (int dx = -LAG; dx <= LAG; dx++) {
                if (dy == 0 && dx < 0) {
                    continue;
                }
                long n = pairs[dy + LAG][dx + LAG];
                double v = n > 10 ? sum[dy + LAG][dx + LAG] / n : 0;
                acf[dy + LAG][dx + LAG] = v;
                acf[-dy + LAG][-dx + LAG] = v;
            }
        }
        double variance = acf[LAG][LAG];
        if (!(variance > 0)) {
            return new NoiseTexture(0, delta(), acf);
        }
        return new NoiseTexture(Math.sqrt(variance), kernel(acf), acf);
    }

    /** Noise SD in HU. */
    double sdHu() {
        return sd;
    }

    /** Normalised autocorrelation at lag (dx, dy) pixels, |dx|, |dy| ≤ {@link #LAG}. */
    double correlation(int dx, int dy) {
        return acf[LAG][LAG] > 0 ? acf[dy + LAG][dx + LAG] / acf[LAG][LAG] : 0;
    }

    /** New noise (mean 0, this texture's SD and spectrum) at the box voxels where {@code where} is set. */
    float[] synthesize(EditBox b, boolean[] where, long seed) {
        int k = KERNEL;
        int wx = b.nx + 2 * k;
        int wy = b.ny + 2 * k;
        float[] out = new float[where.length];
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] white = new double[wx * wy];
        for (int z = 0; z < b.nz; z++) {
            boolean any = false;
            for (int y = 0; y < b.ny && !any; y++) {
                for (int x = 0; x < b.nx; x++) {
                    if (where[b.index(x, y, z)]) {
                        any = true;
                        break;
                    }
                }
            }
            for (int q = 0; q < white.length; q++) {
                white[q] = gaussian(rnd);
            }
            if (!any) {
                continue;
            }
            for (int y = 0; y < b.ny; y++) {
                for (int x = 0; x < b.nx; x++) {
                    int q = b.index(x, y, z);
                    if (!where[q]) {
                        continue;
                    }
                    double v = 0;
                    for (int dy = -k; dy <= k; dy++) {
                        int row = (y + k + dy) * wx + x + k;
                        double[] kr = kernel[dy + k];
                        for (int dx = -k; dx <= k; dx++) {
                            v += kr[dx + k] * white[row + dx];
                        }
                    }
                    out[q] = (float) (sd * v);
                }
            }
        }
        return out;
    }

    /** Box-Muller from two uniforms of {@code rnd} (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * The kernel h with |H|² = the power spectrum of {@code acf} (tapered so the spectrum is not
     * negative), zero-phase, truncated to ±{@link #KERNEL} and scaled to unit output variance.
     */
    private static double[][] kernel(double[][] acf) {
        double[][] psd = new double[GRID][GRID];
        for (int v = 0; v < GRID; v++) {
            for (int u = 0; u < GRID; u++) {
                double p = 0;
                for (int dy = -LAG; dy <= LAG; dy++) {
                    for (int dx = -LAG; dx <= LAG; dx++) {
                        double taper = (1 - Math.abs(dx) / (LAG + 1.0)) * (1 - Math.abs(dy) / (LAG + 1.0));
                        p += taper * acf[dy + LAG][dx + LAG] * Math.cos(2 * Math.PI * (u * dx + v * dy) / GRID);
                    }
                }
                psd[v][u] = Math.sqrt(Math.max(0, p));
            }
        }
        int k = KERNEL;
        double[][] h = new double[2 * k + 1][2 * k + 1];
        double energy = 0;
        for (int dy = -k; dy <= k; dy++) {
            for (int dx = -k; dx <= k; dx++) {
                double s = 0;
                for (int v = 0; v < GRID; v++) {
                    for (int u = 0; u < GRID; u++) {
                        s += psd[v][u] * Math.cos(2 * Math.PI * (u * dx + v * dy) / GRID);
                    }
                }
                h[dy + k][dx + k] = s;
                energy += s * s;
            }
        }
        if (!(energy > 0)) {
            return delta();
        }
        double norm = 1 / Math.sqrt(energy);
        for (double[] row : h) {
            for (int q = 0; q < row.length; q++) {
                row[q] *= norm;
            }
        }
        return h;
    }

    private static double[][] delta() {
        double[][] h = new double[2 * KERNEL + 1][2 * KERNEL + 1];
        h[KERNEL][KERNEL] = 1;
        return h;
    }
}
