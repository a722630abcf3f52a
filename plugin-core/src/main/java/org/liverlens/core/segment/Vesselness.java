package org.liverlens.core.segment;

import java.util.stream.IntStream;

/**
 * Frangi's multi-scale vesselness (Frangi et al., MICCAI 1998) on a stack of float slices: at each
 * scale the volume is smoothed by a Gaussian of that scale in mm (per axis in voxels, so 5 mm
 * slices and 0.7 mm pixels are treated alike), the Hessian is taken by central differences in mm and
 * normalised by the scale squared, and a voxel scores high when two eigenvalues are large and of the
 * tube's sign and the third is small (a tube, not a blob or a plate). The maximum over the scales is
 * kept. Bright tubes (enhanced arteries and portal veins) or dark ones (unenhanced hepatic veins in the
 * arterial phase).
 */
final class Vesselness {
    /** Frangi's plate-versus-line and blob-versus-line sensitivities. */
    private static final double ALPHA = 0.5;
    private static final double BETA = 0.5;
    /** Structureness (scale-normalised Hessian norm, HU) at which the response reaches 1 − e^−½. */
    private static final double C_HU = 25;

    private Vesselness() {
    }

    /**
     * Vesselness 0…1 of each voxel where {@code where} is set (elsewhere 0): bright tubes on a darker
     * background ({@code [0]}) and dark tubes ({@code [1]}), from one Hessian per scale.
     *
     * @param hu        slices of {@code cols × rows} values
     * @param spacingMm voxel size x, y, z in mm
     * @param scalesMm  Gaussian scales in mm (a tube of radius r answers best near r / √2 … r)
     */
    static float[][][] both(float[][] hu, boolean[][] where, int cols, int rows, double[] spacingMm, double[] scalesMm) {
        int slices = hu.length;
        float[][] out = new float[slices][cols * rows];
        float[][] outDark = new float[slices][cols * rows];
        for (double s : scalesMm) {
            float[][] g = gaussian(hu, cols, rows, spacingMm, s);
            double norm = s * s;
            double sx = spacingMm[0];
            double sy = spacingMm[1];
            double sz = spacingMm[2];
            IntStream.range(0, slices).parallel().forEach(k -> {
                float[] c = g[k];
                float[] lo = g[Math.max(0, k - 1)];
                float[] hi = g[Math.min(slices - 1, k + 1)];
                double[] ev = new double[3];
                for (int j = 1; j < rows - 1; j++) {
                    for (int i = 1; i < cols - 1; i++) {
                        int p = j * cols + i;
                        if (!where[k][p]) {
                            continue;
                        }
                        double hxx = (c[p + 1] - 2 * c[p] + c[p - 1]) / (sx * sx);
                        double hyy = (c[p + cols] - 2 * c[p] + c[p - cols]) / (sy * sy);
                        double hzz = (hi[p] - 2 * c[p] + lo[p]) / (sz * sz);
                        double hxy = (c[p + cols + 1] - c[p + cols - 1] - c[p - cols + 1] + c[p - cols - 1]) / (4 * sx * sy);
                        double hxz = (hi[p + 1] - hi[p - 1] - lo[p + 1] + lo[p - 1]) / (4 * sx * sz);
                        double hyz = (hi[p + cols] - hi[p - cols] - lo[p + cols] + lo[p - cols]) / (4 * sy * sz);
                        eigenvalues(hxx * norm, hyy * norm, hzz * norm, hxy * norm, hxz * norm, hyz * norm, ev);
                        // a voxel is on a bright tube or a dark one, never both
                        float v = (float) response(ev, true);
                        if (v > out[k][p]) {
                            out[k][p] = v;
                        }
                        float w = (float) response(ev, false);
                        if (w > outDark[k][p]) {
                            outDark[k][p] = w;
                        }
                    }
                }
            });
        }
        return new float[][][] {out, outDark};
    }

    /** Frangi's response of eigenvalues sorted by magnitude (|l1| ≤ |l2| ≤ |l3|). */
    static double response(double[] ev, boolean bright) {
        double l1 = ev[0];
        double l2 = ev[1];
        double l3 = ev[2];
        // a bright tube curves down across it: both large eigenvalues negative
        if (bright ? (l2 >= 0 || l3 >= 0) : (l2 <= 0 || l3 <= 0)) {
            return 0;
        }
        double a2 = Math.abs(l2);
        double a3 = Math.abs(l3);
        double ra = a2 / a3;
        double rb = Math.abs(l1) / Math.sqrt(a2 * a3);
        double s2 = l1 * l1 + l2 * l2 + l3 * l3;
        return (1 - Math.exp(-ra * ra / (2 * ALPHA * ALPHA))) * Math.exp(-rb * rb / (2 * BETA * BETA))
                * (1 - Math.exp(-s2 / (2 * C_HU * C_HU)));
    }

    /**
     * Eigenvalues of the symmetric matrix [[a, d, e], [d, b, f], [e, f, c]] into {@code out}, sorted by
     * absolute value (the trigonometric solution of the characteristic cubic).
     */
    static void eigenvalues(double a, double b, double c, double d, double e, double f, double[] out) {
        double p1 = d * d + e * e + f * f;
        double q = (a + b + c) / 3;
        double l0;
        double l1;
        double l2;
        if (p1 < 1e-12 * (a * a + b * b + c * c + 1e-30)) {
            l0 = a;
            l1 = b;
            l2 = c;
        } else {
            double p2 = (a - q) * (a - q) + (b - q) * (b - q) + (c - q) * (c - q) + 2 * p1;
            double p = Math.sqrt(p2 / 6);
            double ba = (a - q) / p;
            double bb = (b - q) / p;
            double bc = (c - q) / p;
            double bd = d / p;
            double be = e / p;
            double bf = f / p;
            double det = ba * (bb * bc - bf * bf) - bd * (bd * bc - bf * be) + be * (bd * bf - bb * be);
            double r = Math.max(-1, Math.min(1, det / 2));
            double phi = Math.acos(r) / 3;
            l0 = q + 2 * p * Math.cos(phi);
            l2 = q + 2 * p * Math.cos(phi + 2 * Math.PI / 3);
            l1 = 3 * q - l0 - l2;
        }
        out[0] = l0;
        out[1] = l1;
        out[2] = l2;
        // three elements: insertion sort by magnitude
        for (int x = 1; x < 3; x++) {
            double v = out[x];
            int y = x - 1;
            while (y >= 0 && Math.abs(out[y]) > Math.abs(v)) {
                out[y + 1] = out[y];
                y--;
            }
            out[y + 1] = v;
        }
    }

    /** Separable Gaussian of {@code sigmaMm}, clamped at the edges; an axis whose sigma is under 0.4 voxel is left alone. */
    static float[][] gaussian(float[][] in, int cols, int rows, double[] spacingMm, double sigmaMm) {
        int slices = in.length;
        float[][] a = new float[slices][];
        float[] kx = kernel(sigmaMm / spacingMm[0]);
        float[] ky = kernel(sigmaMm / spacingMm[1]);
        IntStream.range(0, slices).parallel().forEach(k -> {
            float[] tmp = new float[cols * rows];
            convolve(in[k], tmp, cols, rows, kx, 1, cols, rows, cols);
            float[] o = new float[cols * rows];
            convolve(tmp, o, cols, rows, ky, cols, rows, cols, 1);
            a[k] = o;
        });
        float[] kz = kernel(sigmaMm / spacingMm[2]);
        if (kz.length == 1) {
            return a;
        }
        int r = kz.length / 2;
        float[][] out = new float[slices][];
        IntStream.range(0, slices).parallel().forEach(k -> {
            float[] o = new float[cols * rows];
            for (int t = -r; t <= r; t++) {
                float[] s = a[Math.max(0, Math.min(slices - 1, k + t))];
                float w = kz[t + r];
                for (int p = 0; p < o.length; p++) {
                    o[p] += w * s[p];
                }
            }
            out[k] = o;
        });
        return out;
    }

    /**
     * One-dimensional convolution along lines: {@code lines} lines of {@code length} samples, samples
     * {@code step} apart, lines {@code lineStep} apart; edges clamped.
     */
    private static void convolve(float[] in, float[] out, int cols, int rows, float[] kern, int step, int length,
                                 int lines, int lineStep) {
        int r = kern.length / 2;
        for (int l = 0; l < lines; l++) {
            int base = l * lineStep;
            for (int x = 0; x < length; x++) {
                float acc = 0;
                for (int t = -r; t <= r; t++) {
                    int xx = Math.max(0, Math.min(length - 1, x + t));
                    acc += kern[t + r] * in[base + xx * step];
                }
                out[base + x * step] = acc;
            }
        }
    }

    private static float[] kernel(double sigmaVoxels) {
        if (sigmaVoxels < 0.4) {
            return new float[] {1f};
        }
        int r = (int) Math.ceil(3 * sigmaVoxels);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) {
            double w = Math.exp(-t * t / (2 * sigmaVoxels * sigmaVoxels));
            k[t + r] = (float) w;
            sum += w;
        }
        for (int t = 0; t < k.length; t++) {
            k[t] /= (float) sum;
        }
        return k;
    }
}
