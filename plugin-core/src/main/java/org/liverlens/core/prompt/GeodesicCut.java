package org.liverlens.core.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What a negative click removes: the part of a mask geodesically nearer to the click than to the
 * anchors (positive clicks, or the mask beyond the correction radius), through the mask, with steps
 * weighted by the HU change, and never farther than {@link RegionCompetition#CORRECTION_RADIUS_MM}.
 */
final class GeodesicCut {
    private GeodesicCut() {
    }

    /**
     * Clears the voxels of {@code m} that are geodesically nearer (through the mask, steps weighted by
     * the HU change) to {@code negative} than to any anchor, within {@link RegionCompetition#CORRECTION_RADIUS_MM}.
     */
    static void removeNearer(LocalRegion r, byte[] m, int negative, List<Integer> anchors) {
        if (m[negative] == 0) {
            return;
        }
        int n = m.length;
        double[] dist = new double[n];
        byte[] owner = new byte[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        PriorityQueue<double[]> q = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
        for (int a : anchors) {
            if (m[a] != 0 && a != negative) {
                dist[a] = 0;
                owner[a] = 1;
                q.add(new double[] {0, a});
            }
        }
        dist[negative] = 0;
        owner[negative] = 2;
        q.add(new double[] {0, negative});
        int plane = r.nx * r.ny;
        int[] steps = {-1, 1, -r.nx, r.nx, -plane, plane};
        double[] stepMm = {r.pixelMm, r.pixelMm, r.pixelMm, r.pixelMm, r.sliceMm, r.sliceMm};
        while (!q.isEmpty()) {
            double[] e = q.poll();
            int p = (int) e[1];
            if (e[0] > dist[p]) {
                continue;
            }
            int x = p % r.nx;
            int y = (p / r.nx) % r.ny;
            int z = p / plane;
            for (int s = 0; s < 6; s++) {
                if ((s == 0 && x == 0) || (s == 1 && x == r.nx - 1) || (s == 2 && y == 0) || (s == 3 && y == r.ny - 1)
                        || (s == 4 && z == 0) || (s == 5 && z == r.nz - 1)) {
                    continue;
                }
                int t = p + steps[s];
                if (m[t] == 0) {
                    continue;
                }
                double d = dist[p] + stepMm[s] * (1 + Math.abs(r.smooth[t] - r.smooth[p]) / 10);
                if (d < dist[t]) {
                    dist[t] = d;
                    owner[t] = owner[p];
                    q.add(new double[] {d, t});
                }
            }
        }
        int ni = negative % r.nx + r.i0;
        int nj = (negative / r.nx) % r.ny + r.j0;
        int nk = negative / plane + r.k0;
        Prompt.Click neg = new Prompt.Click(ni, nj, nk);
        for (int p = 0; p < n; p++) {
            if (owner[p] == 2 && nearClick(r, neg, p % r.nx + r.i0, (p / r.nx) % r.ny + r.j0, p / plane + r.k0)) {
                m[p] = 0;
            }
        }
    }

    /** The voxels of {@code m} at least half as far (mm) from the click as its farthest voxel. */
    static List<Integer> farHalf(LocalRegion r, byte[] m, Prompt.Click c) {
        double[] d = new double[m.length];
        double max = 0;
        int plane = r.nx * r.ny;
        for (int p = 0; p < m.length; p++) {
            if (m[p] != 0) {
                double dx = (p % r.nx + r.i0 - c.i()) * r.pixelMm;
                double dy = ((p / r.nx) % r.ny + r.j0 - c.j()) * r.pixelMm;
                double dz = (p / plane + r.k0 - c.k()) * r.sliceMm;
                d[p] = Math.sqrt(dx * dx + dy * dy + dz * dz);
                max = Math.max(max, d[p]);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < m.length; p++) {
            if (m[p] != 0 && d[p] >= max / 2) {
                out.add(p);
            }
        }
        return out;
    }

    static boolean nearClick(LocalRegion r, Prompt.Click c, int i, int j, int k) {
        double dx = (i - c.i()) * r.pixelMm;
        double dy = (j - c.j()) * r.pixelMm;
        double dz = (k - c.k()) * r.sliceMm;
        double r2 = RegionCompetition.CORRECTION_RADIUS_MM * RegionCompetition.CORRECTION_RADIUS_MM;
        return dx * dx + dy * dy + dz * dz <= r2;
    }
}
