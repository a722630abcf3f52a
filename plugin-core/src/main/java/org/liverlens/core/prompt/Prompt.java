package org.liverlens.core.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * What the user gave: positive clicks (on the lesion), negative clicks (not lesion) and/or a box
 * around the lesion on one axial slice, all in voxel indices of the CT grid (i column, j row, k slice
 * sorted by position). {@link #inside} checks it against a series; clicks in patient mm are converted
 * with {@link Click#fromMm}.
 */
public record Prompt(List<Click> positives, List<Click> negatives, Box box) {

    /** One voxel of the CT grid. */
    public record Click(int i, int j, int k) {
        /** The voxel nearest to an LPS point in mm. */
        public static Click fromMm(double[] mm, VolumeGeometry g) {
            double[] v = g.toVoxel(mm[0], mm[1], mm[2]);
            return new Click((int) Math.round(v[0]), (int) Math.round(v[1]), (int) Math.round(v[2]));
        }

        /**
         * The voxel of {@code lesion} nearest its centroid (in mm): the click a reader makes on a lesion,
         * and the prompt an automatic lesion becomes. Null when the mask is empty.
         */
        public static Click atCentroid(BitMask lesion) {
            VolumeGeometry g = lesion.geometry();
            double[] sp = g.spacingMm();
            double[] sum = new double[3];
            long n = 0;
            for (int k = 0; k < g.slices(); k++) {
                if (lesion.isSliceEmpty(k)) {
                    continue;
                }
                for (int p = 0; p < g.columns() * g.rows(); p++) {
                    if (lesion.getIndex(k, p)) {
                        sum[0] += p % g.columns();
                        sum[1] += p / g.columns();
                        sum[2] += k;
                        n++;
                    }
                }
            }
            Click best = null;
            double bestD = Double.MAX_VALUE;
            for (int k = 0; k < g.slices(); k++) {
                if (lesion.isSliceEmpty(k)) {
                    continue;
                }
                for (int p = 0; p < g.columns() * g.rows(); p++) {
                    if (lesion.getIndex(k, p)) {
                        double dx = (p % g.columns() - sum[0] / n) * sp[0];
                        double dy = (p / g.columns() - sum[1] / n) * sp[1];
                        double dz = (k - sum[2] / n) * sp[2];
                        double d = dx * dx + dy * dy + dz * dz;
                        if (d < bestD) {
                            bestD = d;
                            best = new Click(p % g.columns(), p / g.columns(), k);
                        }
                    }
                }
            }
            return best;
        }

        @Override
        public String toString() {
            return "(" + i + "," + j + "," + k + ")";
        }
    }

    /** An axis-aligned box on slice {@code k}, corners inclusive; it must span at least 2 voxels each way. */
    public record Box(int i0, int j0, int i1, int j1, int k) {
        public Box {
            if (i0 > i1) {
                int t = i0;
                i0 = i1;
                i1 = t;
            }
            if (j0 > j1) {
                int t = j0;
                j0 = j1;
                j1 = t;
            }
            if (i1 - i0 < 1 || j1 - j0 < 1) {
                throw new InvalidPromptException(String.format(Locale.ROOT, "the box %d,%d → %d,%d on slice %d has "
                        + "zero size (found %d × %d voxels)", i0, j0, i1, j1, k, i1 - i0, j1 - j0), null,
                        "give two opposite corners at least 2 voxels apart: --box X0,Y0,X1,Y1,Z");
            }
        }

        public Click centre() {
            return new Click((i0 + i1) / 2, (j0 + j1) / 2, k);
        }
    }

    public Prompt {
        positives = List.copyOf(positives == null ? List.of() : positives);
        negatives = List.copyOf(negatives == null ? List.of() : negatives);
        if (positives.isEmpty() && negatives.isEmpty() && box == null) {
            throw new InvalidPromptException("no click and no box were given", null,
                    "give at least one positive click (--point X,Y,Z) or a box (--box X0,Y0,X1,Y1,Z)");
        }
    }

    /** A single positive click. */
    public static Prompt click(int i, int j, int k) {
        return new Prompt(List.of(new Click(i, j, k)), List.of(), null);
    }

    /** This prompt with one more click. */
    public Prompt with(Click c, boolean positive) {
        List<Click> p = new ArrayList<>(positives);
        List<Click> n = new ArrayList<>(negatives);
        (positive ? p : n).add(c);
        return new Prompt(p, n, box);
    }

    /** Every click and box corner, or an {@link InvalidPromptException} naming the first outside the series. */
    public Prompt inside(VolumeGeometry g) {
        for (Click c : positives) {
            require(g, c.i(), c.j(), c.k(), "positive click " + c);
        }
        for (Click c : negatives) {
            require(g, c.i(), c.j(), c.k(), "negative click " + c);
        }
        if (box != null) {
            require(g, box.i0(), box.j0(), box.k(), "box corner (" + box.i0() + "," + box.j0() + "," + box.k() + ")");
            require(g, box.i1(), box.j1(), box.k(), "box corner (" + box.i1() + "," + box.j1() + "," + box.k() + ")");
        }
        return this;
    }

    private static void require(VolumeGeometry g, int i, int j, int k, String what) {
        if (!g.contains(i, j, k)) {
            throw new InvalidPromptException(String.format(Locale.ROOT, "the %s is outside the series, whose voxels "
                    + "are i 0…%d, j 0…%d, k 0…%d", what, g.columns() - 1, g.rows() - 1, g.slices() - 1), null,
                    "give voxel indices inside the series, or patient coordinates with --mm");
        }
    }
}
