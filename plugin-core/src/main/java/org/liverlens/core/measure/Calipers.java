package org.liverlens.core.measure;

import java.util.Arrays;
import java.util.Objects;

/**
 * RECIST calipers on one slice: the longest in-plane diameter of a set of pixels and the longest
 * diameter perpendicular to it, in mm. Pixels are points at their centres, {@code (i·dx, j·dy)}
 * (DICOM row and column directions are orthogonal, so this is a Cartesian frame of the image
 * plane).
 *
 * <p>Lengths are <b>edge to edge</b>: the distance between the centres of the two extreme pixels
 * plus one pixel step along the measured direction ({@link #pixelStepMm}), so a lesion n pixels
 * across measures n × spacing, as when counting pixels or placing calipers on the outer edges of
 * the outermost pixels. Centre to centre would measure it as (n − 1) × spacing.
 */
public final class Calipers {

    /**
     * The two axes on one slice, edge to edge in mm, with the centres of their end pixels
     * ({i0, j0, i1, j1}, pixel indexes).
     */
    record Axes(double longMm, double shortMm, int[] longEnds, int[] shortEnds) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Axes a && Double.compare(longMm, a.longMm) == 0 && Double.compare(shortMm, a.shortMm) == 0
                    && Arrays.equals(longEnds, a.longEnds) && Arrays.equals(shortEnds, a.shortEnds);
        }

        @Override
        public int hashCode() {
            return Objects.hash(longMm, shortMm, Arrays.hashCode(longEnds), Arrays.hashCode(shortEnds));
        }

        @Override
        public String toString() {
            return "Axes[longMm=" + longMm + ", shortMm=" + shortMm + ", longEnds=" + Arrays.toString(longEnds)
                    + ", shortEnds=" + Arrays.toString(shortEnds) + "]";
        }
    }

    private Calipers() {
    }

    /**
     * Measures the pixels {@code p = j * columns + i} of one slice.
     *
     * @param pixels   at least one pixel index, each once
     * @param dx       spacing between columns (mm)
     * @param dy       spacing between rows (mm)
     */
    static Axes measure(int[] pixels, int columns, double dx, double dy) {
        int n = pixels.length;
        if (n == 0) {
            throw new IllegalArgumentException("no pixels to measure");
        }
        int[] is = new int[n];
        int[] js = new int[n];
        for (int q = 0; q < n; q++) {
            is[q] = pixels[q] % columns;
            js[q] = pixels[q] / columns;
        }
        int[] hull = convexHull(is, js);
        // Longest diameter: the farthest pair of hull vertices (the farthest pixel centres lie on the hull).
        int a = hull[0];
        int b = hull[0];
        double best = -1;
        for (int x = 0; x < hull.length; x++) {
            for (int y = x + 1; y < hull.length; y++) {
                double d = dist(is[hull[x]], js[hull[x]], is[hull[y]], js[hull[y]], dx, dy);
                if (d > best + 1e-9) {
                    best = d;
                    a = hull[x];
                    b = hull[y];
                }
            }
        }
        if (best <= 0) {
            // A single pixel: its extent, the longer side as the long axis.
            int[] ends = {is[a], js[a], is[a], js[a]};
            return new Axes(Math.max(dx, dy), Math.min(dx, dy), ends, ends.clone());
        }
        // Unit vectors in mm: u along the long axis, v perpendicular to it.
        double ux = (is[b] - is[a]) * dx / best;
        double uy = (js[b] - js[a]) * dy / best;
        double vx = -uy;
        double vy = ux;
        double longMm = best + pixelStepMm(ux, uy, dx, dy);

        // Short axis: for each line perpendicular to u, the extent along v of the pixels it passes
        // through (|t - t0| below half the pixel's width along u); the longest such chord, and of
        // equally long ones the one nearest the middle of the long axis.
        double half = 0.5 * (Math.abs(ux) * dx + Math.abs(uy) * dy) - 1e-9;
        Integer[] order = new Integer[n];
        double[] t = new double[n];
        double[] s = new double[n];
        for (int q = 0; q < n; q++) {
            double x = is[q] * dx;
            double y = js[q] * dy;
            t[q] = x * ux + y * uy;
            s[q] = x * vx + y * vy;
            order[q] = q;
        }
        Arrays.sort(order, (p1, p2) -> Double.compare(t[p1], t[p2]));
        int[] minDeque = new int[n];
        int[] maxDeque = new int[n];
        int minHead = 0;
        int minTail = 0;
        int maxHead = 0;
        int maxTail = 0;
        int lo = 0;
        int hi = 0;
        double bestShort = -1;
        double bestOffset = Double.MAX_VALUE;
        double tMid = 0.5 * ((is[a] * dx * ux + js[a] * dy * uy) + (is[b] * dx * ux + js[b] * dy * uy));
        int sa = order[0];
        int sb = order[0];
        for (int c = 0; c < n; c++) {
            double t0 = t[order[c]];
            if (c > 0 && t0 == t[order[c - 1]]) {
                continue;
            }
            while (hi < n && t[order[hi]] < t0 + half) {
                int q = order[hi];
                while (minTail > minHead && s[minDeque[minTail - 1]] >= s[q]) {
                    minTail--;
                }
                minDeque[minTail++] = q;
                while (maxTail > maxHead && s[maxDeque[maxTail - 1]] <= s[q]) {
                    maxTail--;
                }
                maxDeque[maxTail++] = q;
                hi++;
            }
            while (t[order[lo]] <= t0 - half) {
                int q = order[lo];
                if (minDeque[minHead] == q) {
                    minHead++;
                }
                if (maxDeque[maxHead] == q) {
                    maxHead++;
                }
                lo++;
            }
            int qMin = minDeque[minHead];
            int qMax = maxDeque[maxHead];
            double extent = s[qMax] - s[qMin];
            double offset = Math.abs(t0 - tMid);
            // Of equally long chords, the one nearest the middle of the long axis.
            if (extent > bestShort + 1e-9 || (extent > bestShort - 1e-9 && offset < bestOffset - 1e-9)) {
                bestShort = extent;
                bestOffset = offset;
                sa = qMin;
                sb = qMax;
            }
        }
        double shortMm = bestShort + pixelStepMm(vx, vy, dx, dy);
        return new Axes(longMm, Math.min(shortMm, longMm), new int[] {is[a], js[a], is[b], js[b]},
                new int[] {is[sa], js[sa], is[sb], js[sb]});
    }

    /**
     * Length of one pixel step along the unit direction (ux, uy) in mm: the distance covered when a
     * digital line in that direction advances by one pixel along its dominant axis. It is dx along
     * the rows, dy along the columns and dx·√2 along a diagonal of square pixels.
     */
    public static double pixelStepMm(double ux, double uy, double dx, double dy) {
        return 1.0 / Math.max(Math.abs(ux) / dx, Math.abs(uy) / dy);
    }

    private static double dist(int i0, int j0, int i1, int j1, double dx, double dy) {
        double x = (i1 - i0) * dx;
        double y = (j1 - j0) * dy;
        return Math.sqrt(x * x + y * y);
    }

    /**
     * Indexes of the convex hull vertices of the points (Andrew's monotone chain, collinear points
     * dropped), counter-clockwise; a single point or a line gives its extreme points.
     */
    static int[] convexHull(int[] xs, int[] ys) {
        int n = xs.length;
        Integer[] order = new Integer[n];
        for (int q = 0; q < n; q++) {
            order[q] = q;
        }
        Arrays.sort(order, (p, q) -> xs[p] != xs[q] ? Integer.compare(xs[p], xs[q]) : Integer.compare(ys[p], ys[q]));
        if (n == 1) {
            return new int[] {order[0]};
        }
        int[] hull = new int[2 * n];
        int h = 0;
        for (int q = 0; q < n; q++) {
            int p = order[q];
            while (h >= 2 && cross(xs, ys, hull[h - 2], hull[h - 1], p) <= 0) {
                h--;
            }
            hull[h++] = p;
        }
        int lower = h + 1;
        for (int q = n - 2; q >= 0; q--) {
            int p = order[q];
            while (h >= lower && cross(xs, ys, hull[h - 2], hull[h - 1], p) <= 0) {
                h--;
            }
            hull[h++] = p;
        }
        return Arrays.copyOf(hull, Math.max(1, h - 1));
    }

    private static long cross(int[] xs, int[] ys, int o, int a, int b) {
        return (long) (xs[a] - xs[o]) * (ys[b] - ys[o]) - (long) (ys[a] - ys[o]) * (xs[b] - xs[o]);
    }
}
