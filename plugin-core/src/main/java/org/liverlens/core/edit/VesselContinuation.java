package org.liverlens.core.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * Continues vessels through a filled region, slice by slice: where a bright vessel (3 × 3 mean above
 * parenchyma + max(25 HU, 2.5 SD), as {@code synth.VesselMask} finds them) enters the ring of liver just
 * outside the region, and another enters on the far side in line with it (both vessels run on along the
 * line that joins them, with similar HU and width), a tube of the vessels' HU (interpolated from one end
 * to the other) and width is laid through the region over the fill, which keeps its noise. Vessels that
 * end in the region, leave it through another slice, or bend are not continued: the fill stays
 * parenchyma there. Writes only region voxels.
 */
final class VesselContinuation {
    /** Width of the ring outside the region where vessel entries are looked for. */
    static final double RING_MM = 2.0;
    /** Largest vessel radius drawn. */
    static final double MAX_RADIUS_MM = 6;

    private VesselContinuation() {
    }

    private record Entry(double x, double y, double hu, double radiusVox) {
    }

    /**
     * Lays the paired vessels of every slice of box {@code b} into {@code fill} (region voxels only);
     * {@code hu} holds the box's values before the edit. Returns how many vessels were continued.
     */
    static int apply(EditBox b, float[] hu, float[] fill, boolean[] region, boolean[] liver, boolean[] exclude,
                     double parenchymaHu, double parenchymaSd) {
        double threshold = parenchymaHu + Math.max(25, 2.5 * parenchymaSd);
        int ring = Math.max(1, (int) Math.ceil(RING_MM / b.spacingMm[0]));
        int continued = 0;
        for (int z = 0; z < b.nz; z++) {
            float[] smooth = ParenchymaFill.mean3x3(b, hu, null, z);
            List<Entry> entries = entries(b, hu, smooth, region, liver, exclude, z, ring, threshold);
            boolean[] used = new boolean[entries.size()];
            while (true) {
                int bi = -1;
                int bj = -1;
                double best = Double.MAX_VALUE;
                for (int i = 0; i < entries.size(); i++) {
                    for (int j = i + 1; j < entries.size(); j++) {
                        if (used[i] || used[j]) {
                            continue;
                        }
                        double c = cost(b, entries.get(i), entries.get(j), smooth, region, z, threshold, parenchymaHu);
                        if (c < best) {
                            best = c;
                            bi = i;
                            bj = j;
                        }
                    }
                }
                if (bi < 0) {
                    break;
                }
                used[bi] = true;
                used[bj] = true;
                draw(b, fill, region, z, entries.get(bi), entries.get(bj), parenchymaHu);
                continued++;
            }
        }
        return continued;
    }

    /** Components of bright ring voxels (8-connected) as entries: centroid, mean HU, radius from the area. */
    private static List<Entry> entries(EditBox b, float[] hu, float[] smooth, boolean[] region, boolean[] liver,
                                       boolean[] exclude, int z, int ring, double threshold) {
        int nx = b.nx;
        int ny = b.ny;
        boolean[] bright = new boolean[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int q = b.index(x, y, z);
                if (region[q] || !liver[q] || exclude[q] || smooth[y * nx + x] <= threshold) {
                    continue;
                }
                boolean near = false;
                for (int dy = -ring; dy <= ring && !near; dy++) {
                    for (int dx = -ring; dx <= ring && !near; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        near = xx >= 0 && yy >= 0 && xx < nx && yy < ny && region[b.index(xx, yy, z)];
                    }
                }
                bright[y * nx + x] = near;
            }
        }
        List<Entry> out = new ArrayList<>();
        int[] stack = new int[nx * ny];
        for (int s = 0; s < bright.length; s++) {
            if (!bright[s]) {
                continue;
            }
            int top = 0;
            stack[top++] = s;
            bright[s] = false;
            double sx = 0;
            double sy = 0;
            double sh = 0;
            int n = 0;
            while (top > 0) {
                int p = stack[--top];
                int x = p % nx;
                int y = p / nx;
                sx += x;
                sy += y;
                sh += hu[b.index(x, y, z)];
                n++;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < nx && yy < ny && bright[yy * nx + xx]) {
                            bright[yy * nx + xx] = false;
                            stack[top++] = yy * nx + xx;
                        }
                    }
                }
            }
            if (n >= 2) {
                double radius = Math.min(MAX_RADIUS_MM / b.spacingMm[0], Math.max(1, 0.5 * n / ring));
                out.add(new Entry(sx / n, sy / n, sh / n, radius));
            }
        }
        return out;
    }

    /**
     * How well two entries make one vessel (lower is better), or MAX_VALUE when they do not: the line
     * between them runs mostly through the region, both vessels continue outward along it, and their
     * contrast and width agree within a factor of two.
     */
    private static double cost(EditBox b, Entry a, Entry c, float[] smooth, boolean[] region, int z,
                               double threshold, double parenchymaHu) {
        double dx = c.x() - a.x();
        double dy = c.y() - a.y();
        double len = Math.hypot(dx, dy);
        if (len < 3) {
            return Double.MAX_VALUE;
        }
        double ca = a.hu() - parenchymaHu;
        double cc = c.hu() - parenchymaHu;
        double ra = a.radiusVox();
        double rc = c.radiusVox();
        if (Math.max(ca, cc) > 2 * Math.min(ca, cc) || Math.max(ra, rc) > 2 * Math.min(ra, rc)) {
            return Double.MAX_VALUE;
        }
        int inside = 0;
        int samples = (int) Math.ceil(len * 2);
        for (int s = 0; s <= samples; s++) {
            int x = (int) Math.round(a.x() + dx * s / samples);
            int y = (int) Math.round(a.y() + dy * s / samples);
            inside += region[b.index(x, y, z)] ? 1 : 0;
        }
        double frac = inside / (samples + 1.0);
        if (frac < 0.5 || !runsOn(b, smooth, a, -dx / len, -dy / len, threshold)
                || !runsOn(b, smooth, c, dx / len, dy / len, threshold)) {
            return Double.MAX_VALUE;
        }
        return Math.abs(ca - cc) / Math.max(ca, cc) + Math.abs(ra - rc) / Math.max(ra, rc) + (1 - frac);
    }

    /** Whether the vessel at {@code e} is still bright 2-4 voxels further along (ux, uy), within a voxel sideways. */
    private static boolean runsOn(EditBox b, float[] smooth, Entry e, double ux, double uy, double threshold) {
        for (int t = 2; t <= 4; t++) {
            boolean any = false;
            for (int side = -1; side <= 1; side++) {
                int x = (int) Math.round(e.x() + ux * t - uy * side);
                int y = (int) Math.round(e.y() + uy * t + ux * side);
                any |= x >= 0 && y >= 0 && x < b.nx && y < b.ny && smooth[y * b.nx + x] > threshold;
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** The tube from a to c over the fill: region voxels within the radius get the vessel's contrast added, smoothly at the wall. */
    private static void draw(EditBox b, float[] fill, boolean[] region, int z, Entry a, Entry c, double parenchymaHu) {
        double dx = c.x() - a.x();
        double dy = c.y() - a.y();
        double len2 = dx * dx + dy * dy;
        for (int y = 0; y < b.ny; y++) {
            for (int x = 0; x < b.nx; x++) {
                int q = b.index(x, y, z);
                if (!region[q]) {
                    continue;
                }
                double s = Math.max(0, Math.min(1, ((x - a.x()) * dx + (y - a.y()) * dy) / len2));
                double dist = Math.hypot(x - (a.x() + s * dx), y - (a.y() + s * dy));
                double r = a.radiusVox() + s * (c.radiusVox() - a.radiusVox());
                double t = Math.max(0, Math.min(1, r + 0.5 - dist));
                double w = t * t * (3 - 2 * t);
                if (w > 0) {
                    double vessel = a.hu() + s * (c.hu() - a.hu());
                    fill[q] = Math.round(fill[q] + w * (vessel - parenchymaHu));
                }
            }
        }
    }
}
