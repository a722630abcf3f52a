package org.liverlens.core.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * Lesion candidates inside a known liver, found without a network: departures of the local mean HU
 * (a small window, over liver voxels only) from the whole liver's robust mean, in units of the robust
 * spread of that local mean over the liver (median and MAD: lesions and vessels do not move them much),
 * hypodense and hyperdense, plus heterogeneous regions (a local SD far above the liver's, darker on
 * average). Tubes are recognised by {@link Vesselness} and taken out before regions are formed, so an
 * enhancing artery or portal vein (or an unenhanced hepatic vein) is not a lesion. Regions grow by
 * hysteresis from strong seeds inside the liver (eroded a little) to weaker departures, and are kept
 * when at least 5 mm across. Everything at the CT's own in-plane resolution, in the liver's bounding
 * box; slice thickness enters in mm only. Method and figures: docs/segmentation.md.
 */
final class LesionCandidates {

    /** One candidate region (26-connected) with what the detector scores it by. */
    record Candidate(BitMask region, org.liverlens.core.prompt.Prompt.Click centre, boolean hyper, double meanHu, double contrastHu, double z, double volumeMl,
                     double maxAreaMm2, double elongation, double vesselFraction) {
    }

    /** The candidates and the liver statistics they were measured against. */
    record Found(List<Candidate> candidates, double liverMedianHu, double localSpreadHu, float[][] brightVessels,
                 LiverCrop crop) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Found f && candidates.equals(f.candidates)
                    && Double.compare(liverMedianHu, f.liverMedianHu) == 0
                    && Double.compare(localSpreadHu, f.localSpreadHu) == 0
                    && java.util.Arrays.deepEquals(brightVessels, f.brightVessels) && java.util.Objects.equals(crop, f.crop);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(candidates, liverMedianHu, localSpreadHu, java.util.Arrays.deepHashCode(brightVessels),
                    crop);
        }

        @Override
        public String toString() {
            return "Found[" + candidates.size() + " candidate(s), liver median " + liverMedianHu + " HU]";
        }
    }

    /** Settings (fixed in the product; tests and evaluation vary them). */
    record Settings(double windowMm, double wideWindowMm, double statsErosionMm, double seedErosionMm,
                    double growErosionMm, double seedZ,
                    double growZ, double minContrastHu, double minWideContrastHu, double heterogeneitySdZ,
                    double vesselThreshold, double[] vesselScalesMm, double minDiameterMm, double peakSpacingMm) {
        static final Settings DEFAULT = new Settings(2.5, 7.0, 4.0, 3.0, 1.5, 4.5, 3.0, 12.0, 7.0, 6.0, 0.15,
                new double[] {1.0, 2.0, 3.0}, 5.0, 20.0);

        @Override
        public boolean equals(Object o) {
            return o instanceof Settings t && toString().equals(t.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() { // every component, the scales by value (equals and hashCode rest on it)
            return "Settings[" + windowMm + ", " + wideWindowMm + ", " + statsErosionMm + ", " + seedErosionMm + ", "
                    + growErosionMm + ", " + seedZ + ", " + growZ + ", " + minContrastHu + ", " + minWideContrastHu + ", "
                    + heterogeneitySdZ + ", " + vesselThreshold + ", " + java.util.Arrays.toString(vesselScalesMm) + ", "
                    + minDiameterMm + ", " + peakSpacingMm + "]";
        }
    }

    private LesionCandidates() {
    }

    /** The candidates of {@code liver} (liver and any lesions the liver holds, on the CT grid); empty when it is. */
    static Found find(HuVolume ct, BitMask liver, Settings s) {
        LiverCrop c = LiverCrop.of(ct, liver, 3);
        if (c == null) {
            return new Found(List.of(), Double.NaN, Double.NaN, null, null);
        }
        int plane = c.cols * c.rows;
        boolean[][] stats = c.erodedLiver(s.statsErosionMm());
        boolean[][] seedArea = c.erodedLiver(s.seedErosionMm());
        boolean[][] growArea = c.erodedLiver(s.growErosionMm());
        Window fine = new Window(c, s.windowMm());
        Window wide = new Window(c, s.wideWindowMm());
        fine.measure(c, c.liver, stats);
        wide.measure(c, c.liver, stats);
        if (Double.isNaN(fine.median)) {
            return new Found(List.of(), Double.NaN, Double.NaN, null, c);
        }
        // tubes matter only where the liver departs from its median (the Hessian's eigenvalues are the cost)
        boolean[][] departs = new boolean[c.slices][plane];
        for (int k = 0; k < c.slices; k++) {
            for (int p = 0; p < plane; p++) {
                departs[k][p] = c.liver[k][p] && (Math.abs(fine.mean[k][p] - fine.median) >= s.minContrastHu() / 2
                        || Math.abs(wide.mean[k][p] - wide.median) >= s.minWideContrastHu() / 2);
            }
        }
        float[][][] tubesBoth = Vesselness.both(c.hu, departs, c.cols, c.rows, c.spacingMm, s.vesselScalesMm());
        float[][] bright = tubesBoth[0];
        float[][] dark = tubesBoth[1];
        // measured again without the tubes (and a pixel around them): a vessel averaged into the window
        // would otherwise make a halo of departure around itself
        boolean[][] tissue = new boolean[c.slices][];
        IntStream.range(0, c.slices).parallel().forEach(k -> {
            boolean[] notTube = new boolean[plane];
            for (int p = 0; p < plane; p++) {
                notTube[p] = bright[k][p] < s.vesselThreshold() && dark[k][p] < s.vesselThreshold();
            }
            boolean[] t = LiverCrop.erode(notTube, c.cols, c.rows, 1, 1);
            for (int p = 0; p < plane; p++) {
                t[p] &= c.liver[k][p];
            }
            tissue[k] = t;
        });
        boolean[][] tissueStats = new boolean[c.slices][plane];
        for (int k = 0; k < c.slices; k++) {
            for (int p = 0; p < plane; p++) {
                tissueStats[k][p] = stats[k][p] && tissue[k][p];
            }
        }
        fine.measure(c, tissue, tissueStats);
        wide.measure(c, tissue, tissueStats);
        if (Double.isNaN(fine.median)) {
            return new Found(List.of(), Double.NaN, Double.NaN, bright, c);
        }
        float[][] mean = fine.mean;
        float[][] sd = fine.sd;
        double[] m = {fine.median};
        double[] v = {fine.sdMedian};
        double spread = fine.spread;
        double sdSpread = fine.sdSpread;
        double[] mw = {wide.median};
        double wideSpread = wide.spread;
        List<Candidate> out = new ArrayList<>();
        for (boolean hyper : new boolean[] {false, true}) {
            float[][] tubes = hyper ? bright : dark;
            boolean[][] seed = new boolean[c.slices][plane];
            boolean[][] grow = new boolean[c.slices][plane];
            double sign = hyper ? 1 : -1;
            for (int k = 0; k < c.slices; k++) {
                for (int p = 0; p < plane; p++) {
                    // growth stays off the liver's outermost 1.5 mm: the partial-volume rim is darker all
                    // round and would join every departure into one region hugging the surface
                    if (!growArea[k][p] || !tissue[k][p]) {
                        continue;
                    }
                    double d = sign * (mean[k][p] - m[0]);
                    double z = d / spread;
                    double dw = sign * (wide.mean[k][p] - mw[0]);
                    double zw = dw / wideSpread;
                    double zs = (sd[k][p] - v[0]) / sdSpread;
                    boolean heterogeneous = !hyper && zs >= s.heterogeneitySdZ() && z >= 1.5;
                    boolean atFine = z >= s.growZ() && d >= s.minContrastHu() / 2;
                    boolean coarse = zw >= s.growZ() && dw >= s.minWideContrastHu() / 2;
                    if (atFine || coarse || heterogeneous) {
                        grow[k][p] = true;
                        seed[k][p] = seedArea[k][p] && (z >= s.seedZ() && d >= s.minContrastHu()
                                || zw >= s.seedZ() && dw >= s.minWideContrastHu() || heterogeneous);
                    }
                }
            }
            float[][] strength = new float[c.slices][plane];
            for (int k = 0; k < c.slices; k++) {
                for (int p = 0; p < plane; p++) {
                    strength[k][p] = (float) Math.max(sign * (mean[k][p] - m[0]) / spread, sign * (wide.mean[k][p] - mw[0]) / wideSpread);
                }
            }
            for (boolean[][] region : hysteresis(seed, grow, c.cols, c.rows)) {
                for (boolean[][] part : splitAtPeaks(region, strength, c, s.peakSpacingMm())) {
                    Candidate cand = describe(ct, c, part, hyper, mean, m[0], spread, tubes, s);
                    if (cand != null) {
                        out.add(cand);
                    }
                }
            }
        }
        return new Found(out, m[0], spread, bright, c);
    }

    /** Local mean and SD in one window size over the crop, and their robust statistics over the liver. */
    private static final class Window {
        final int rx;
        final int ry;
        final float[][] mean;
        final float[][] sd;
        double median;
        double spread;
        double sdMedian;
        double sdSpread;

        Window(LiverCrop c, double halfMm) {
            rx = Math.max(1, (int) Math.round(halfMm / c.spacingMm[0]));
            ry = Math.max(1, (int) Math.round(halfMm / c.spacingMm[1]));
            mean = new float[c.slices][c.cols * c.rows];
            sd = new float[c.slices][c.cols * c.rows];
        }

        /** Local statistics over {@code over}; median and spread over {@code statsArea}. */
        void measure(LiverCrop c, boolean[][] over, boolean[][] statsArea) {
            IntStream.range(0, c.slices).parallel().forEach(k -> {
                java.util.Arrays.fill(mean[k], 0f);
                java.util.Arrays.fill(sd[k], 0f);
                localStats(c.hu[k], over[k], c.cols, c.rows, rx, ry, mean[k], sd[k]);
            });
            double[] m = robust(mean, statsArea);
            double[] v = robust(sd, statsArea);
            median = m[0];
            spread = Math.max(1.0, m[1]);
            sdMedian = v[0];
            sdSpread = Math.max(1.0, v[1]);
        }
    }

    /** Mean and SD in a (2rx+1) × (2ry+1) window over liver pixels only (summed-area tables). */
    private static void localStats(float[] hu, boolean[] liver, int cols, int rows, int rx, int ry, float[] mean,
                                   float[] sd) {
        int w = cols + 1;
        double[] n = new double[w * (rows + 1)];
        double[] s1 = new double[n.length];
        double[] s2 = new double[n.length];
        for (int j = 0; j < rows; j++) {
            double rn = 0;
            double r1 = 0;
            double r2 = 0;
            for (int i = 0; i < cols; i++) {
                int p = j * cols + i;
                if (liver[p]) {
                    rn++;
                    r1 += hu[p];
                    r2 += (double) hu[p] * hu[p];
                }
                int q = (j + 1) * w + i + 1;
                n[q] = n[q - w] + rn;
                s1[q] = s1[q - w] + r1;
                s2[q] = s2[q - w] + r2;
            }
        }
        for (int j = 0; j < rows; j++) {
            int ja = Math.max(0, j - ry);
            int jb = Math.min(rows, j + ry + 1);
            for (int i = 0; i < cols; i++) {
                int p = j * cols + i;
                if (!liver[p]) {
                    continue;
                }
                int ia = Math.max(0, i - rx);
                int ib = Math.min(cols, i + rx + 1);
                double cnt = box(n, w, ia, ja, ib, jb);
                double a = box(s1, w, ia, ja, ib, jb) / cnt;
                double b = box(s2, w, ia, ja, ib, jb) / cnt;
                mean[p] = (float) a;
                sd[p] = (float) Math.sqrt(Math.max(0, b - a * a));
            }
        }
    }

    private static double box(double[] t, int w, int ia, int ja, int ib, int jb) {
        return t[jb * w + ib] - t[ja * w + ib] - t[jb * w + ia] + t[ja * w + ia];
    }

    /** {median, 1.4826 × MAD} of the values where {@code where} is set; NaN when none. */
    static double[] robust(float[][] values, boolean[][] where) {
        int n = 0;
        for (int k = 0; k < values.length; k++) {
            for (boolean b : where[k]) {
                n += b ? 1 : 0;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        float[] all = new float[n];
        int q = 0;
        for (int k = 0; k < values.length; k++) {
            for (int p = 0; p < where[k].length; p++) {
                if (where[k][p]) {
                    all[q++] = values[k][p];
                }
            }
        }
        Arrays.sort(all);
        double med = all[n / 2];
        for (int x = 0; x < n; x++) {
            all[x] = (float) Math.abs(all[x] - med);
        }
        Arrays.sort(all);
        return new double[] {med, 1.4826 * all[n / 2]};
    }

    /** The 26-connected regions of {@code grow} that hold a seed. */
    private static List<boolean[][]> hysteresis(boolean[][] seed, boolean[][] grow, int cols, int rows) {
        int slices = seed.length;
        int plane = cols * rows;
        boolean[][] done = new boolean[slices][plane];
        List<boolean[][]> out = new ArrayList<>();
        int[] stack = new int[1024];
        for (int k0 = 0; k0 < slices; k0++) {
            for (int p0 = 0; p0 < plane; p0++) {
                if (!seed[k0][p0] || done[k0][p0]) {
                    continue;
                }
                boolean[][] region = new boolean[slices][];
                int top = 0;
                stack[top++] = k0 * plane + p0;
                done[k0][p0] = true;
                while (top > 0) {
                    int x = stack[--top];
                    int k = x / plane;
                    int p = x % plane;
                    if (region[k] == null) {
                        region[k] = new boolean[plane];
                    }
                    region[k][p] = true;
                    int i = p % cols;
                    int j = p / cols;
                    for (int dk = -1; dk <= 1; dk++) {
                        int kk = k + dk;
                        if (kk < 0 || kk >= slices) {
                            continue;
                        }
                        for (int dj = -1; dj <= 1; dj++) {
                            int jj = j + dj;
                            if (jj < 0 || jj >= rows) {
                                continue;
                            }
                            for (int di = -1; di <= 1; di++) {
                                int ii = i + di;
                                int q = jj * cols + ii;
                                if (ii < 0 || ii >= cols || done[kk][q] || !grow[kk][q]) {
                                    continue;
                                }
                                done[kk][q] = true;
                                if (top == stack.length) {
                                    stack = Arrays.copyOf(stack, stack.length * 2);
                                }
                                stack[top++] = kk * plane + q;
                            }
                        }
                    }
                }
                for (int k = 0; k < slices; k++) {
                    if (region[k] == null) {
                        region[k] = new boolean[plane];
                    }
                }
                out.add(region);
            }
        }
        return out;
    }

    /**
     * A region split around its strongest departures: peaks picked greedily, strongest first, at
     * least {@code spacingMm} apart, and each voxel given to its nearest peak. A lesion joined to a
     * dark fissure or the hilum by a thin band of departure keeps its own click.
     */
    static List<boolean[][]> splitAtPeaks(boolean[][] region, float[][] strength, LiverCrop c, double spacingMm) {
        double[] sp = c.spacingMm;
        int plane = c.cols * c.rows;
        List<int[]> voxels = new ArrayList<>();
        for (int k = 0; k < region.length; k++) {
            for (int p = 0; p < plane; p++) {
                if (region[k][p]) {
                    voxels.add(new int[] {k, p});
                }
            }
        }
        voxels.sort((a, b) -> Float.compare(strength[b[0]][b[1]], strength[a[0]][a[1]]));
        List<int[]> peaks = new ArrayList<>();
        double min2 = spacingMm * spacingMm;
        for (int[] v : voxels) {
            boolean far = true;
            for (int[] q : peaks) {
                if (dist2(v, q, c.cols, sp) < min2) {
                    far = false;
                    break;
                }
            }
            if (far) {
                peaks.add(v);
            }
        }
        if (peaks.size() == 1) {
            return java.util.Collections.singletonList(region);
        }
        List<boolean[][]> parts = new ArrayList<>();
        for (int x = 0; x < peaks.size(); x++) {
            parts.add(new boolean[region.length][plane]);
        }
        for (int[] v : voxels) {
            int best = 0;
            double bestD = Double.MAX_VALUE;
            for (int x = 0; x < peaks.size(); x++) {
                double d = dist2(v, peaks.get(x), c.cols, sp);
                if (d < bestD) {
                    bestD = d;
                    best = x;
                }
            }
            parts.get(best)[v[0]][v[1]] = true;
        }
        return parts;
    }

    private static double dist2(int[] a, int[] b, int cols, double[] sp) {
        double dx = (a[1] % cols - b[1] % cols) * sp[0];
        double dy = (a[1] / cols - b[1] / cols) * sp[1];
        double dz = (a[0] - b[0]) * sp[2];
        return dx * dx + dy * dy + dz * dz;
    }

    /** The candidate of a region, or null when it is under the minimum diameter. */
    private static Candidate describe(HuVolume ct, LiverCrop c, boolean[][] region, boolean hyper, float[][] mean,
                                      double median, double spread, float[][] tubes, Settings s) {
        double[] sp = c.spacingMm;
        double pixelMm2 = sp[0] * sp[1];
        long n = 0;
        long maxSlice = 0;
        double sumHu = 0;
        double sumLocal = 0;
        double vessel = 0;
        double[] sum = new double[3];
        double[] sq = new double[6];
        for (int k = 0; k < c.slices; k++) {
            long inSlice = 0;
            for (int p = 0; p < region[k].length; p++) {
                if (!region[k][p]) {
                    continue;
                }
                inSlice++;
                sumHu += c.hu[k][p];
                sumLocal += mean[k][p];
                vessel += tubes[k][p] > s.vesselThreshold() / 2 ? 1 : 0;
                double x = (p % c.cols) * sp[0];
                double y = (p / c.cols) * sp[1];
                double z = k * sp[2];
                sum[0] += x;
                sum[1] += y;
                sum[2] += z;
                sq[0] += x * x;
                sq[1] += y * y;
                sq[2] += z * z;
                sq[3] += x * y;
                sq[4] += x * z;
                sq[5] += y * z;
            }
            n += inSlice;
            maxSlice = Math.max(maxSlice, inSlice);
        }
        double minArea = Math.PI * s.minDiameterMm() * s.minDiameterMm() / 4;
        if (n == 0 || maxSlice * pixelMm2 < minArea) {
            return null;
        }
        double mx = sum[0] / n;
        double my = sum[1] / n;
        double mz = sum[2] / n;
        double[] ev = new double[3];
        // covariance of the voxel centres in mm; a one-slice region still has the slice's thickness
        Vesselness.eigenvalues(sq[0] / n - mx * mx + sp[0] * sp[0] / 12, sq[1] / n - my * my + sp[1] * sp[1] / 12,
                sq[2] / n - mz * mz + sp[2] * sp[2] / 12, sq[3] / n - mx * my, sq[4] / n - mx * mz, sq[5] / n - my * mz, ev);
        double elongation = Math.sqrt(Math.abs(ev[2]) / Math.max(1e-6, Math.abs(ev[1])));
        double local = sumLocal / n;
        // the region's voxel nearest its centroid: the click a reader would make
        org.liverlens.core.prompt.Prompt.Click centre = null;
        double best = Double.MAX_VALUE;
        for (int k = 0; k < c.slices; k++) {
            for (int p = 0; p < region[k].length; p++) {
                if (region[k][p]) {
                    double dx = (p % c.cols) * sp[0] - mx;
                    double dy = (p / c.cols) * sp[1] - my;
                    double dz = k * sp[2] - mz;
                    double d = dx * dx + dy * dy + dz * dz;
                    if (d < best) {
                        best = d;
                        centre = new org.liverlens.core.prompt.Prompt.Click(p % c.cols + c.i0, p / c.cols + c.j0, k + c.k0);
                    }
                }
            }
        }
        return new Candidate(c.toCt(region, ct.geometry()), centre, hyper, sumHu / n, local - median, (local - median) / spread,
                n * pixelMm2 * sp[2] / 1000.0, maxSlice * pixelMm2, elongation, vessel / n);
    }
}
