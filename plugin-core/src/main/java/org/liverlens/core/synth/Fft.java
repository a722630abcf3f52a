package org.liverlens.core.synth;

/** In-place radix-2 complex FFT, one and two dimensional, for noise power spectra (also the edit fill's noise). */
public final class Fft {
    private Fft() {
    }

    /** Transforms (re, im) of power-of-two length in place; {@code inverse} scales by 1/n. */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double t = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = t;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }

    /** 2-D transform of an n×n row-major image in place. */
    public static void transform2d(double[] re, double[] im, int n, boolean inverse) {
        double[] r = new double[n];
        double[] q = new double[n];
        for (int y = 0; y < n; y++) {
            System.arraycopy(re, y * n, r, 0, n);
            System.arraycopy(im, y * n, q, 0, n);
            transform(r, q, inverse);
            System.arraycopy(r, 0, re, y * n, n);
            System.arraycopy(q, 0, im, y * n, n);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                r[y] = re[y * n + x];
                q[y] = im[y * n + x];
            }
            transform(r, q, inverse);
            for (int y = 0; y < n; y++) {
                re[y * n + x] = r[y];
                im[y * n + x] = q[y];
            }
        }
    }
}
