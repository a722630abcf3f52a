package org.liverlens.core.volume;

import java.util.Arrays;

/**
 * Connected components of a {@link BitMask}: lesion instances from a tumour mask, the largest liver
 * component from a liver mask. Flood fill with an explicit queue (no recursion), so a component of
 * any size is fine; memory is one visited bit per voxel plus the queue.
 */
public final class Components {

    /** Which neighbours touch. */
    public enum Connectivity {
        /** Voxels sharing a face (6 neighbours). */
        FACE,
        /** Voxels sharing a face, an edge or a corner (26 neighbours). */
        FULL
    }

    /**
     * Components numbered 1…{@link #count()} in scan order (first voxel by slice, then row, then
     * column); {@code voxels[id]} is the size of component id ({@code voxels[0]} is 0).
     *
     * <p>A plain class, not a record: it holds a volume of component ids, the size of the CT, and
     * two labellings are never compared (a record would compare them by array identity, which
     * looks like value equality and is not).
     */
    public static final class Labelling {
        private final LabelVolume ids;
        private final long[] voxels;

        public Labelling(LabelVolume ids, long[] voxels) {
            this.ids = ids;
            this.voxels = voxels;
        }

        /** The component id of each voxel (0: not in any component). */
        public LabelVolume ids() {
            return ids;
        }

        /** {@code voxels()[id]}: the size of component id. */
        public long[] voxels() {
            return voxels;
        }

        public int count() {
            return voxels.length - 1;
        }

        /** The voxels of component {@code id} as a mask. */
        public BitMask mask(int id) {
            return ids.mask(id);
        }
    }

    private Components() {
    }

    /**
     * Floods the 26-connected component of {@code start} in a box array (indexed {@code (z * ny + y) *
     * nx + x}) through voxels where {@code passable} is true and {@code comp} is still 0, marking them
     * {@code label} in {@code comp}; {@code start} itself is taken whatever it holds. Returns how many
     * voxels it marked; they are {@code queue[0]} to {@code queue[n - 1]} ({@code queue} at least as long
     * as the box).
     */
    public static int floodBox(boolean[] passable, int[] comp, int start, int label, int[] queue, int nx, int ny,
                               int nz) {
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        comp[start] = label;
        while (head < tail) {
            int q = queue[head++];
            int x = q % nx;
            int y = (q / nx) % ny;
            int z = q / (nx * ny);
            for (int dz = -1; dz <= 1; dz++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        int zz = z + dz;
                        if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) {
                            continue;
                        }
                        int w = (zz * ny + yy) * nx + xx;
                        if (comp[w] == 0 && passable[w]) {
                            comp[w] = label;
                            queue[tail++] = w;
                        }
                    }
                }
            }
        }
        return tail;
    }

    /** Every component, whatever its size. */
    public static Labelling label(BitMask mask, Connectivity connectivity) {
        return label(mask, connectivity, 1);
    }

    /**
     * The components of at least {@code minVoxels} voxels; smaller ones are left out (label 0) and
     * take no number.
     *
     * @throws IllegalStateException when more than {@link LabelVolume#MAX_LABEL} components qualify
     */
    public static Labelling label(BitMask mask, Connectivity connectivity, long minVoxels) {
        VolumeGeometry g = mask.geometry();
        LabelVolume ids = new LabelVolume(g);
        BitMask seen = new BitMask(g);
        long[] sizes = new long[16];
        int next = 1;
        Queue queue = new Queue();
        Queue members = new Queue();
        int columns = g.columns();
        int rows = g.rows();
        int slices = g.slices();
        int perSlice = columns * rows;
        int[][] offsets = offsets(connectivity);
        for (int k = 0; k < slices; k++) {
            if (mask.isSliceEmpty(k)) {
                continue;
            }
            for (int p = 0; p < perSlice; p++) {
                if (!mask.getIndex(k, p) || seen.getIndex(k, p)) {
                    continue;
                }
                queue.clear();
                members.clear();
                seen.setIndex(k, p);
                queue.add(encode(k, p, perSlice));
                while (!queue.isEmpty()) {
                    long v = queue.poll();
                    members.add(v);
                    int vk = (int) (v / perSlice);
                    int vp = (int) (v % perSlice);
                    int vi = vp % columns;
                    int vj = vp / columns;
                    for (int[] o : offsets) {
                        int ni = vi + o[0];
                        int nj = vj + o[1];
                        int nk = vk + o[2];
                        if (ni < 0 || nj < 0 || nk < 0 || ni >= columns || nj >= rows || nk >= slices) {
                            continue;
                        }
                        int np = nj * columns + ni;
                        if (mask.getIndex(nk, np) && !seen.getIndex(nk, np)) {
                            seen.setIndex(nk, np);
                            queue.add(encode(nk, np, perSlice));
                        }
                    }
                }
                if (members.size() < minVoxels) {
                    continue;
                }
                if (next > LabelVolume.MAX_LABEL) {
                    throw new IllegalStateException("more than " + LabelVolume.MAX_LABEL + " components of at least "
                            + minVoxels + " voxels");
                }
                if (next >= sizes.length) {
                    sizes = Arrays.copyOf(sizes, sizes.length * 2);
                }
                sizes[next] = members.size();
                short id = (short) next;
                for (int m = 0; m < members.size(); m++) {
                    long v = members.get(m);
                    ids.slice((int) (v / perSlice))[(int) (v % perSlice)] = id;
                }
                next++;
            }
        }
        return new Labelling(ids, Arrays.copyOf(sizes, next));
    }

    /** The largest component (the first in scan order on a tie), or an empty mask when there is none. */
    public static BitMask largest(BitMask mask, Connectivity connectivity) {
        Labelling l = label(mask, connectivity);
        if (l.count() == 0) {
            return new BitMask(mask.geometry());
        }
        int best = 1;
        for (int id = 2; id <= l.count(); id++) {
            if (l.voxels()[id] > l.voxels()[best]) {
                best = id;
            }
        }
        return l.mask(best);
    }

    private static long encode(int k, int p, int perSlice) {
        return (long) k * perSlice + p;
    }

    private static int[][] offsets(Connectivity c) {
        if (c == Connectivity.FACE) {
            return new int[][] {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}};
        }
        int[][] o = new int[26][];
        int n = 0;
        for (int dk = -1; dk <= 1; dk++) {
            for (int dj = -1; dj <= 1; dj++) {
                for (int di = -1; di <= 1; di++) {
                    if (di != 0 || dj != 0 || dk != 0) {
                        o[n++] = new int[] {di, dj, dk};
                    }
                }
            }
        }
        return o;
    }

    /** A growable FIFO of voxel addresses (primitive, no boxing). */
    private static final class Queue {
        private long[] items = new long[1024];
        private int head;
        private int tail;

        void add(long v) {
            if (tail == items.length) {
                items = Arrays.copyOf(items, items.length * 2);
            }
            items[tail++] = v;
        }

        long poll() {
            return items[head++];
        }

        long get(int index) {
            return items[index];
        }

        boolean isEmpty() {
            return head == tail;
        }

        int size() {
            return tail;
        }

        void clear() {
            head = 0;
            tail = 0;
        }
    }
}
