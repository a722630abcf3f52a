package org.liverlens.core.volume;

import java.util.Arrays;

/**
 * An unsigned integer label (0 … 65535, 0 = background) per voxel on a grid, one {@code short[]}
 * per slice in row-major order ({@code p = j * columns + i}); slices are allocated on first write,
 * so an empty 512×512×400 map costs nothing and a full one 200 MB. What NIfTI/NRRD label maps and
 * the output of a segmentation network are read into.
 */
public final class LabelVolume {
    /** The largest label value a voxel can hold. */
    public static final int MAX_LABEL = 65535;

    private final VolumeGeometry geometry;
    private final short[][] slices;
    private final int voxelsPerSlice;

    public LabelVolume(VolumeGeometry geometry) {
        this.geometry = geometry;
        long perSlice = (long) geometry.columns() * geometry.rows();
        if (perSlice > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a slice of " + geometry.columns() + "×" + geometry.rows()
                    + " voxels is too large");
        }
        this.voxelsPerSlice = (int) perSlice;
        this.slices = new short[geometry.slices()][];
    }

    public VolumeGeometry geometry() {
        return geometry;
    }

    public int get(int i, int j, int k) {
        short[] s = slices[k];
        return s == null ? 0 : s[j * geometry.columns() + i] & 0xffff;
    }

    public void set(int i, int j, int k, int label) {
        checkLabel(label);
        if (label == 0 && slices[k] == null) {
            return;
        }
        slice(k)[j * geometry.columns() + i] = (short) label;
    }

    /** Label of voxel {@code p = j * columns + i} of slice {@code k}. */
    public int getIndex(int k, int p) {
        short[] s = slices[k];
        return s == null ? 0 : s[p] & 0xffff;
    }

    /**
     * The labels of slice {@code k} as unsigned shorts, row-major (allocated on first call): the live
     * data, not a copy. Read a value with {@code & 0xffff}.
     */
    public short[] slice(int k) {
        if (slices[k] == null) {
            slices[k] = new short[voxelsPerSlice];
        }
        return slices[k];
    }

    public boolean isSliceEmpty(int k) {
        short[] s = slices[k];
        if (s == null) {
            return true;
        }
        for (short v : s) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** Voxels per label value: {@code histogram()[v]} voxels hold label v (index 0 = background). */
    public long[] histogram() {
        long[] h = new long[MAX_LABEL + 1];
        for (int k = 0; k < slices.length; k++) {
            short[] s = slices[k];
            if (s == null) {
                h[0] += voxelsPerSlice;
                continue;
            }
            for (short v : s) {
                h[v & 0xffff]++;
            }
        }
        return h;
    }

    /** The non-zero label values present, ascending. */
    public int[] labels() {
        long[] h = histogram();
        return java.util.stream.IntStream.rangeClosed(1, MAX_LABEL).filter(v -> h[v] > 0).toArray();
    }

    /** The largest label value present (0 when empty). */
    public int maxLabel() {
        int max = 0;
        for (short[] s : slices) {
            if (s != null) {
                for (short v : s) {
                    max = Math.max(max, v & 0xffff);
                }
            }
        }
        return max;
    }

    public long count(int label) {
        long n = 0;
        for (int k = 0; k < slices.length; k++) {
            n += countSlice(label, k);
        }
        return n;
    }

    public long countSlice(int label, int k) {
        short[] s = slices[k];
        if (s == null) {
            return label == 0 ? voxelsPerSlice : 0;
        }
        short want = (short) label;
        long n = 0;
        for (short v : s) {
            if (v == want) {
                n++;
            }
        }
        return n;
    }

    /** Inclusive bounding box {iMin, jMin, kMin, iMax, jMax, kMax} of one label, or {@code null} when absent. */
    public int[] boundingBox(int label) {
        checkLabel(label);
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        short want = (short) label;
        int columns = geometry.columns();
        for (int k = 0; k < slices.length; k++) {
            short[] s = slices[k];
            if (s == null) {
                if (label == 0) {
                    extend(box, 0, 0, k);
                    extend(box, columns - 1, geometry.rows() - 1, k);
                }
                continue;
            }
            for (int p = 0; p < s.length; p++) {
                if (s[p] == want) {
                    extend(box, p % columns, p / columns, k);
                }
            }
        }
        return box[3] < 0 ? null : box;
    }

    private static void extend(int[] box, int i, int j, int k) {
        box[0] = Math.min(box[0], i);
        box[1] = Math.min(box[1], j);
        box[2] = Math.min(box[2], k);
        box[3] = Math.max(box[3], i);
        box[4] = Math.max(box[4], j);
        box[5] = Math.max(box[5], k);
    }

    /** The voxels holding {@code label}, as a new mask on the same grid. */
    public BitMask mask(int label) {
        checkLabel(label);
        BitMask m = new BitMask(geometry);
        short want = (short) label;
        for (int k = 0; k < slices.length; k++) {
            short[] s = slices[k];
            if (s == null) {
                continue;
            }
            for (int p = 0; p < s.length; p++) {
                if (s[p] == want) {
                    m.setIndex(k, p);
                }
            }
        }
        return m;
    }

    /**
     * Writes {@code label} into every voxel set in {@code mask} (same grid size) and returns how many
     * of those voxels already held another non-zero label (they are overwritten).
     */
    public long paint(BitMask mask, int label) {
        checkLabel(label);
        if (!Arrays.equals(mask.geometry().size(), geometry.size())) {
            throw new IllegalArgumentException("mask grid " + Arrays.toString(mask.geometry().size())
                    + " is not the label volume's " + Arrays.toString(geometry.size()));
        }
        long overwritten = 0;
        for (int k = 0; k < slices.length; k++) {
            if (mask.isSliceEmpty(k)) {
                continue;
            }
            long[] words = mask.words(k);
            short[] s = slice(k);
            for (int w = 0; w < words.length; w++) {
                long word = words[w];
                while (word != 0) {
                    int p = (w << 6) + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                    if (s[p] != 0 && (s[p] & 0xffff) != label) {
                        overwritten++;
                    }
                    s[p] = (short) label;
                }
            }
        }
        return overwritten;
    }

    /** True when both volumes have the same grid size and the same label in every voxel (geometry is not compared). */
    public boolean sameLabels(LabelVolume other) {
        if (!Arrays.equals(other.geometry.size(), geometry.size())) {
            return false;
        }
        for (int k = 0; k < slices.length; k++) {
            boolean ea = isSliceEmpty(k);
            boolean eb = other.isSliceEmpty(k);
            if (ea != eb || (!ea && !Arrays.equals(slices[k], other.slices[k]))) {
                return false;
            }
        }
        return true;
    }

    private static void checkLabel(int label) {
        if (label < 0 || label > MAX_LABEL) {
            throw new IllegalArgumentException("a label must be 0…" + MAX_LABEL + ", got " + label);
        }
    }
}
