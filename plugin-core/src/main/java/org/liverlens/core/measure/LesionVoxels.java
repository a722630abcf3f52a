package org.liverlens.core.measure;

import java.util.Arrays;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The voxels of one lesion instance as sorted in-slice pixel indexes per slice, so that instances
 * may overlap (lesion segments of a SEG) and each can be measured slice by slice without scanning
 * the whole volume again.
 */
final class LesionVoxels {
    private final int[][] pixelsBySlice; // null where the lesion has no voxel
    private final long count;

    private LesionVoxels(int[][] pixelsBySlice) {
        this.pixelsBySlice = pixelsBySlice;
        long n = 0;
        for (int[] p : pixelsBySlice) {
            n += p == null ? 0 : p.length;
        }
        this.count = n;
    }

    long count() {
        return count;
    }

    int slices() {
        return pixelsBySlice.length;
    }

    /** Pixel indexes {@code j * columns + i} of slice k, ascending; null when none. */
    int[] pixels(int k) {
        return pixelsBySlice[k];
    }

    /** The voxels of a mask. */
    static LesionVoxels of(BitMask mask) {
        VolumeGeometry g = mask.geometry();
        int[][] bySlice = new int[g.slices()][];
        for (int k = 0; k < g.slices(); k++) {
            if (mask.isSliceEmpty(k)) {
                continue;
            }
            long[] words = mask.words(k);
            int[] p = new int[(int) mask.countSlice(k)];
            int n = 0;
            for (int w = 0; w < words.length; w++) {
                long word = words[w];
                while (word != 0) {
                    p[n++] = (w << 6) + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                }
            }
            bySlice[k] = p;
        }
        return new LesionVoxels(bySlice);
    }

    /** The voxels of every id 1…count of an id volume, in one pass. */
    static LesionVoxels[] ofIds(LabelVolume ids, int count) {
        VolumeGeometry g = ids.geometry();
        int slices = g.slices();
        int[][][] bySlice = new int[count + 1][slices][];
        int[] fill = new int[count + 1];
        for (int k = 0; k < slices; k++) {
            if (ids.isSliceEmpty(k)) {
                continue;
            }
            short[] s = ids.slice(k);
            Arrays.fill(fill, 0);
            for (short v : s) {
                int id = v & 0xffff;
                if (id != 0 && id <= count) {
                    fill[id]++;
                }
            }
            for (int id = 1; id <= count; id++) {
                if (fill[id] > 0) {
                    bySlice[id][k] = new int[fill[id]];
                }
            }
            Arrays.fill(fill, 0);
            for (int p = 0; p < s.length; p++) {
                int id = s[p] & 0xffff;
                if (id != 0 && id <= count) {
                    bySlice[id][k][fill[id]++] = p;
                }
            }
        }
        LesionVoxels[] out = new LesionVoxels[count + 1];
        for (int id = 1; id <= count; id++) {
            out[id] = new LesionVoxels(bySlice[id]);
        }
        return out;
    }
}
