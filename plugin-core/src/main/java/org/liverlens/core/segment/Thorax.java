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
        BitMask lungs = lungs(ct);
        if (lungs == null) {
            return result;
        }
        int cols = g.columns();
        int rows = g.rows();
        int reach = Math.max(1, (int) Math.round(REACH_MM / g.spacingMm()[0]));
        for (int k = 0; k < g.slices(); k++) {
            if (organ.isSliceEmpty(k) || lungs.isSliceEmpty(k)) {
                continue;
            }
            boolean[] lung = new boolean[cols * rows];
            for (int p = 0; p < lung.length; p++) {
                lung[p] = lungs.getIndex(k, p);
            }
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

    /** Lungs as described above, or null when none is in view. */
    static BitMask lungs(HuVolume ct) {
        VolumeGeometry g = ct.geometry();
        int cols = g.columns();
        int rows = g.rows();
        BitMask inside = new BitMask(g);
        boolean any = false;
        for (int k = 0; k < g.slices(); k++) {
            short[] hu = ct.slice(k);
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
        long minVoxels = Math.max(1, (long) Math.ceil(MIN_LUNG_ML / g.voxelVolumeMl()));
        Components.Labelling air = Components.label(inside, Components.Connectivity.FULL, minVoxels);
        boolean[] reachesTop = new boolean[air.count() + 1];
        if (!air.ids().isSliceEmpty(top)) {
            for (short id : air.ids().slice(top)) {
                reachesTop[id & 0xffff] = true;
            }
        }
        BitMask lungs = new BitMask(g);
        boolean found = false;
        for (int k = 0; k < g.slices(); k++) {
            if (air.ids().isSliceEmpty(k)) {
                continue;
            }
            short[] ids = air.ids().slice(k);
            for (int p = 0; p < ids.length; p++) {
                int id = ids[p] & 0xffff;
                if (id != 0 && reachesTop[id]) {
                    lungs.setIndex(k, p);
                    found = true;
                }
            }
        }
        return found ? lungs : null;
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
            int[] next = {i > 0 ? p - 1 : -1, i < cols - 1 ? p + 1 : -1, p - cols, p + cols};
            for (int q : next) {
                if (q >= 0 && q < hu.length && !out[q] && hu[q] <= AIR_HU) {
                    out[q] = true;
                    queue[tail++] = q;
                }
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
