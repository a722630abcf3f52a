package org.liverlens.tools.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.liverlens.core.synth.RobustStats;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The realism test of a fill, taken literally: "filled regions have HU mean and SD within the
 * surrounding parenchyma's 95 % range". The filled region's 3D shape is moved, unrotated, to random places
 * of the original CT where at least {@link #MIN_ON_LIVER} of it lies on liver, {@link FillPatches#CLEAR_VOXELS}
 * voxels clear of every lesion (the statistics of a place come from those voxels), first within {@link #NEAR_MM} mm of the region (the surrounding parenchyma), then, where fewer
 * than {@link #MIN_NEAR} such places exist, anywhere in the liver. The mean and the SD of the native HU at
 * each place give two distributions; their 2.5-97.5 % ranges are the surrounding parenchyma's 95 % ranges,
 * and the fill passes when its mean lies in the one and its SD in the other. Same shape, same size: the
 * ranges already hold the spread that a region of this many voxels has in native liver (vessels included),
 * which a ring's mean ± SE does not. A second reading ({@link #parenchymaBand}) takes "parenchyma" as
 * liver tissue without its vessels: the same test with the voxels outside the ring's parenchyma band left
 * out, in the fill and at every place alike.
 */
public final class NativeRange {
    static final double NEAR_MM = 40;
    static final int PLACES = 200;
    static final int MIN_NEAR = 30;
    static final int MIN_PLACES = 20;
    static final int TRIES = 4000;
    /** A place counts when at least this fraction of the shape lies on clean liver (its statistics from those voxels). */
    static final double MIN_ON_LIVER = 0.9;
    /** Half-width of the parenchyma band: at least this many HU, and this many robust SDs. */
    static final double BAND_MIN_HU = 25;
    static final double BAND_SD = 3;

    /**
     * The ranges and the verdict: {@code places} same-shaped native places were found (fewer than
     * {@link #MIN_PLACES}: not scored, ranges NaN); {@code near} whether they came from the surroundings.
     */
    public record Result(double fillMeanHu, double fillSdHu, double[] meanRange, double[] sdRange, int places,
                         boolean near) {
        public boolean scored() {
            return places >= MIN_PLACES;
        }

        public boolean meanIn() {
            return scored() && fillMeanHu >= meanRange[0] && fillMeanHu <= meanRange[1];
        }

        public boolean sdIn() {
            return scored() && fillSdHu >= sdRange[0] && fillSdHu <= sdRange[1];
        }

        public boolean bothIn() {
            return meanIn() && sdIn();
        }
    }

    private NativeRange() {
    }

    /** The fill of {@code region} in {@code edited} against same-shaped places of {@code original}'s liver, all voxels. */
    public static Result of(HuVolume original, HuVolume edited, BitMask region, BitMask liver, List<BitMask> lesions,
                            long seed) {
        return of(original, edited, region, liver, lesions, seed, null);
    }

    /**
     * The same test on parenchyma only: in the fill and at every place, voxels outside {@code band} (HU,
     * {@link #parenchymaBand}: vessels and other structures) are left out of the mean and SD; all voxels
     * when {@code band} is null.
     */
    public static Result of(HuVolume original, HuVolume edited, BitMask region, BitMask liver, List<BitMask> lesions,
                            long seed, double[] band) {
        double lo = band == null ? Double.NEGATIVE_INFINITY : band[0];
        double hi = band == null ? Double.POSITIVE_INFINITY : band[1];
        int[][] shape = voxels(region);
        double[] fill = stats(edited, shape, 0, 0, 0, lo, hi, null, null);
        if (shape.length == 0) {
            return new Result(fill[0], fill[1], nan(), nan(), 0, false);
        }
        BitMask forbidden = FillPatches.grown(lesions, original.geometry());
        forbidden.addAll(region);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        VolumeGeometry g = original.geometry();
        int[] b = region.boundingBox();
        double[] sp = g.spacingMm();
        int ri = (b[3] - b[0] + 1) + (int) Math.ceil(NEAR_MM / sp[0]);
        int rj = (b[4] - b[1] + 1) + (int) Math.ceil(NEAR_MM / sp[1]);
        int rk = (b[5] - b[2] + 1) + (int) Math.ceil(NEAR_MM / sp[2]);
        double[][] near = places(original, shape, liver, forbidden, rnd, b, ri, rj, rk, lo, hi);
        if (near.length >= MIN_NEAR) {
            return result(fill, near, true);
        }
        int[] lb = liver.boundingBox();
        int wi = Math.max(b[0] - lb[0], lb[3] - b[0]);
        int wj = Math.max(b[1] - lb[1], lb[4] - b[1]);
        int wk = Math.max(b[2] - lb[2], lb[5] - b[2]);
        double[][] anywhere = places(original, shape, liver, forbidden, rnd, b, wi, wj, wk, lo, hi);
        return result(fill, anywhere.length > near.length ? anywhere : near, anywhere.length <= near.length);
    }

    private static Result result(double[] fill, double[][] stats, boolean near) {
        if (stats.length < MIN_PLACES) {
            return new Result(fill[0], fill[1], nan(), nan(), stats.length, near);
        }
        double[] means = Arrays.stream(stats).mapToDouble(s -> s[0]).sorted().toArray();
        double[] sds = Arrays.stream(stats).mapToDouble(s -> s[1]).sorted().toArray();
        return new Result(fill[0], fill[1], range(means), range(sds), stats.length, near);
    }

    /** {mean, SD} of the native HU at up to {@link #PLACES} distinct places shifted by at most ±(ri, rj, rk). */
    private static double[][] places(HuVolume hu, int[][] shape, BitMask liver, BitMask forbidden,
                                     SplittableRandom rnd, int[] box, int ri, int rj, int rk, double lo, double hi) {
        VolumeGeometry g = hu.geometry();
        Set<Long> seen = new HashSet<>();
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < TRIES && out.size() < PLACES; t++) {
            int di = rnd.nextInt(2 * ri + 1) - ri;
            int dj = rnd.nextInt(2 * rj + 1) - rj;
            int dk = rnd.nextInt(2 * rk + 1) - rk;
            if (!g.contains(box[0] + di, box[1] + dj, box[2] + dk) || !g.contains(box[3] + di, box[4] + dj, box[5] + dk)
                    || !seen.add(((long) (di + 4096) << 32) | ((long) (dj + 4096) << 16) | (dk + 4096))) {
                continue;
            }
            int allowedOff = (int) (shape.length * (1 - MIN_ON_LIVER));
            int off = 0;
            for (int q = 0; q < shape.length && off <= allowedOff; q++) {
                int i = shape[q][0] + di;
                int j = shape[q][1] + dj;
                int k = shape[q][2] + dk;
                off += liver.get(i, j, k) && !forbidden.get(i, j, k) ? 0 : 1;
            }
            if (off <= allowedOff) {
                out.add(stats(hu, shape, di, dj, dk, lo, hi, liver, forbidden));
            }
        }
        return out.toArray(new double[0][]);
    }

    /**
     * {mean, SD} of the HU in lo…hi of the shape shifted by (di, dj, dk); with {@code liver} (and
     * {@code forbidden}) non-null, of its voxels on liver and off forbidden only.
     */
    private static double[] stats(HuVolume hu, int[][] shape, int di, int dj, int dk, double lo, double hi,
                                  BitMask liver, BitMask forbidden) {
        double s = 0;
        double ss = 0;
        long n = 0;
        for (int[] v : shape) {
            int i = v[0] + di;
            int j = v[1] + dj;
            int k = v[2] + dk;
            if (liver != null && (!liver.get(i, j, k) || forbidden.get(i, j, k))) {
                continue;
            }
            double x = hu.get(i, j, k);
            if (x >= lo && x <= hi) {
                s += x;
                ss += x * x;
                n++;
            }
        }
        double m = n == 0 ? Double.NaN : s / n;
        return new double[] {m, n == 0 ? Double.NaN : Math.sqrt(Math.max(0, ss / n - m * m))};
    }

    /**
     * The HU band of parenchyma around {@code region}: the robust median of the original liver 3-15 mm
     * around it ({@link EditEvaluation#ring}) ± max({@link #BAND_MIN_HU}, {@value #BAND_SD} robust SD);
     * outside it lie vessels, calcifications and dark structures. Null when no liver lies around the region.
     */
    public static double[] parenchymaBand(HuVolume original, BitMask region, BitMask liver, List<BitMask> lesions) {
        BitMask ring = EditEvaluation.ring(region, liver, lesions, 3, 15);
        short[] v = new short[(int) Math.min(Integer.MAX_VALUE, ring.count())];
        int n = 0;
        int[] b = ring.boundingBox();
        if (b == null) {
            return null;
        }
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = b[1]; j <= b[4]; j++) {
                for (int i = b[0]; i <= b[3]; i++) {
                    if (ring.get(i, j, k)) {
                        v[n++] = original.get(i, j, k);
                    }
                }
            }
        }
        RobustStats r = RobustStats.of(v, n);
        double half = Math.max(BAND_MIN_HU, BAND_SD * r.sd());
        return new double[] {r.median() - half, r.median() + half};
    }

    private static int[][] voxels(BitMask m) {
        int[] b = m.boundingBox();
        if (b == null) {
            return new int[0][];
        }
        List<int[]> out = new ArrayList<>();
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = b[1]; j <= b[4]; j++) {
                for (int i = b[0]; i <= b[3]; i++) {
                    if (m.get(i, j, k)) {
                        out.add(new int[] {i, j, k});
                    }
                }
            }
        }
        return out.toArray(new int[0][]);
    }

    private static double[] range(double[] sorted) {
        return new double[] {PatchClassifier.percentile(sorted, 0.025), PatchClassifier.percentile(sorted, 0.975)};
    }

    private static double[] nan() {
        return new double[] {Double.NaN, Double.NaN};
    }
}
