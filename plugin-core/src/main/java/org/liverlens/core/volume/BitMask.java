package org.liverlens.core.volume;

import java.util.Arrays;

/**
 * A binary mask on a volume grid, one bit per voxel (a 512×512×400 mask takes 13 MB), stored as
 * one {@code long[]} per slice in row-major order. Masks of different segments may overlap.
 */
public final class BitMask {
    private final VolumeGeometry geometry;
    private final long[][] slices;
    private final int wordsPerSlice;

    public BitMask(VolumeGeometry geometry) {
        this.geometry = geometry;
        int voxelsPerSlice = geometry.columns() * geometry.rows();
        this.wordsPerSlice = (voxelsPerSlice + 63) >>> 6;
        this.slices = new long[geometry.slices()][];
    }

    public VolumeGeometry geometry() {
        return geometry;
    }

    public boolean get(int i, int j, int k) {
        long[] s = slices[k];
        if (s == null) {
            return false;
        }
        int p = j * geometry.columns() + i;
        return (s[p >>> 6] & (1L << (p & 63))) != 0;
    }

    public void set(int i, int j, int k, boolean value) {
        int p = j * geometry.columns() + i;
        if (value) {
            words(k)[p >>> 6] |= 1L << (p & 63);
        } else if (slices[k] != null) {
            slices[k][p >>> 6] &= ~(1L << (p & 63));
        }
    }

    /** Sets voxel {@code p = j * columns + i} of slice {@code k}. */
    public void setIndex(int k, int p) {
        words(k)[p >>> 6] |= 1L << (p & 63);
    }

    public boolean getIndex(int k, int p) {
        long[] s = slices[k];
        return s != null && (s[p >>> 6] & (1L << (p & 63))) != 0;
    }

    /** True when slice {@code k} has no voxel set. */
    public boolean isSliceEmpty(int k) {
        long[] s = slices[k];
        if (s == null) {
            return true;
        }
        for (long w : s) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    public long countSlice(int k) {
        long[] s = slices[k];
        long n = 0;
        if (s != null) {
            for (long w : s) {
                n += Long.bitCount(w);
            }
        }
        return n;
    }

    /** The mean column and row {i, j} of slice {@code k}'s set voxels; {NaN, NaN} for an empty slice. */
    public double[] sliceCentroid(int k) {
        int cols = geometry.columns();
        double si = 0;
        double sj = 0;
        long n = 0;
        for (int p = 0; p < cols * geometry.rows(); p++) {
            if (getIndex(k, p)) {
                si += p % cols;
                sj += p / cols;
                n++;
            }
        }
        return new double[] {si / n, sj / n};
    }

    public long count() {
        long n = 0;
        for (int k = 0; k < slices.length; k++) {
            n += countSlice(k);
        }
        return n;
    }

    /**
     * The Dice overlap 2|A∩B| / (|A| + |B|) of this mask and {@code other} on the same grid (1 when
     * both are empty): how promptable and automatic masks are scored against a reference.
     */
    public double dice(BitMask other) {
        if (other.slices.length != slices.length) {
            throw new IllegalArgumentException("masks on different grids: " + slices.length + " and "
                    + other.slices.length + " slices");
        }
        long inter = 0;
        for (int k = 0; k < slices.length; k++) {
            if (isSliceEmpty(k) || other.isSliceEmpty(k)) {
                continue;
            }
            long[] x = words(k);
            long[] y = other.words(k);
            for (int w = 0; w < x.length; w++) {
                inter += Long.bitCount(x[w] & y[w]);
            }
        }
        long sum = count() + other.count();
        return sum == 0 ? 1 : 2.0 * inter / sum;
    }

    /** Inclusive bounding box {iMin, jMin, kMin, iMax, jMax, kMax}, or {@code null} when empty. */
    public int[] boundingBox() {
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        int columns = geometry.columns();
        for (int k = 0; k < slices.length; k++) {
            long[] s = slices[k];
            if (s == null) {
                continue;
            }
            for (int w = 0; w < s.length; w++) {
                long word = s[w];
                while (word != 0) {
                    int p = (w << 6) + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                    int i = p % columns;
                    int j = p / columns;
                    box[0] = Math.min(box[0], i);
                    box[1] = Math.min(box[1], j);
                    box[2] = Math.min(box[2], k);
                    box[3] = Math.max(box[3], i);
                    box[4] = Math.max(box[4], j);
                    box[5] = Math.max(box[5], k);
                }
            }
        }
        return box[3] < 0 ? null : box;
    }

    /** Sets every voxel set in {@code other} (same grid): a union in place, or a copy into an empty mask. */
    public void addAll(BitMask other) {
        for (int k = 0; k < slices.length; k++) {
            if (!other.isSliceEmpty(k)) {
                long[] a = words(k);
                long[] b = other.slices[k];
                for (int w = 0; w < a.length; w++) {
                    a[w] |= b[w];
                }
            }
        }
    }

    /** The words of slice {@code k} (allocated on first write). */
    public long[] words(int k) {
        if (slices[k] == null) {
            slices[k] = new long[wordsPerSlice];
        }
        return slices[k];
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BitMask m) || !Arrays.equals(m.geometry.size(), geometry.size())) {
            return false;
        }
        for (int k = 0; k < slices.length; k++) {
            boolean ea = isSliceEmpty(k);
            boolean eb = m.isSliceEmpty(k);
            if (ea != eb || (!ea && !Arrays.equals(slices[k], m.slices[k]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count()) * 31 + Arrays.hashCode(geometry.size());
    }
}
