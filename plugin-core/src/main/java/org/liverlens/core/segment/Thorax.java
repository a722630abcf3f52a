package org.liverlens.core.segment;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Finds the parts of an organ labelling that lie in the chest, between the lungs, where the heart
 * is and the liver never is (docs/models.md, "Post-processing"). The lungs are the air inside the
 * body ({@value #AIR_HU} HU and below, not connected in-plane to the air around the patient) in 3D
 * components of at least {@value #MIN_LUNG_ML} mL that reach the most superior slice: an abdominal CT
 * that shows the heart starts in the chest, and bowel gas never reaches its top slice there. On each
 * axial slice, an in-plane connected section of the organ is <b>between the lungs</b> when at least
 * {@value #MIN_ENCLOSED_SHARE} of its voxels lie on rows where lung is found within
 * {@value #REACH_MM} mm beyond both ends of the section, on opposite sides of the body's midline
 * (the right lung on one side, the left lung on the other). The heart sits exactly there; the
 * liver dome lies under one lung (the right), so its rows never see lung across the midline close
 * to both ends, and a liver section that spans the midline reaches the left lung only at its left
 * lobe's tip, on few rows.
 */
final class Thorax {
    static final int AIR_HU = -400;
    static final double MIN_LUNG_ML = 10;
    static final double MIN_ENCLOSED_SHARE = 0.5;
    static final double REACH_MM = 20;

    private Thorax() {
    }

    /** The organ voxels in sections between the lungs (empty when no lungs are in view). */
    static BitMask betweenLungs(HuVolume ct, BitMask organ) {
        VolumeGeometry g = ct.geometry();
        BitMask result = new BitMask(g);
        LungMap lungs = lungs(ct);
        if (lungs == null) {
            return result;
        }
        int cols = g.columns();
        int rows = g.rows();
        int reach = Math.max(1, (int) Math.round(REACH_MM / g.spacingMm()[0]));
        for (int k = 0; k < g.slices(); k++) {
            if (organ.isSliceEmpty(k) || lungs.bySlice()[k] == null) {
                continue;
            }
            boolean[] lung = lungs.fullSlice(k, cols, rows);
            double midline = bodyMidline(ct.slice(k), cols, rows);
            int[] section = sections(organ, k, cols, rows);
            int count = 0;
            for (int id : section) {
                count = Math.max(count, id);
            }
            // per section: rows' leftmost and rightmost column, voxels per row
            int[][] first = new int[count + 1][rows];
            int[][] last = new int[count + 1][rows];
            int[][] voxels = new int[count + 1][rows];
            for (int s = 1; s <= count; s++) {
                java.util.Arrays.fill(first[s], Integer.MAX_VALUE);
                java.util.Arrays.fill(last[s], -1);
            }
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < cols; i++) {
                    int s = section[j * cols + i];
                    if (s != 0) {
                        first[s][j] = Math.min(first[s][j], i);
                        last[s][j] = Math.max(last[s][j], i);
                        voxels[s][j]++;
                    }
                }
            }
            boolean[] between = new boolean[count + 1];
            for (int s = 1; s <= count; s++) {
                long all = 0;
                long enclosed = 0;
                for (int j = 0; j < rows; j++) {
                    if (voxels[s][j] == 0) {
                        continue;
                    }
                    all += voxels[s][j];
                    int a = -1;
                    for (int i = first[s][j] - 1; i >= Math.max(0, first[s][j] - reach) && a < 0; i--) {
                        a = lung[j * cols + i] ? i : -1;
                    }
                    int b = -1;
                    for (int i = last[s][j] + 1; i <= Math.min(cols - 1, last[s][j] + reach) && b < 0; i++) {
                        b = lung[j * cols + i] ? i : -1;
                    }
                    if (a >= 0 && b >= 0 && a < midline && b > midline) {
                        enclosed += voxels[s][j];
                    }
                }
                between[s] = enclosed >= MIN_ENCLOSED_SHARE * all;
            }
            for (int p = 0; p < section.length; p++) {
                if (section[p] != 0 && between[section[p]]) {
                    result.setIndex(k, p);
                }
            }
        }
        return result;
    }

    /**
     * The lungs on a grid coarser by {@code factor} in plane (pixels of about
     * {@value #LUNG_GRID_MM} mm, sampled at each block's first pixel: lungs are large, and this keeps
     * the search to a few hundred milliseconds on a 512² CT). {@code bySlice[k]} is null where the
     * slice holds no lung. A plain class: it holds arrays and is never compared.
     */
    static final class LungMap {
        private final int factor;
        private final int columns;
        private final boolean[][] bySlice;

        LungMap(int factor, int columns, boolean[][] bySlice) {
            this.factor = factor;
            this.columns = columns;
            this.bySlice = bySlice;
        }

        boolean[][] bySlice() {
            return bySlice;
        }

        /** The lung mask of slice k on the CT's own pixels. */
        boolean[] fullSlice(int k, int cols, int rows) {
            boolean[] out = new boolean[cols * rows];
            boolean[] coarse = bySlice[k];
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < cols; i++) {
                    int ci = Math.min(columns - 1, i / factor);
                    int cj = j / factor;
                    out[j * cols + i] = coarse[cj * columns + ci];
                }
            }
            return out;
        }
    }

    static final double LUNG_GRID_MM = 2.0;

    /** Lungs as described above, or null when none is in view. */
    static LungMap lungs(HuVolume ct) {
        VolumeGeometry g = ct.geometry();
        int f = Math.max(1, (int) Math.floor(LUNG_GRID_MM / g.spacingMm()[0]));
        int cols = (g.columns() + f - 1) / f;
        int rows = (g.rows() + f - 1) / f;
        VolumeGeometry coarse = new VolumeGeometry(new int[] {cols, rows, g.slices()}, g.originMm(),
                new double[] {g.spacingMm()[0] * f, g.spacingMm()[1] * f, g.spacingMm()[2]}, g.direction(0),
                g.direction(1), g.direction(2));
        BitMask inside = new BitMask(coarse);
        boolean any = false;
        short[] hu = new short[cols * rows];
        for (int k = 0; k < g.slices(); k++) {
            short[] full = ct.slice(k);
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < cols; i++) {
                    hu[j * cols + i] = full[Math.min(g.rows() - 1, j * f) * g.columns() + Math.min(g.columns() - 1, i * f)];
                }
            }
            boolean[] outside = outsideAir(hu, cols, rows);
            for (int p = 0; p < hu.length; p++) {
                if (hu[p] <= AIR_HU && !outside[p]) {
                    inside.setIndex(k, p);
                    any = true;
                }
            }
        }
        if (!any) {
            return null;
        }
        int top = g.direction(2)[2] >= 0 ? g.slices() - 1 : 0;
        long minVoxels = Math.max(1, (long) Math.ceil(MIN_LUNG_ML / coarse.voxelVolumeMl()));
        Components.Labelling air = Components.label(inside, Components.Connectivity.FULL, minVoxels);
        boolean[] reachesTop = new boolean[air.count() + 1];
        if (!air.ids().isSliceEmpty(top)) {
            for (short id : air.ids().slice(top)) {
                reachesTop[id & 0xffff] = true;
            }
        }
        boolean[][] bySlice = new boolean[g.slices()][];
        boolean found = false;
        for (int k = 0; k < g.slices(); k++) {
            if (air.ids().isSliceEmpty(k)) {
                continue;
            }
            short[] ids = air.ids().slice(k);
            for (int p = 0; p < ids.length; p++) {
                int id = ids[p] & 0xffff;
                if (id != 0 && reachesTop[id]) {
                    if (bySlice[k] == null) {
                        bySlice[k] = new boolean[ids.length];
                    }
                    bySlice[k][p] = true;
                    found = true;
                }
            }
        }
        return found ? new LungMap(f, cols, bySlice) : null;
    }

    /** Air connected in-plane (4-neighbours) to the slice's border: the air around the patient. */
    static boolean[] outsideAir(short[] hu, int cols, int rows) {
        boolean[] out = new boolean[hu.length];
        int[] queue = new int[hu.length];
        int tail = 0;
        for (int p = 0; p < hu.length; p++) {
            int i = p % cols;
            int j = p / cols;
            if ((i == 0 || j == 0 || i == cols - 1 || j == rows - 1) && hu[p] <= AIR_HU) {
                out[p] = true;
                queue[tail++] = p;
            }
        }
        for (int head = 0; head < tail; head++) {
            int p = queue[head];
            int i = p % cols;
            if (i > 0 && !out[p - 1] && hu[p - 1] <= AIR_HU) {
                out[p - 1] = true;
                queue[tail++] = p - 1;
            }
            if (i < cols - 1 && !out[p + 1] && hu[p + 1] <= AIR_HU) {
                out[p + 1] = true;
                queue[tail++] = p + 1;
            }
            if (p >= cols && !out[p - cols] && hu[p - cols] <= AIR_HU) {
                out[p - cols] = true;
                queue[tail++] = p - cols;
            }
            if (p + cols < hu.length && !out[p + cols] && hu[p + cols] <= AIR_HU) {
                out[p + cols] = true;
                queue[tail++] = p + cols;
            }
        }
        return out;
    }

    /** The middle column of the body (everything above air) on this slice. */
    private static double bodyMidline(short[] hu, int cols, int rows) {
        int lo = cols;
        int hi = -1;
        for (int p = 0; p < hu.length; p++) {
            if (hu[p] > AIR_HU) {
                lo = Math.min(lo, p % cols);
                hi = Math.max(hi, p % cols);
            }
        }
        return hi < 0 ? cols / 2.0 : (lo + hi) / 2.0;
    }

    /** In-plane 8-connected sections of the organ on slice k, numbered from 1 (0: not organ). */
    private static int[] sections(BitMask organ, int k, int cols, int rows) {
        int[] id = new int[cols * rows];
        int next = 0;
        int[] queue = new int[cols * rows];
        for (int start = 0; start < id.length; start++) {
            if (id[start] != 0 || !organ.getIndex(k, start)) {
                continue;
            }
            next++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            id[start] = next;
            while (head < tail) {
                int p = queue[head++];
                int i = p % cols;
                int j = p / cols;
                for (int dj = -1; dj <= 1; dj++) {
                    for (int di = -1; di <= 1; di++) {
                        int ii = i + di;
                        int jj = j + dj;
                        if (ii < 0 || jj < 0 || ii >= cols || jj >= rows) {
                            continue;
                        }
                        int q = jj * cols + ii;
                        if (id[q] == 0 && organ.getIndex(k, q)) {
                            id[q] = next;
                            queue[tail++] = q;
                        }
                    }
                }
            }
        }
        return id;
    }
}
