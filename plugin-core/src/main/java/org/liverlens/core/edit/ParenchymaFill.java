package org.liverlens.core.edit;

import java.util.Arrays;

import org.liverlens.core.synth.TextureModel;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.DistanceMap;
import org.liverlens.core.volume.HuVolume;

/**
 * Fills a region of the liver with parenchyma that matches its surroundings: the harmonic interpolation
 * of the local mean of the liver around it (vessels and other bright or dark structures left out of
 * that mean), plus noise with the power spectrum of the parenchyma around it (the shared
 * {@link TextureModel} of the {@code synth} package) and the SD it has about its local mean. Works in an {@link EditBox}; only region voxels get new values.
 */
final class ParenchymaFill {
    /** Width of the shell of liver around the region that the statistics come from. */
    static final double SAMPLE_MM = 10;
    /** Reach of the liver whose noise power spectrum the fill's noise copies (tiles need room). */
    static final double NPS_MM = 25;
    /** Half-width of the in-plane window of the local mean. */
    private static final double WINDOW_MM = 3;
    /** Sample voxels farther than this many robust SDs from the median are vessels or other structures. */
    private static final double OUTLIER_SD = 2.5;

    /** The filled values and what they were matched to (HU). */
    record Filled(float[] values, double surroundMeanHu, double surroundSdHu, double filledMeanHu,
                  double filledSdHu, double noiseSdHu, int sweeps) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "Filled[mean " + filledMeanHu + " HU]";
        }
    }

    private ParenchymaFill() {
    }

    /**
     * Fills {@code region} of box values {@code hu}; {@code liver} says where parenchyma may be sampled,
     * {@code exclude} what must not be sampled (lesions). Throws when no parenchyma surrounds the region.
     */
    static Filled fill(HuVolume source, EditBox b, float[] hu, boolean[] region, boolean[] liver, boolean[] exclude, long seed,
                       String edit) {
        float[] d = DistanceMap.of(region, b.nx, b.ny, b.nz, b.spacingMm);
        int n = hu.length;
        boolean[] shell = new boolean[n];
        int shellCount = 0;
        for (int q = 0; q < n; q++) {
            if (!region[q] && liver[q] && !exclude[q] && d[q] <= SAMPLE_MM) {
                shell[q] = true;
                shellCount++;
            }
        }
        if (shellCount < 20) {
            throw new InvalidEditException("'" + edit + "': no liver parenchyma around the region to fill it from "
                    + "(" + shellCount + " voxel(s) within " + SAMPLE_MM + " mm)",
                    "the liver segment must surround the lesion; check the SEG's liver segment");
        }
        float[] values = new float[shellCount];
        int c = 0;
        for (int q = 0; q < n; q++) {
            if (shell[q]) {
                values[c++] = hu[q];
            }
        }
        Arrays.sort(values);
        double median = values[shellCount / 2];
        float[] dev = new float[shellCount];
        for (int q = 0; q < shellCount; q++) {
            dev[q] = (float) Math.abs(values[q] - median);
        }
        Arrays.sort(dev);
        double robustSd = Math.max(1, 1.4826 * dev[shellCount / 2]);
        boolean[] sample = new boolean[n];
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        for (int q = 0; q < n; q++) {
            if (shell[q] && Math.abs(hu[q] - median) <= OUTLIER_SD * robustSd) {
                sample[q] = true;
                sum += hu[q];
                sumSq += (double) hu[q] * hu[q];
                count++;
            }
        }
        double mean = sum / count;
        double sd = Math.sqrt(Math.max(0, sumSq / count - mean * mean));

        float[] localMean = localMean(b, hu, sample, (float) median);
        // Dirichlet values: the local mean on the liver voxels next to the region.
        float[] field = localMean.clone();
        boolean[] known = new boolean[n];
        for (int q = 0; q < n; q++) {
            known[q] = !region[q] && liver[q] && !exclude[q] && d[q] <= 1.01 * maxSpacing(b);
        }
        int sweeps = HarmonicFill.solve(b, field, region, known, (float) mean);

        // Noise: the spectrum of the liver around the region (shared TextureModel), at the SD the local
        // mean leaves: the sample's variance less that of its smooth part.
        BitMask npsRegion = new BitMask(source.geometry());
        boolean[] nps = new boolean[n];
        for (int q = 0; q < n; q++) {
            nps[q] = !region[q] && liver[q] && !exclude[q] && d[q] <= NPS_MM
                    && Math.abs(hu[q] - median) <= 3.5 * robustSd;
        }
        b.set(npsRegion, nps);
        TextureModel texture = TextureModel.estimate(source, npsRegion);
        double trendVariance = variance(localMean, sample);
        double residualSd = sdAroundTrend(hu, localMean, sample);
        double noiseSd = Math.sqrt(Math.max(residualSd * residualSd, sd * sd - trendVariance));
        float[][] noise = texture.synthesize(b.nx, b.ny, b.nz, b.spacingMm, seed);
        double scale = texture.sdHu() > 0 ? noiseSd / texture.sdHu() : 0;
        int plane = b.nx * b.ny;
        float[] out = new float[n];
        double fs = 0;
        double fss = 0;
        long fn = 0;
        for (int q = 0; q < n; q++) {
            if (region[q]) {
                out[q] = Math.round(field[q] + scale * noise[q / plane][q % plane]);
                fs += out[q];
                fss += (double) out[q] * out[q];
                fn++;
            }
        }
        double fm = fs / fn;
        return new Filled(out, mean, sd, fm, Math.sqrt(Math.max(0, fss / fn - fm * fm)), noiseSd, sweeps);
    }

    private static double variance(float[] v, boolean[] where) {
        double s = 0;
        double ss = 0;
        long n = 0;
        for (int q = 0; q < v.length; q++) {
            if (where[q]) {
                s += v[q];
                ss += (double) v[q] * v[q];
                n++;
            }
        }
        return n == 0 ? 0 : Math.max(0, ss / n - (s / n) * (s / n));
    }

    private static double sdAroundTrend(float[] hu, float[] trend, boolean[] sample) {
        double s = 0;
        long n = 0;
        for (int q = 0; q < hu.length; q++) {
            if (sample[q]) {
                double r = hu[q] - trend[q];
                s += r * r;
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt(s / n);
    }

    private static double maxSpacing(EditBox b) {
        return Math.max(b.spacingMm[0], Math.max(b.spacingMm[1], b.spacingMm[2]));
    }

    /** Mean of the sample voxels in an in-plane window around every voxel ({@code fallback} where none). */
    private static float[] localMean(EditBox b, float[] hu, boolean[] sample, float fallback) {
        int rx = Math.max(1, (int) Math.round(WINDOW_MM / b.spacingMm[0]));
        int ry = Math.max(1, (int) Math.round(WINDOW_MM / b.spacingMm[1]));
        float[] out = new float[hu.length];
        // Separable box sums of value and count, per slice.
        double[] rowSum = new double[hu.length];
        int[] rowCount = new int[hu.length];
        for (int z = 0; z < b.nz; z++) {
            for (int y = 0; y < b.ny; y++) {
                for (int x = 0; x < b.nx; x++) {
                    double s = 0;
                    int c = 0;
                    for (int xx = Math.max(0, x - rx); xx <= Math.min(b.nx - 1, x + rx); xx++) {
                        int q = b.index(xx, y, z);
                        if (sample[q]) {
                            s += hu[q];
                            c++;
                        }
                    }
                    rowSum[b.index(x, y, z)] = s;
                    rowCount[b.index(x, y, z)] = c;
                }
            }
            for (int y = 0; y < b.ny; y++) {
                for (int x = 0; x < b.nx; x++) {
                    double s = 0;
                    int c = 0;
                    for (int yy = Math.max(0, y - ry); yy <= Math.min(b.ny - 1, y + ry); yy++) {
                        int q = b.index(x, yy, z);
                        s += rowSum[q];
                        c += rowCount[q];
                    }
                    out[b.index(x, y, z)] = c > 0 ? (float) (s / c) : fallback;
                }
            }
        }
        return out;
    }
}
