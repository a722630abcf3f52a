package org.liverlens.ui.edit;

import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.volume.BitMask;

/**
 * The voxels in which two masks on one grid differ, stored sparsely: for each slice that changed, the
 * indices and values of the 64-voxel words that differ (their XOR). Applying a diff toggles those
 * voxels, so the same diff undoes and redoes an edit. A click lesion of 30 mm costs a few kB, a
 * liver a few hundred kB, where a copy of the mask would cost 13 MB on a 512×512×400 grid.
 */
public final class MaskDiff {
    private final int[] sliceOf;
    private final int[][] wordIndex;
    private final long[][] wordBits;
    private final long voxels;

    private MaskDiff(int[] sliceOf, int[][] wordIndex, long[][] wordBits) {
        this.sliceOf = sliceOf;
        this.wordIndex = wordIndex;
        this.wordBits = wordBits;
        long n = 0;
        for (long[] bits : wordBits) {
            for (long w : bits) {
                n += Long.bitCount(w);
            }
        }
        this.voxels = n;
    }

    /** The voxels set in {@code mask}: its diff against an empty mask. */
    public static MaskDiff of(BitMask mask) {
        return between(null, mask);
    }

    /** The voxels that differ between {@code before} (null: empty) and {@code after} (same grid). */
    public static MaskDiff between(BitMask before, BitMask after) {
        int slices = after.geometry().slices();
        if (before != null && before.geometry().slices() != slices) {
            throw new IllegalArgumentException("masks on different grids: " + before.geometry().slices() + " and "
                    + slices + " slices");
        }
        List<Integer> sliceList = new ArrayList<>();
        List<int[]> indexList = new ArrayList<>();
        List<long[]> bitsList = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            boolean emptyAfter = after.isSliceEmpty(k);
            boolean emptyBefore = before == null || before.isSliceEmpty(k);
            if (emptyAfter && emptyBefore) {
                continue;
            }
            long[] a = emptyAfter ? null : after.words(k);
            long[] b = emptyBefore ? null : before.words(k);
            int words = a != null ? a.length : b.length;
            int changed = 0;
            for (int w = 0; w < words; w++) {
                if (word(a, w) != word(b, w)) {
                    changed++;
                }
            }
            if (changed == 0) {
                continue;
            }
            int[] idx = new int[changed];
            long[] bits = new long[changed];
            int n = 0;
            for (int w = 0; w < words; w++) {
                long x = word(a, w) ^ word(b, w);
                if (x != 0) {
                    idx[n] = w;
                    bits[n++] = x;
                }
            }
            sliceList.add(k);
            indexList.add(idx);
            bitsList.add(bits);
        }
        return new MaskDiff(sliceList.stream().mapToInt(Integer::intValue).toArray(), indexList.toArray(int[][]::new),
                bitsList.toArray(long[][]::new));
    }

    private static long word(long[] words, int w) {
        return words == null ? 0 : words[w];
    }

    /** Toggles the differing voxels in {@code mask}: turns the one side of the diff into the other. */
    public void applyTo(BitMask mask) {
        for (int s = 0; s < sliceOf.length; s++) {
            long[] words = mask.words(sliceOf[s]);
            int[] idx = wordIndex[s];
            long[] bits = wordBits[s];
            for (int n = 0; n < idx.length; n++) {
                words[idx[n]] ^= bits[n];
            }
        }
    }

    /** The number of voxels that differ. */
    public long voxels() {
        return voxels;
    }

    /** The memory the diff holds, in bytes (its arrays, roughly). */
    public long bytes() {
        long b = 16L + 4L * sliceOf.length;
        for (int[] idx : wordIndex) {
            b += 16 + 12L * idx.length;
        }
        return b;
    }
}
