package org.liverlens.core.synth;

import java.util.SplittableRandom;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * The intensity statistics of a tissue region: robust mean and SD, and the radial in-plane noise power
 * spectrum (NPS) from tiles that lie wholly inside it. {@link #synthesize} makes noise with that SD
 * and spectrum, so a filled or inserted region has the scanner's grain rather than white noise.
 */
public final class TextureModel {
    static final int BINS = 16;
    private final double meanHu;
    private final double sdHu;
    private final double[] radialPower;
    private final double maxFrequencyPerMm;

    private TextureModel(double meanHu, double sdHu, double[] radialPower, double maxFrequencyPerMm) {
        this.meanHu = meanHu;
        this.sdHu = sdHu;
        this.radialPower = radialPower;
        this.maxFrequencyPerMm = maxFrequencyPerMm;
    }

    /** Robust (median) HU of the region. */
    public double meanHu() {
        return meanHu;
    }

    /** Robust (MAD) SD of the region in HU. */
    public double sdHu() {
        return sdHu;
    }

    /** Relative noise power density in {@value #BINS} radial frequency bins from 0 to {@link #maxFrequencyPerMm()}, summing to about 1. */
    public double[] radialPower() {
        return radialPower.clone();
    }

    /** Upper edge of the last spectrum bin, cycles per mm. */
    public double maxFrequencyPerMm() {
        return maxFrequencyPerMm;
    }

    /**
     * Estimates the model from the voxels of {@code region} (a liver without its lesions). The NPS uses
     * up to 400 tiles of 32×32 (16×16 for small regions) wholly inside the region; without any, it is flat.
     *
     * @throws IllegalArgumentException when the region is empty or on another grid
     */
    public static TextureModel estimate(HuVolume ct, BitMask region) {
        int[] b = region.boundingBox();
        if (b == null || !java.util.Arrays.equals(ct.geometry().size(), region.geometry().size())) {
            throw new IllegalArgumentException("texture region is empty or not on the CT grid " + ct.geometry());
        }
        long total = (long) (b[3] - b[0] + 1) * (b[4] - b[1] + 1) * (b[5] - b[2] + 1);
        int stride = (int) Math.max(1, Math.ceil(Math.sqrt(total / 200_000.0)));
        short[] values = new short[(int) (total / ((long) stride * stride) + 1024)];
        int n = 0;
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = b[1]; j <= b[4]; j += stride) {
                for (int i = b[0]; i <= b[3] && n < values.length; i += stride) {
                    if (region.get(i, j, k)) {
                        values[n++] = ct.get(i, j, k);
                    }
                }
            }
        }
        RobustStats stats = RobustStats.of(values, n);
        double[] sp = ct.geometry().spacingMm();
        double fMax = Math.sqrt(0.25 / (sp[0] * sp[0]) + 0.25 / (sp[1] * sp[1]));
        double[] power = spectrum(ct, region, b, 32, fMax);
        if (power == null) {
            power = spectrum(ct, region, b, 16, fMax);
        }
        if (power == null) {
            power = new double[BINS];
            java.util.Arrays.fill(power, 1.0 / BINS);
        }
        return new TextureModel(stats.median(), stats.sd(), power, fMax);
    }

    private static double[] spectrum(HuVolume ct, BitMask region, int[] b, int t, double fMax) {
        double[] sp = ct.geometry().spacingMm();
        int cols = ct.geometry().columns();
        double[] power = new double[BINS];
        long[] samples = new long[BINS];
        double[] re = new double[t * t];
        double[] im = new double[t * t];
        int tiles = 0;
        for (int k = b[2]; k <= b[5] && tiles < 400; k++) {
            short[] s = ct.slice(k);
            for (int j0 = b[1]; j0 + t - 1 <= b[4] && tiles < 400; j0 += t / 2) {
                for (int i0 = b[0]; i0 + t - 1 <= b[3] && tiles < 400; i0 += t / 2) {
                    if (!tileInside(region, i0, j0, k, t)) {
                        continue;
                    }
                    double mean = 0;
                    for (int y = 0; y < t; y++) {
                        for (int x = 0; x < t; x++) {
                            mean += s[(j0 + y) * cols + i0 + x];
                        }
                    }
                    mean /= t * t;
                    for (int y = 0; y < t; y++) {
                        for (int x = 0; x < t; x++) {
                            re[y * t + x] = s[(j0 + y) * cols + i0 + x] - mean;
                            im[y * t + x] = 0;
                        }
                    }
                    Fft.transform2d(re, im, t, false);
                    for (int v = 0; v < t; v++) {
                        for (int u = 0; u < t; u++) {
                            double f = frequency(u, v, t, sp);
                            int bin = Math.min(BINS - 1, (int) (f / fMax * BINS));
                            power[bin] += re[v * t + u] * re[v * t + u] + im[v * t + u] * im[v * t + u];
                            samples[bin]++;
                        }
                    }
                    tiles++;
                }
            }
        }
        if (tiles == 0) {
            return null;
        }
        // Power per frequency sample (a density): outer bins hold more samples of the same density.
        double sum = 0;
        for (int i = 0; i < BINS; i++) {
            power[i] = samples[i] == 0 ? 0 : power[i] / samples[i];
            sum += power[i];
        }
        for (int i = 0; i < BINS; i++) {
            power[i] = samples[i] == 0 && i > 0 ? power[i - 1] : power[i] / sum;
        }
        return power;
    }

    private static boolean tileInside(BitMask region, int i0, int j0, int k, int t) {
        for (int y = 0; y < t; y++) {
            for (int x = 0; x < t; x++) {
                if (!region.get(i0 + x, j0 + y, k)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double frequency(int u, int v, int n, double[] sp) {
        double fu = (u <= n / 2 ? u : u - n) / (n * sp[0]);
        double fv = (v <= n / 2 ? v : v - n) / (n * sp[1]);
        return Math.sqrt(fu * fu + fv * fv);
    }

    /**
     * Zero-mean noise with this model's SD and radial spectrum for a {@code columns × rows × slices}
     * block at the given spacing, one independent field per axial slice ({@code [slice][j * columns + i]}).
     * The same seed gives the same noise.
     */
    public float[][] synthesize(int columns, int rows, int slices, double[] spacingMm, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = Integer.highestOneBit(Math.max(2, Math.max(columns, rows)) - 1) << 1;
        double[] gain = new double[n * n];
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                double f = frequency(u, v, n, spacingMm);
                double pos = f / maxFrequencyPerMm * BINS - 0.5;
                int lo = (int) Math.max(0, Math.min(BINS - 1, Math.floor(pos)));
                int hi = Math.min(BINS - 1, lo + 1);
                double w = Math.max(0, Math.min(1, pos - lo));
                gain[v * n + u] = f > maxFrequencyPerMm ? 0 : Math.sqrt(radialPower[lo] * (1 - w) + radialPower[hi] * w);
            }
        }
        gain[0] = 0;
        float[][] out = new float[slices][];
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int k = 0; k < slices; k++) {
            for (int p = 0; p < n * n; p++) {
                re[p] = gaussian(rnd);
                im[p] = 0;
            }
            Fft.transform2d(re, im, n, false);
            for (int p = 0; p < n * n; p++) {
                re[p] *= gain[p];
                im[p] *= gain[p];
            }
            Fft.transform2d(re, im, n, true);
            double sum = 0;
            double sq = 0;
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < columns; i++) {
                    double x = re[j * n + i];
                    sum += x;
                    sq += x * x;
                }
            }
            int count = columns * rows;
            double mean = sum / count;
            double sd = Math.sqrt(Math.max(1e-12, sq / count - mean * mean));
            float[] slice = new float[count];
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < columns; i++) {
                    slice[j * columns + i] = (float) ((re[j * n + i] - mean) / sd * sdHu);
                }
            }
            out[k] = slice;
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = Math.max(1e-300, rnd.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
