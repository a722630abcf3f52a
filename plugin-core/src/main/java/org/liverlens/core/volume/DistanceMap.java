package org.liverlens.core.volume;

/**
 * Exact Euclidean distance in millimetres from every voxel of a box to the nearest set voxel of a mask
 * (0 on the mask), with anisotropic spacing: the separable squared-distance transform of Felzenszwalb
 * and Huttenlocher, one pass per axis. Margins and shells of edits, and the liver rings and depths of
 * lesion features, are thresholds of it. Arrays are boxes indexed {@code (z * ny + y) * nx + x}.
 */
public final class DistanceMap {
    private static final double FAR = 1e20;

    private DistanceMap() {
    }

    /** Distance in mm to the nearest voxel where {@code mask} is true ({@code FAR} root when the mask is empty). */
    public static float[] of(boolean[] mask, int nx, int ny, int nz, double[] spacingMm) {
        int n = mask.length;
        double[] d = new double[n];
        for (int q = 0; q < n; q++) {
            d[q] = mask[q] ? 0 : FAR;
        }
        int maxLen = Math.max(nx, Math.max(ny, nz));
        double[] f = new double[maxLen];
        double[] out = new double[maxLen];
        int[] v = new int[maxLen];
        double[] zb = new double[maxLen + 1];
        // x lines
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                pass(d, (z * ny + y) * nx, 1, nx, spacingMm[0], f, out, v, zb);
            }
        }
        for (int z = 0; z < nz; z++) {
            for (int x = 0; x < nx; x++) {
                pass(d, z * ny * nx + x, nx, ny, spacingMm[1], f, out, v, zb);
            }
        }
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                pass(d, y * nx + x, nx * ny, nz, spacingMm[2], f, out, v, zb);
            }
        }
        float[] r = new float[n];
        for (int q = 0; q < n; q++) {
            r[q] = (float) Math.sqrt(d[q]);
        }
        return r;
    }

    /** The 1D lower envelope of parabolas along one line (squared distances, step h mm). */
    private static void pass(double[] d, int start, int stride, int len, double h, double[] f, double[] out, int[] v,
                             double[] z) {
        for (int q = 0; q < len; q++) {
            f[q] = d[start + q * stride];
        }
        double h2 = h * h;
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < len; q++) {
            double s;
            while (true) {
                int p = v[k];
                s = ((f[q] + h2 * q * q) - (f[p] + h2 * p * p)) / (2 * h2 * (q - p));
                if (s <= z[k] && k > 0) {
                    k--;
                } else {
                    break;
                }
            }
            if (s <= z[k]) {
                // k == 0 and the new parabola lies below the first everywhere to the right of -inf
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = Double.POSITIVE_INFINITY;
                continue;
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < len; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            int p = v[k];
            double dq = (q - p);
            out[q] = h2 * dq * dq + f[p];
        }
        for (int q = 0; q < len; q++) {
            d[start + q * stride] = Math.min(out[q], FAR);
        }
    }
}
