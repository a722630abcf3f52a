package org.liverlens.core.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.liverlens.core.volume.Components;

/**
 * Continues vessels through a filled region, slice by slice: where a bright vessel (3 × 3 mean above
 * parenchyma + max(25 HU, 2.5 SD), as {@code synth.VesselMask} finds them) enters the ring of liver just
 * outside the region, and another enters on the far side in line with it (both vessels run on along the
 * line that joins them, with similar HU and width), a tube of the vessels' HU (interpolated from one end
 * to the other) and width is laid through the region over the fill, which keeps its noise. A second pass
 * does the same in 3D for vessels that enter and leave the region in different slices (straight tubes in
 * mm). Vessels that end in the region or bend are not continued: the fill stays parenchyma there. Writes
 * only region voxels.
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
     * Lays the paired vessels of box {@code b} into {@code fill} (region voxels only): those of every slice
     * (the in-plane pass), then those that cross the region through the slices (the 3D pass, below); {@code hu}
     * holds the box's values before the edit. Returns how many vessels were continued.
     */
    static int apply(EditBox b, float[] hu, float[] fill, boolean[] region, boolean[] liver, boolean[] exclude,
                     double parenchymaHu, double parenchymaSd) {
        double threshold = parenchymaHu + Math.max(25, 2.5 * parenchymaSd);
        int ring = Math.max(1, (int) Math.ceil(RING_MM / b.spacingMm[0]));
        int plane = b.nx * b.ny;
        float[] smooth3d = new float[hu.length];
        for (int z = 0; z < b.nz; z++) {
            System.arraycopy(ParenchymaFill.mean3x3(b, hu, null, z), 0, smooth3d, z * plane, plane);
        }
        return inPlane(b, hu, smooth3d, fill, region, liver, exclude, threshold, ring, parenchymaHu)
                + across(b, hu, smooth3d, fill, region, liver, exclude, threshold, ring, parenchymaHu);
    }

    /** The in-plane pass over every slice; {@code smooth3d} is the box's 3 × 3 in-plane mean. */
    private static int inPlane(EditBox b, float[] hu, float[] smooth3d, float[] fill, boolean[] region,
                               boolean[] liver, boolean[] exclude, double threshold, int ring, double parenchymaHu) {
        int plane = b.nx * b.ny;
        int continued = 0;
        for (int z = 0; z < b.nz; z++) {
            float[] smooth = Arrays.copyOfRange(smooth3d, z * plane, (z + 1) * plane);
            List<Entry> entries = entries(b, hu, smooth, region, liver, exclude, z, ring, threshold);
            int zz = z;
            for (int[] pair : pairs(entries.size(), (i, j) -> cost(b, entries.get(i), entries.get(j), smooth, region,
                    zz, threshold, parenchymaHu))) {
                draw(b, fill, region, z, entries.get(pair[0]), entries.get(pair[1]), parenchymaHu);
                continued++;
            }
        }
        return continued;
    }

    /** Two entries' contrasts and widths agree within a factor of two. */
    private static boolean agree(double ca, double cc, double ra, double rc) {
        return Math.max(ca, cc) <= 2 * Math.min(ca, cc) && Math.max(ra, rc) <= 2 * Math.min(ra, rc);
    }

    /** The cost of a pair that agrees: relative differences of contrast and width, and the share outside the region. */
    private static double score(double ca, double cc, double ra, double rc, double frac) {
        return Math.abs(ca - cc) / Math.max(ca, cc) + Math.abs(ra - rc) / Math.max(ra, rc) + (1 - frac);
    }

    private interface PairCost {
        double of(int i, int j);
    }

    /** Pairs of n entries, the cheapest first, each entry in one pair at most; pairs costing MAX_VALUE never. */
    private static List<int[]> pairs(int n, PairCost cost) {
        boolean[] used = new boolean[n];
        List<int[]> out = new ArrayList<>();
        while (true) {
            int bi = -1;
            int bj = -1;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (!used[i] && !used[j]) {
                        double c = cost.of(i, j);
                        if (c < best) {
                            best = c;
                            bi = i;
                            bj = j;
                        }
                    }
                }
            }
            if (bi < 0) {
                return out;
            }
            used[bi] = true;
            used[bj] = true;
            out.add(new int[] {bi, bj});
        }
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
        if (!agree(ca, cc, ra, rc)) {
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
        return score(ca, cc, ra, rc, frac);
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

    /**
     * Widest vessel the 3D pass continues, radius in mm: wider bright entries on the region's boundary are
     * vessels wrapped round a lesion (a large component along the boundary), not ones that cross it.
     */
    static final double MAX_RADIUS_3D_MM = 3;

    /** An entry of the 3D pass: centroid in voxels (x, y, z), mean HU, in-plane radius in voxels. */
    private record Entry3(double x, double y, double z, double hu, double radiusVox) {
    }

    /**
     * The vessels that cross the region obliquely or through the slice plane, which the in-plane pass
     * cannot pair: bright liver voxels (3 × 3 in-plane mean above the threshold) next to the region in
     * 3D (26-neighbours, or within the ring in-plane) are grouped into 26-connected entries; two entries
     * whose centroids lie at least half a slice apart in z pair as in the in-plane pass (the line between
     * them mostly inside the region, both vessels running on outward along it, contrast and width within
     * a factor of two, neither wider than {@link #MAX_RADIUS_3D_MM}; the best pairs first), and a straight
     * tube of their HU and width is laid through the region, measured in mm. Returns how many were
     * continued. Writes only region voxels.
     */
    private static int across(EditBox b, float[] hu, float[] smooth, float[] fill, boolean[] region, boolean[] liver,
                              boolean[] exclude, double threshold, int ring, double parenchymaHu) {
        List<Entry3> entries = entries3d(b, hu, smooth, region, liver, exclude, ring, threshold);
        int continued = 0;
        for (int[] pair : pairs(entries.size(), (i, j) -> cost3d(b, entries.get(i), entries.get(j), smooth, region,
                threshold, parenchymaHu))) {
            draw3d(b, fill, region, entries.get(pair[0]), entries.get(pair[1]), parenchymaHu);
            continued++;
        }
        return continued;
    }

    private static List<Entry3> entries3d(EditBox b, float[] hu, float[] smooth, boolean[] region, boolean[] liver,
                                          boolean[] exclude, int ring, double threshold) {
        int nx = b.nx;
        int ny = b.ny;
        int plane = nx * ny;
        boolean[] bright = new boolean[hu.length];
        for (int z = 0; z < b.nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int q = b.index(x, y, z);
                    if (region[q] || !liver[q] || exclude[q] || smooth[q] <= threshold) {
                        continue;
                    }
                    boolean near = false;
                    for (int dz = -1; dz <= 1 && !near; dz++) {
                        int r = dz == 0 ? ring : 1;
                        for (int dy = -r; dy <= r && !near; dy++) {
                            for (int dx = -r; dx <= r && !near; dx++) {
                                int xx = x + dx;
                                int yy = y + dy;
                                int zz = z + dz;
                                near = xx >= 0 && yy >= 0 && zz >= 0 && xx < nx && yy < ny && zz < b.nz
                                        && region[b.index(xx, yy, zz)];
                            }
                        }
                    }
                    bright[q] = near;
                }
            }
        }
        List<Entry3> out = new ArrayList<>();
        int[] comp = new int[hu.length];
        int[] queue = new int[hu.length];
        int label = 0;
        for (int s = 0; s < bright.length; s++) {
            if (!bright[s] || comp[s] != 0) {
                continue;
            }
            int n = Components.floodBox(bright, comp, s, ++label, queue, nx, ny, b.nz);
            double sx = 0;
            double sy = 0;
            double sz = 0;
            double sh = 0;
            Map<Integer, Integer> perSlice = new HashMap<>();
            for (int v = 0; v < n; v++) {
                int p = queue[v];
                sx += p % nx;
                sy += (p / nx) % ny;
                sz += p / plane;
                sh += hu[p];
                perSlice.merge(p / plane, 1, Integer::sum);
            }
            if (n >= 2) {
                int most = perSlice.values().stream().mapToInt(Integer::intValue).max().orElse(n);
                // the entry's widest slice taken as a disc: a vessel that runs along the boundary is long, not wide
                double radius = Math.min(MAX_RADIUS_MM / b.spacingMm[0], Math.max(1, Math.sqrt(most / Math.PI)));
                out.add(new Entry3(sx / n, sy / n, sz / n, sh / n, radius));
            }
        }
        return out;
    }

    private static double cost3d(EditBox b, Entry3 a, Entry3 c, float[] smooth, boolean[] region, double threshold,
                                 double parenchymaHu) {
        if (Math.abs(c.z() - a.z()) < 0.5) {
            return Double.MAX_VALUE; // in one slice: the in-plane pass's
        }
        double[] s = b.spacingMm;
        double dx = (c.x() - a.x()) * s[0];
        double dy = (c.y() - a.y()) * s[1];
        double dz = (c.z() - a.z()) * s[2];
        double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (len < 3 * s[0]) {
            return Double.MAX_VALUE;
        }
        double ca = a.hu() - parenchymaHu;
        double cc = c.hu() - parenchymaHu;
        double ra = a.radiusVox();
        double rc = c.radiusVox();
        if (!agree(ca, cc, ra, rc) || Math.max(ra, rc) * s[0] > MAX_RADIUS_3D_MM) {
            return Double.MAX_VALUE;
        }
        int inside = 0;
        int samples = (int) Math.ceil(len / s[0] * 2);
        for (int t = 0; t <= samples; t++) {
            int x = (int) Math.round(a.x() + (c.x() - a.x()) * t / samples);
            int y = (int) Math.round(a.y() + (c.y() - a.y()) * t / samples);
            int z = (int) Math.round(a.z() + (c.z() - a.z()) * t / samples);
            inside += region[b.index(x, y, z)] ? 1 : 0;
        }
        double frac = inside / (samples + 1.0);
        double[] u = {dx / len, dy / len, dz / len};
        if (frac < 0.5 || !runsOn3d(b, smooth, a, -1, u, threshold) || !runsOn3d(b, smooth, c, 1, u, threshold)) {
            return Double.MAX_VALUE;
        }
        return score(ca, cc, ra, rc, frac);
    }

    /** Whether the vessel at {@code e} is still bright 1.5-4.5 mm further along sign × u, within a voxel in-plane. */
    private static boolean runsOn3d(EditBox b, float[] smooth, Entry3 e, int sign, double[] u, double threshold) {
        double[] s = b.spacingMm;
        for (double t = 1.5; t <= 4.5; t += 1.5) {
            int x0 = (int) Math.round(e.x() + sign * u[0] * t / s[0]);
            int y0 = (int) Math.round(e.y() + sign * u[1] * t / s[1]);
            int z = (int) Math.round(e.z() + sign * u[2] * t / s[2]);
            boolean any = false;
            for (int dy = -1; dy <= 1 && !any; dy++) {
                for (int dx = -1; dx <= 1 && !any; dx++) {
                    int x = x0 + dx;
                    int y = y0 + dy;
                    any = x >= 0 && y >= 0 && z >= 0 && x < b.nx && y < b.ny && z < b.nz
                            && smooth[b.index(x, y, z)] > threshold;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** The straight tube from a to c (in mm) over the fill's region voxels, smoothly at the wall. */
    private static void draw3d(EditBox b, float[] fill, boolean[] region, Entry3 a, Entry3 c, double parenchymaHu) {
        double[] s = b.spacingMm;
        double dx = (c.x() - a.x()) * s[0];
        double dy = (c.y() - a.y()) * s[1];
        double dz = (c.z() - a.z()) * s[2];
        double len2 = dx * dx + dy * dy + dz * dz;
        for (int z = 0; z < b.nz; z++) {
            for (int y = 0; y < b.ny; y++) {
                for (int x = 0; x < b.nx; x++) {
                    int q = b.index(x, y, z);
                    if (!region[q]) {
                        continue;
                    }
                    double px = (x - a.x()) * s[0];
                    double py = (y - a.y()) * s[1];
                    double pz = (z - a.z()) * s[2];
                    double f = Math.max(0, Math.min(1, (px * dx + py * dy + pz * dz) / len2));
                    double dist = Math.sqrt(Math.pow(px - f * dx, 2) + Math.pow(py - f * dy, 2) + Math.pow(pz - f * dz, 2));
                    double r = (a.radiusVox() + f * (c.radiusVox() - a.radiusVox())) * s[0];
                    double t = Math.max(0, Math.min(1, (r + 0.5 * s[0] - dist) / s[0]));
                    double w = t * t * (3 - 2 * t);
                    if (w > 0) {
                        double vessel = a.hu() + f * (c.hu() - a.hu());
                        fill[q] = Math.round(fill[q] + w * (vessel - parenchymaHu));
                    }
                }
            }
        }
    }
}
