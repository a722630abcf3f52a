package org.liverlens.core.segment;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

import org.liverlens.core.volume.DistanceMap;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Splits the network's lesions that are several lesions merged: a lesion that holds two or more cores,
 * of high tumour probability joined by a saddle of lower probability, or (by shape) of depth inside the
 * lesion joined by a neck, is divided by a watershed on that value, the watershed line set to liver.
 * docs/models.md, "Lesion rules".
 *
 * @param levels     levels tried in order (probability 0…1, or depth in mm by shape); the first at which
 *                   a lesion falls into two or more cores decides its split
 * @param minCoreMl  least volume of a core (smaller islands do not split a lesion)
 * @param byDistance true: the value is the depth of each voxel inside the lesion (mm to the nearest
 *                   voxel outside it); false: the network's tumour probability
 */
public record LesionOutline(double[] levels, double minCoreMl, boolean byDistance) {
    private static final int[][] NEIGHBOURS = neighbours();

    @Override
    public boolean equals(Object o) {
        return o instanceof LesionOutline t && toString().equals(t.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() { // every component, the levels by value (equals and hashCode rest on it)
        return "LesionOutline[" + java.util.Arrays.toString(levels) + ", " + minCoreMl + ", " + byDistance + "]";
    }

    /**
     * A copy of {@code labels} whose tumour voxels with a tumour probability under {@code minProbability}
     * become liver: the lesions' outlines drawn at that probability instead of where tumour is the
     * likeliest class.
     */
    public static LabelVolume atProbability(LabelVolume labels, TumourProbability p, double minProbability) {
        LabelVolume out = copy(labels);
        VolumeGeometry g = labels.geometry();
        for (int k = 0; k < g.slices(); k++) {
            if (out.isSliceEmpty(k)) {
                continue;
            }
            short[] s = out.slice(k);
            for (int q = 0; q < s.length; q++) {
                if (s[q] == Segmenter.TUMOUR && p.get(k, q) < minProbability) {
                    s[q] = Segmenter.LIVER;
                }
            }
        }
        return out;
    }

    /** A copy of {@code labels} with the merged lesions split. */
    public LabelVolume split(LabelVolume labels, TumourProbability p, LesionFeatures.Measured measured) {
        VolumeGeometry g = labels.geometry();
        LabelVolume out = copy(labels);
        LabelVolume ids = measured.components().ids();
        long minCore = Math.max(1, Math.round(minCoreMl / g.voxelVolumeMl()));
        for (LesionFeatures.Lesion l : measured.lesions()) {
            // the lesion's box and one voxel more (clamped), so that its depth sees the outside
            int[] lb = l.box();
            int[] b = {Math.max(0, lb[0] - 1), Math.min(g.columns() - 1, lb[1] + 1), Math.max(0, lb[2] - 1),
                Math.min(g.rows() - 1, lb[3] + 1), Math.max(0, lb[4] - 1), Math.min(g.slices() - 1, lb[5] + 1)};
            int nx = b[1] - b[0] + 1;
            int ny = b[3] - b[2] + 1;
            int nz = b[5] - b[4] + 1;
            int n = nx * ny * nz;
            boolean[] in = new boolean[n];
            boolean[] out0 = new boolean[n];
            float[] prob = new float[n];
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        int pp = (b[2] + y) * g.columns() + b[0] + x;
                        int q = (z * ny + y) * nx + x;
                        in[q] = (ids.getIndex(b[4] + z, pp) & 0xffff) == l.id();
                        out0[q] = !in[q];
                        prob[q] = (float) p.get(b[4] + z, pp);
                    }
                }
            }
            if (byDistance) {
                prob = DistanceMap.of(out0, nx, ny, nz, g.spacingMm());
            }
            int[] basin = null;
            for (double h : levels) {
                int[] cores = cores(in, prob, h, minCore, nx, ny, nz);
                if (cores != null) {
                    basin = cores;
                    break;
                }
            }
            if (basin == null) {
                continue;
            }
            flood(basin, in, prob, nx, ny, nz);
            // the watershed line: a voxel touching a basin of a lower number becomes liver
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        int q = (z * ny + y) * nx + x;
                        if (basin[q] <= 0) {
                            continue;
                        }
                        if (touchesLower(basin, q, x, y, z, nx, ny, nz)) {
                            out.set(b[0] + x, b[2] + y, b[4] + z, Segmenter.LIVER);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Basin numbers (1…) of the cores at level h, or null when there are fewer than two. */
    private static int[] cores(boolean[] in, float[] prob, double h, long minCore, int nx, int ny, int nz) {
        int n = in.length;
        int[] basin = new int[n];
        int next = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        java.util.List<Integer> members = new java.util.ArrayList<>();
        for (int s = 0; s < n; s++) {
            if (!in[s] || prob[s] < h || basin[s] != 0) {
                continue;
            }
            int id = ++next;
            basin[s] = id;
            queue.add(s);
            members.clear();
            while (!queue.isEmpty()) {
                int q = queue.poll();
                members.add(q);
                forNeighbours(q, nx, ny, nz, r -> {
                    if (in[r] && prob[r] >= h && basin[r] == 0) {
                        basin[r] = id;
                        queue.add(r);
                    }
                });
            }
            if (members.size() < minCore) {
                for (int q : members) {
                    basin[q] = -1; // too small to be a core; flooded later
                }
                next--;
            }
        }
        if (next < 2) {
            return null;
        }
        for (int q = 0; q < n; q++) {
            if (basin[q] < 0) {
                basin[q] = 0;
            }
        }
        return basin;
    }

    /** Grows the basins over the lesion, highest probability first. */
    private static void flood(int[] basin, boolean[] in, float[] prob, int nx, int ny, int nz) {
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, c) -> Long.compare(c[0], a[0]));
        long[] order = {0};
        for (int q = 0; q < basin.length; q++) {
            if (basin[q] > 0) {
                int id = basin[q];
                forNeighbours(q, nx, ny, nz, r -> {
                    if (in[r] && basin[r] == 0) {
                        queue.add(new long[] {key(prob[r], order[0]++), r, id});
                    }
                });
            }
        }
        while (!queue.isEmpty()) {
            long[] e = queue.poll();
            int q = (int) e[1];
            if (basin[q] != 0) {
                continue;
            }
            int id = (int) e[2];
            basin[q] = id;
            forNeighbours(q, nx, ny, nz, r -> {
                if (in[r] && basin[r] == 0) {
                    queue.add(new long[] {key(prob[r], order[0]++), r, id});
                }
            });
        }
    }

    /** Higher value first (probability, or depth in mm up to 2000), then first come first served. */
    private static long key(float p, long order) {
        return ((long) Math.round(p * 1_000_000) << 20) - order;
    }

    private static boolean touchesLower(int[] basin, int q, int x, int y, int z, int nx, int ny, int nz) {
        for (int[] d : NEIGHBOURS) {
            int xx = x + d[0];
            int yy = y + d[1];
            int zz = z + d[2];
            if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) {
                continue;
            }
            int r = (zz * ny + yy) * nx + xx;
            if (basin[r] > 0 && basin[r] < basin[q]) {
                return true;
            }
        }
        return false;
    }

    private static void forNeighbours(int q, int nx, int ny, int nz, java.util.function.IntConsumer f) {
        int x = q % nx;
        int y = (q / nx) % ny;
        int z = q / (nx * ny);
        for (int[] d : NEIGHBOURS) {
            int xx = x + d[0];
            int yy = y + d[1];
            int zz = z + d[2];
            if (xx >= 0 && yy >= 0 && zz >= 0 && xx < nx && yy < ny && zz < nz) {
                f.accept((zz * ny + yy) * nx + xx);
            }
        }
    }

    private static int[][] neighbours() {
        int[][] out = new int[26][];
        int n = 0;
        for (int dz = -1; dz <= 1; dz++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if (dx != 0 || dy != 0 || dz != 0) {
                        out[n++] = new int[] {dx, dy, dz};
                    }
                }
            }
        }
        return out;
    }

    static LabelVolume copy(LabelVolume labels) {
        VolumeGeometry g = labels.geometry();
        LabelVolume out = new LabelVolume(g);
        for (int k = 0; k < g.slices(); k++) {
            if (!labels.isSliceEmpty(k)) {
                System.arraycopy(labels.slice(k), 0, out.slice(k), 0, g.columns() * g.rows());
            }
        }
        return out;
    }
}
