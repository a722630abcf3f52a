package org.liverlens.core.edit;

import java.util.Arrays;

import org.liverlens.core.volume.DistanceMap;

/**
 * Fills a region of the liver with parenchyma that matches its surroundings: the harmonic interpolation
 * of the wide local mean of the liver around it (its trend; vessels and other bright or dark structures
 * left out), plus the liver's texture about that trend continued into the region from the liver just
 * outside it ({@link ParenchymaNoise}: same autocovariance, coarse scales included, no step at the seam:
 * the draw passes through the liver voxels touching the region, vessels and darker pixels included).
 * Works in an {@link EditBox}; only region voxels get new values.
 */
final class ParenchymaFill {
    /** Width of the shell of liver around the region that the statistics come from. */
    static final double SAMPLE_MM = 10;
    /** Reach of the liver whose texture (autocovariance about the trend) the fill continues. */
    static final double NPS_MM = 25;
    /** Half-width of the in-plane window of the local mean that is the fill's smooth trend (texture is finer). */
    static final double TREND_MM = 15;
    /** Sample voxels farther than this many robust SDs from the median are vessels or other structures. */
    private static final double OUTLIER_SD = 2.5;
    /** A 3 × 3 mean farther than this many (pixel) robust SDs from the median, and 25 HU, is a structure. */
    private static final double STRUCTURE_SD = 3;
    /** Texture pixels farther than this many robust SDs from the median are left out (noise keeps its tails). */
    private static final double TEXTURE_SD = 3.5;
    /**
     * Parenchyma, for the texture's variance: liver within this many robust SDs (and 25 HU) of the median, as
     * the realism test reads "parenchyma" (docs/models.md, "The realism test, read literally").
     */
    private static final double PARENCHYMA_SD = 3;
    /** The texture's variance is raised to the parenchyma's by at most this factor. */
    private static final double MAX_SILL_FACTOR = 2;

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
    static Filled fill(EditBox b, float[] hu, boolean[] region, boolean[] liver, boolean[] exclude, long seed,
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
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        for (int q = 0; q < n; q++) {
            if (shell[q] && Math.abs(hu[q] - median) <= OUTLIER_SD * robustSd) {
                sum += hu[q];
                sumSq += (double) hu[q] * hu[q];
                count++;
            }
        }
        double mean = sum / count;
        double sd = Math.sqrt(Math.max(0, sumSq / count - mean * mean));

        // The smooth part: the harmonic interpolation of the liver's wide local mean (its trend: bias
        // field, enhancement gradient) from the liver voxels next to the region.
        boolean[] texture = texture(b, hu, region, liver, exclude, d, median, robustSd);
        float[] trend = localMean(b, hu, texture, (float) median);
        float[] field = trend.clone();
        boolean[] known = new boolean[n];
        for (int q = 0; q < n; q++) {
            known[q] = !region[q] && liver[q] && !exclude[q] && d[q] <= 1.01 * maxSpacing(b);
        }
        int sweeps = HarmonicFill.solve(b, field, region, known, (float) mean);

        // The texture: everything about the trend, measured around the region and continued into it from
        // the liver just outside (ParenchymaNoise), so the seam has no step and the coarse scales are kept.
        // The draw is conditioned on the texture pixels and on every liver voxel touching the region in-plane,
        // structures included (their own residual): the fill's outer voxels join what lies beside them, where
        // a draw that skipped a vessel or a darker pixel at the edge left a step at the seam. The texture's
        // autocovariance has its shape from the texture pixels only, and its variance from all the parenchyma
        // around (the pixels beside small vessels and the coarse mottling included, which the texture pixels
        // leave out: without them every fill came out at the low end of the native SDs).
        double touching = 1.01 * Math.max(b.spacingMm[0], b.spacingMm[1]);
        float[] residual = new float[n];
        boolean[] conditioning = new boolean[n];
        for (int q = 0; q < n; q++) {
            conditioning[q] = texture[q] || (!region[q] && liver[q] && !exclude[q] && d[q] <= touching);
            residual[q] = conditioning[q] ? hu[q] - trend[q] : 0;
        }
        ParenchymaNoise grain = ParenchymaNoise.estimate(b, residual, texture, sd * sd)
                .scaled(sillFactor(hu, trend, region, liver, exclude, d, texture, median, robustSd));
        float[] noise = grain.conditioned(b, residual, conditioning, region, seed);
        double noiseSd = grain.sdHu();
        float[] out = new float[n];
        double fs = 0;
        double fss = 0;
        long fn = 0;
        for (int q = 0; q < n; q++) {
            if (region[q]) {
                out[q] = Math.round(field[q] + noise[q]);
                fs += out[q];
                fss += (double) out[q] * out[q];
                fn++;
            }
        }
        double fm = fs / fn;
        return new Filled(out, mean, sd, fm, Math.sqrt(Math.max(0, fss / fn - fm * fm)), noiseSd, sweeps);
    }

    /**
     * The parenchyma's variance about the trend over the texture pixels' (at least 1, at most
     * {@link #MAX_SILL_FACTOR}), both within {@link #NPS_MM} of the region; 1 with too few of either.
     */
    private static double sillFactor(float[] hu, float[] trend, boolean[] region, boolean[] liver, boolean[] exclude,
                                     float[] d, boolean[] texture, double median, double robustSd) {
        double limit = Math.max(25, PARENCHYMA_SD * robustSd);
        Moments par = new Moments();
        Moments tex = new Moments();
        for (int q = 0; q < hu.length; q++) {
            if (region[q] || !liver[q] || exclude[q] || d[q] > NPS_MM) {
                continue;
            }
            double r = hu[q] - trend[q];
            if (Math.abs(hu[q] - median) <= limit) {
                par.add(r);
            }
            if (texture[q]) {
                tex.add(r);
            }
        }
        if (par.count() < 30 || tex.count() < 30) {
            return 1;
        }
        double vt = tex.variance();
        return vt <= 0 ? 1 : Math.max(1, Math.min(MAX_SILL_FACTOR, par.variance() / vt));
    }

    /**
     * The parenchyma whose texture the fill continues: liver within {@link #NPS_MM} of the region, off
     * lesions, within {@link #TEXTURE_SD} robust SDs of the median (a cut that keeps the noise's tails,
     * whose loss would make the texture weaker and less correlated), and not on or next to a structure:
     * a pixel whose 3 × 3 mean outside the region lies more than max(25 HU, {@link #STRUCTURE_SD} SD) from
     * the median (vessels, unlabelled lesions, the liver's edge; a looser cut than
     * {@link VesselContinuation}'s 2.5 SD, which would take the extremes of a coarse texture for structures).
     */
    private static boolean[] texture(EditBox b, float[] hu, boolean[] region, boolean[] liver, boolean[] exclude,
                                     float[] d, double median, double robustSd) {
        int plane = b.nx * b.ny;
        double structure = Math.max(25, STRUCTURE_SD * robustSd);
        boolean[] out = new boolean[hu.length];
        for (int z = 0; z < b.nz; z++) {
            float[] m3 = mean3x3(b, hu, region, z);
            for (int y = 0; y < b.ny; y++) {
                for (int x = 0; x < b.nx; x++) {
                    int q = z * plane + y * b.nx + x;
                    if (region[q] || !liver[q] || exclude[q] || d[q] > NPS_MM
                            || Math.abs(hu[q] - median) > TEXTURE_SD * robustSd) {
                        continue;
                    }
                    boolean clear = true;
                    for (int yy = Math.max(0, y - 1); yy <= Math.min(b.ny - 1, y + 1) && clear; yy++) {
                        for (int xx = Math.max(0, x - 1); xx <= Math.min(b.nx - 1, x + 1); xx++) {
                            clear &= Math.abs(m3[yy * b.nx + xx] - median) <= structure;
                        }
                    }
                    out[q] = clear;
                }
            }
        }
        return out;
    }

    /**
     * The 3 × 3 in-plane mean of slice {@code z} ({@code [y * nx + x]}) over pixels outside {@code skip}
     * (or all, when null); the pixel itself where all its neighbours are skipped. The fill skips its region,
     * which still holds the lesion: a ring pixel is not a structure for its dark neighbours inside.
     */
    static float[] mean3x3(EditBox b, float[] hu, boolean[] skip, int z) {
        float[] out = new float[b.nx * b.ny];
        for (int y = 0; y < b.ny; y++) {
            for (int x = 0; x < b.nx; x++) {
                double s = 0;
                int n = 0;
                for (int yy = Math.max(0, y - 1); yy <= Math.min(b.ny - 1, y + 1); yy++) {
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(b.nx - 1, x + 1); xx++) {
                        int q = b.index(xx, yy, z);
                        if (skip == null || !skip[q]) {
                            s += hu[q];
                            n++;
                        }
                    }
                }
                out[y * b.nx + x] = n > 0 ? (float) (s / n) : hu[b.index(x, y, z)];
            }
        }
        return out;
    }

    private static double maxSpacing(EditBox b) {
        return Math.max(b.spacingMm[0], Math.max(b.spacingMm[1], b.spacingMm[2]));
    }

    /** Mean of the sample voxels in an in-plane window of ±{@link #TREND_MM} around every voxel ({@code fallback} where none). */
    private static float[] localMean(EditBox b, float[] hu, boolean[] sample, float fallback) {
        int rx = Math.max(1, (int) Math.round(TREND_MM / b.spacingMm[0]));
        int ry = Math.max(1, (int) Math.round(TREND_MM / b.spacingMm[1]));
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
