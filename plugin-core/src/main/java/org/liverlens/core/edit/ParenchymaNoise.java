package org.liverlens.core.edit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.liverlens.core.synth.Fft;
import org.liverlens.core.volume.DistanceMap;

/**
 * The noise of a parenchyma fill, continued from the liver around it. The texture is a Gaussian field
 * with the in-plane autocovariance of the parenchyma's residual about its smooth trend, measured from
 * pixel pairs of the liver around the region up to {@link #LAG_MM} (so the coarse scales and any
 * anisotropy are in it, and its variance is the residual's), tapered and made a valid covariance by
 * clipping its spectrum at zero. Each slice of the fill is one draw of that field (by FFT) conditioned on
 * the residuals of the liver just outside the region (simple kriging: the draw plus the covariance-weighted
 * correction that makes it pass through those residuals), so the texture runs across the seam with no
 * step in level, SD or grain, and far from the edge it is an unconditional draw of the same texture.
 */
final class ParenchymaNoise {
    /** Reach of the measured autocovariance, in mm, within {@link #MIN_LAG}-{@link #MAX_LAG} pixels. */
    static final double LAG_MM = 20;
    private static final int MIN_LAG = 6;
    private static final int MAX_LAG = 24;
    /** At most this many conditioning pixels per slice, the nearest to the region first. */
    static final int MAX_CONDITIONING = 400;
    /** Independent error added to the conditioning pixels' covariance, relative to the variance (a stable solve). */
    private static final double NUGGET = 0.01;
    /** At most this many pixels are centres of the pairs of the autocovariance. */
    private static final int MAX_CENTRES = 50_000;
    /** Lags up to this many pixels keep an estimate of their own; farther ones share their ring's. */
    private static final double NEAR = 2.5;
    /** Fewer pixel pairs at lag 0 than this: the texture is white noise of the fallback variance. */
    private static final int MIN_PAIRS = 30;

    private final int lag;
    private final double variance;
    /** Tapered autocovariance, {@code [(dy + lag) * (2 lag + 1) + dx + lag]}, HU². */
    private final double[] covariance;

    private ParenchymaNoise(int lag, double variance, double[] covariance) {
        this.lag = lag;
        this.variance = variance;
        this.covariance = covariance;
    }

    /** The same texture (autocovariance shape) with its variance times {@code factor}. */
    ParenchymaNoise scaled(double factor) {
        double[] c = covariance.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] *= factor;
        }
        return new ParenchymaNoise(lag, variance * factor, c);
    }

    /** SD of the texture in HU. */
    double sdHu() {
        return Math.sqrt(variance);
    }

    /**
     * Measures the texture from the box's {@code residual} where {@code texture} is set (pairs of pixels
     * of one slice); white noise of {@code fallbackVariance} where too few pixels are there.
     */
    static ParenchymaNoise estimate(EditBox b, float[] residual, boolean[] texture, double fallbackVariance) {
        int lag = Math.max(MIN_LAG, Math.min(MAX_LAG,
                (int) Math.round(LAG_MM / Math.min(b.spacingMm[0], b.spacingMm[1]))));
        int w = 2 * lag + 1;
        int count = 0;
        for (boolean t : texture) {
            count += t ? 1 : 0;
        }
        int stride = Math.max(1, count / MAX_CENTRES);
        double[] sum = new double[w * w];
        long[] pairs = new long[w * w];
        int seen = 0;
        for (int q = 0; q < texture.length; q++) {
            if (!texture[q] || seen++ % stride != 0) {
                continue;
            }
            int x = q % b.nx;
            int y = (q / b.nx) % b.ny;
            int z = q / (b.nx * b.ny);
            for (int dy = 0; dy <= lag && y + dy < b.ny; dy++) {
                for (int dx = dy == 0 ? 0 : -lag; dx <= lag; dx++) {
                    if (x + dx < 0 || x + dx >= b.nx) {
                        continue;
                    }
                    int p = b.index(x + dx, y + dy, z);
                    if (texture[p]) {
                        sum[(dy + lag) * w + dx + lag] += (double) residual[q] * residual[p];
                        pairs[(dy + lag) * w + dx + lag]++;
                    }
                }
            }
        }
        double[] c = new double[w * w];
        if (pairs[lag * w + lag] < MIN_PAIRS) {
            c[lag * w + lag] = Math.max(1, fallbackVariance);
            return new ParenchymaNoise(lag, c[lag * w + lag], c);
        }
        double var0 = Math.max(1e-6, sum[lag * w + lag] / pairs[lag * w + lag]);
        // Lags up to NEAR pixels keep their own estimate (the scanner's grain may be anisotropic); farther
        // ones take the mean over their ring of radius (interpolated between whole-pixel radii): the coarse
        // texture is isotropic, and one estimate per lag there would fill the spectrum with noise that
        // clipping at zero turns into false fine grain.
        double[] ringSum = new double[2 * lag + 2];
        long[] ringPairs = new long[2 * lag + 2];
        for (int dy = 0; dy <= lag; dy++) {
            for (int dx = dy == 0 ? 0 : -lag; dx <= lag; dx++) {
                int at = (dy + lag) * w + dx + lag;
                int ring = (int) Math.round(Math.hypot(dx, dy));
                ringSum[ring] += sum[at];
                ringPairs[ring] += pairs[at];
            }
        }
        for (int dy = 0; dy <= lag; dy++) {
            for (int dx = dy == 0 ? 0 : -lag; dx <= lag; dx++) {
                int at = (dy + lag) * w + dx + lag;
                double r = Math.hypot(dx, dy);
                double v;
                if (r <= NEAR) {
                    v = pairs[at] == 0 ? 0 : sum[at] / pairs[at];
                } else {
                    int r0 = (int) Math.floor(r);
                    double f = r - r0;
                    v = (1 - f) * ringMean(ringSum, ringPairs, r0) + f * ringMean(ringSum, ringPairs, r0 + 1);
                }
                v *= taper(r, lag);
                c[at] = v;
                c[(lag - dy) * w + lag - dx] = v;
            }
        }
        return new ParenchymaNoise(lag, var0, c);
    }

    private static double ringMean(double[] sum, long[] pairs, int ring) {
        return ring >= pairs.length || pairs[ring] == 0 ? 0 : sum[ring] / pairs[ring];
    }

    /** Tukey taper: 1 up to three quarters of the reach, then a half cosine to 0 just past it. */
    private static double taper(double r, int lag) {
        double flat = 0.75 * (lag + 1);
        if (r <= flat) {
            return 1;
        }
        if (r >= lag + 1) {
            return 0;
        }
        return 0.5 * (1 + Math.cos(Math.PI * (r - flat) / (lag + 1 - flat)));
    }

    /**
     * The noise of the {@code region} voxels (a box array, 0 elsewhere): per slice, one draw of the
     * texture conditioned on the {@code residual} of the {@code texture} pixels within the texture's reach
     * of the region in that slice (the nearest {@link #MAX_CONDITIONING}). The same seed gives the same noise.
     */
    float[] conditioned(EditBox b, float[] residual, boolean[] texture, boolean[] region, long seed) {
        int plane = b.nx * b.ny;
        int x0 = b.nx;
        int y0 = b.ny;
        int x1 = -1;
        int y1 = -1;
        for (int q = 0; q < region.length; q++) {
            if (region[q]) {
                int x = q % b.nx;
                int y = (q / b.nx) % b.ny;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        float[] out = new float[region.length];
        if (x1 < 0) {
            return out;
        }
        // The draw's domain: the region's in-plane extent and the texture's reach around it. A periodic
        // grid of n wider than the domain by the reach keeps wrapped lags out of every covariance used.
        x0 = Math.max(0, x0 - lag - 1);
        y0 = Math.max(0, y0 - lag - 1);
        x1 = Math.min(b.nx - 1, x1 + lag + 1);
        y1 = Math.min(b.ny - 1, y1 + lag + 1);
        int n = Integer.highestOneBit(Math.max(x1 - x0, y1 - y0) + lag + 2) << 1;
        double[] power = power(n);
        double[] cov = power.clone();
        double[] im = new double[n * n];
        Fft.transform2d(cov, im, n, true);
        double[] gain = new double[n * n];
        for (int p = 0; p < gain.length; p++) {
            gain[p] = Math.sqrt(power[p]);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double pixelMm = Math.min(b.spacingMm[0], b.spacingMm[1]);
        for (int z = 0; z < b.nz; z++) {
            boolean[] slice = new boolean[plane];
            boolean any = false;
            for (int p = 0; p < plane; p++) {
                slice[p] = region[z * plane + p];
                any |= slice[p];
            }
            if (!any) {
                continue;
            }
            double[] draw = draw(n, gain, rnd);
            float[] dist = DistanceMap.of(slice, b.nx, b.ny, 1, b.spacingMm);
            int[] known = conditioning(b, z, x0, y0, x1, y1, dist, texture, pixelMm);
            int m = known.length;
            double[] alpha = new double[m];
            if (m > 0) {
                double[] a = new double[m * m];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j <= i; j++) {
                        double v = cov[lagIndex(known[i], known[j], b, n)];
                        a[i * m + j] = v;
                        a[j * m + i] = v;
                    }
                    a[i * m + i] += NUGGET * variance;
                    int q = z * plane + known[i];
                    alpha[i] = residual[q] - draw[local(known[i], b, x0, y0, n)];
                }
                solveInPlace(a, alpha, m);
            }
            for (int p = 0; p < plane; p++) {
                if (!slice[p]) {
                    continue;
                }
                double v = draw[local(p, b, x0, y0, n)];
                for (int i = 0; i < m; i++) {
                    v += cov[lagIndex(p, known[i], b, n)] * alpha[i];
                }
                out[z * plane + p] = (float) v;
            }
        }
        return out;
    }

    /** The texture's power spectrum on an n × n grid, clipped at zero and scaled to the measured variance. */
    private double[] power(int n) {
        int w = 2 * lag + 1;
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int dy = -lag; dy <= lag; dy++) {
            for (int dx = -lag; dx <= lag; dx++) {
                re[Math.floorMod(dy, n) * n + Math.floorMod(dx, n)] = covariance[(dy + lag) * w + dx + lag];
            }
        }
        Fft.transform2d(re, im, n, false);
        double total = 0;
        for (int p = 0; p < re.length; p++) {
            re[p] = Math.max(0, re[p]);
            total += re[p];
        }
        // A field of spectrum P (inverse transform scaled by 1/n²) has variance ΣP / n².
        double scale = total > 0 ? variance * n * n / total : 0;
        for (int p = 0; p < re.length; p++) {
            re[p] *= scale;
        }
        return re;
    }

    /** One draw of the field on the n × n grid: white noise filtered by the spectrum's square root. */
    private static double[] draw(int n, double[] gain, SplittableRandom rnd) {
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int p = 0; p < re.length; p++) {
            re[p] = rnd.nextGaussian();
        }
        Fft.transform2d(re, im, n, false);
        for (int p = 0; p < re.length; p++) {
            re[p] *= gain[p];
            im[p] *= gain[p];
        }
        Fft.transform2d(re, im, n, true);
        return re;
    }

    /**
     * The conditioning pixels of slice {@code z} (in-plane indices): texture pixels in the domain within
     * the reach of the region, all of them within 1.5 pixels, every other one (a checkerboard) to 3.5
     * pixels, one in nine to 8 pixels, one in 36 beyond; the nearest {@link #MAX_CONDITIONING} (the
     * solve grows with the cube of their number: docs/benchmarks.md, "bench edit").
     */
    private int[] conditioning(EditBox b, int z, int x0, int y0, int x1, int y1, float[] dist, boolean[] texture,
                               double pixelMm) {
        List<int[]> found = new ArrayList<>();
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int p = y * b.nx + x;
                double d = dist[p] / pixelMm;
                if (d == 0 || d > lag || !texture[z * b.nx * b.ny + p]) {
                    continue;
                }
                boolean keep = d <= 1.5 || (d <= 3.5 ? (x + y) % 2 == 0
                        : d <= 8 ? x % 3 == 0 && y % 3 == 0 : x % 6 == 0 && y % 6 == 0);
                if (keep) {
                    found.add(new int[] {p, Math.round(dist[p] * 1000)});
                }
            }
        }
        found.sort(Comparator.<int[]>comparingInt(v -> v[1]).thenComparingInt(v -> v[0]));
        int m = Math.min(MAX_CONDITIONING, found.size());
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = found.get(i)[0];
        }
        return out;
    }

    private static int local(int p, EditBox b, int x0, int y0, int n) {
        return (p / b.nx - y0) * n + p % b.nx - x0;
    }

    private static int lagIndex(int p, int q, EditBox b, int n) {
        int dx = p % b.nx - q % b.nx;
        int dy = p / b.nx - q / b.nx;
        return Math.floorMod(dy, n) * n + Math.floorMod(dx, n);
    }

    /** Solves a x = v for the symmetric positive definite m × m matrix a (Cholesky; a and v are overwritten, v by x). */
    static void solveInPlace(double[] a, double[] v, int m) {
        for (int j = 0; j < m; j++) {
            double d = a[j * m + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * m + k] * a[j * m + k];
            }
            d = Math.sqrt(Math.max(d, 1e-12));
            a[j * m + j] = d;
            for (int i = j + 1; i < m; i++) {
                double s = a[i * m + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * m + k] * a[j * m + k];
                }
                a[i * m + j] = s / d;
            }
        }
        for (int i = 0; i < m; i++) {
            double s = v[i];
            for (int k = 0; k < i; k++) {
                s -= a[i * m + k] * v[k];
            }
            v[i] = s / a[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = v[i];
            for (int k = i + 1; k < m; k++) {
                s -= a[k * m + i] * v[k];
            }
            v[i] = s / a[i * m + i];
        }
    }
}
