package org.liverlens.core.segment;

import java.util.Arrays;

import org.liverlens.core.synth.RobustStats;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.DistanceMap;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Shrink-only refinement of each network lesion's edge from the CT: the network outlines lesions a few
 * millimetres too wide (a rim of 2-4 mm at high probability, and bands joining neighbours: docs/models.md,
 * "Oversized outlines"). Within the outer {@code shellMm} of a lesion, a voxel whose in-plane 3 × 3 median HU
 * looks like the liver around the lesion rather than like the lesion's core goes back to liver. With u
 * the voxel's position on the step from the ring's median HU (u = 0) to the core's (u = 1), it is
 * removed when {@code -fraction < u < fraction}: a rim brighter than the liver around a hypodense lesion
 * (u well below 0) and anything lesion-like stay. The core (deeper than {@code shellMm}) is never
 * touched, nothing is added, and what no longer connects to the core goes back to liver too. A lesion
 * whose core differs from its ring by less than {@link #MIN_STEP_HU} has no step to find and stays.
 */
public record LesionEdge(double shellMm, double fraction) {
    /** Liver voxels this far (mm) from a lesion make its ring. */
    static final double RING_INNER_MM = 2;
    static final double RING_OUTER_MM = 8;
    /** The least difference of core and ring medians, HU, for an edge to be refined. */
    static final double MIN_STEP_HU = 15;
    /** Fewer core (or ring) voxels than this: the whole lesion's median stands for the core (the edge is left alone). */
    private static final int MIN_VOXELS = 10;

    public LesionEdge {
        if (!(shellMm > 0 && shellMm <= 20) || !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("edge refinement: shell " + shellMm + " mm (0…20), fraction " + fraction
                    + " (0…1)");
        }
    }

    /** The labels with every lesion's edge refined; {@code labels} itself is not changed. */
    public LabelVolume apply(HuVolume ct, LabelVolume labels) {
        Components.Labelling comps = Components.label(labels.mask(Segmenter.TUMOUR), Components.Connectivity.FULL);
        LabelVolume out = LesionOutline.copy(labels);
        for (int id = 1; id <= comps.count(); id++) {
            refine(ct, labels, comps.mask(id), out);
        }
        return out;
    }

    private void refine(HuVolume ct, LabelVolume labels, BitMask lesion, LabelVolume out) {
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacingMm();
        int[] b = lesion.boundingBox();
        int mi = (int) Math.ceil(RING_OUTER_MM / sp[0]) + 1;
        int mj = (int) Math.ceil(RING_OUTER_MM / sp[1]) + 1;
        int mk = (int) Math.ceil(RING_OUTER_MM / sp[2]) + 1;
        int i0 = Math.max(0, b[0] - mi);
        int j0 = Math.max(0, b[1] - mj);
        int k0 = Math.max(0, b[2] - mk);
        int nx = Math.min(g.columns() - 1, b[3] + mi) - i0 + 1;
        int ny = Math.min(g.rows() - 1, b[4] + mj) - j0 + 1;
        int nz = Math.min(g.slices() - 1, b[5] + mk) - k0 + 1;
        int size = nx * ny * nz;
        boolean[] in = new boolean[size];
        boolean[] notIn = new boolean[size];
        short[] hu = new short[size];
        for (int z = 0; z < nz; z++) {
            short[] s = ct.slice(k0 + z);
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int q = (z * ny + y) * nx + x;
                    in[q] = lesion.get(i0 + x, j0 + y, k0 + z);
                    notIn[q] = !in[q];
                    hu[q] = s[(j0 + y) * g.columns() + i0 + x];
                }
            }
        }
        float[] depth = DistanceMap.of(notIn, nx, ny, nz, sp);
        float[] away = DistanceMap.of(in, nx, ny, nz, sp);
        short[] ring = new short[size];
        short[] core = new short[size];
        short[] all = new short[size];
        int nr = 0;
        int nc = 0;
        int na = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int q = (z * ny + y) * nx + x;
                    if (in[q]) {
                        all[na++] = hu[q];
                        if (depth[q] > shellMm) {
                            core[nc++] = hu[q];
                        }
                    } else if (away[q] > RING_INNER_MM && away[q] <= RING_OUTER_MM
                            && labels.get(i0 + x, j0 + y, k0 + z) == Segmenter.LIVER) {
                        ring[nr++] = hu[q];
                    }
                }
            }
        }
        if (nr < MIN_VOXELS || na == 0) {
            return;
        }
        double ringLevel = RobustStats.of(ring, nr).median();
        double coreLevel = (nc >= MIN_VOXELS ? RobustStats.of(core, nc) : RobustStats.of(all, na)).median();
        double step = coreLevel - ringLevel;
        if (Math.abs(step) < MIN_STEP_HU) {
            return;
        }
        boolean[] keep = new boolean[size];
        boolean any = false;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int q = (z * ny + y) * nx + x;
                    if (!in[q]) {
                        continue;
                    }
                    keep[q] = true;
                    if (depth[q] <= shellMm) {
                        double u = (median3x3(hu, x, y, z, nx, ny) - ringLevel) / step;
                        keep[q] = !(u > -fraction && u < fraction);
                    }
                    any |= keep[q];
                }
            }
        }
        boolean[] connected = any ? connectedToCore(keep, depth, nx, ny, nz) : keep;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int q = (z * ny + y) * nx + x;
                    if (in[q] && !connected[q]) {
                        out.set(i0 + x, j0 + y, k0 + z, Segmenter.LIVER);
                    }
                }
            }
        }
    }

    /**
     * The kept voxels 26-connected to the core (those deeper than the shell); without a core, the
     * largest kept component.
     */
    private boolean[] connectedToCore(boolean[] keep, float[] depth, int nx, int ny, int nz) {
        int size = keep.length;
        int[] comp = new int[size];
        int[] queue = new int[size];
        boolean cored = false;
        for (int q = 0; q < size; q++) {
            if (keep[q] && depth[q] > shellMm && comp[q] == 0) {
                Components.floodBox(keep, comp, q, 1, queue, nx, ny, nz);
                cored = true;
            }
        }
        int best = 1;
        if (!cored) {
            int bestSize = 0;
            int label = 0;
            for (int q = 0; q < size; q++) {
                if (keep[q] && comp[q] == 0) {
                    int n = Components.floodBox(keep, comp, q, ++label, queue, nx, ny, nz);
                    if (n > bestSize) {
                        bestSize = n;
                        best = label;
                    }
                }
            }
        }
        boolean[] out = new boolean[size];
        for (int q = 0; q < size; q++) {
            out[q] = comp[q] == best;
        }
        return out;
    }

    /** The in-plane 3 × 3 median: less noise, and a voxel between two tissues takes one side, not their mean. */
    private static double median3x3(short[] hu, int x, int y, int z, int nx, int ny) {
        short[] v = new short[9];
        int n = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < nx && yy < ny) {
                    v[n++] = hu[(z * ny + yy) * nx + xx];
                }
            }
        }
        Arrays.sort(v, 0, n);
        return v[n / 2];
    }
}
