package org.liverlens.core.segment;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Cleans a raw network labelling on the CT grid (0, {@link Segmenter#LIVER}, {@link Segmenter#TUMOUR}):
 * keeps the largest connected liver (liver and tumour together, 26-connected), keeps tumour voxels
 * only within a margin of that liver, and turns lesions smaller than the minimum volume back into
 * liver. Works in place.
 */
final class PostProcess {
    private PostProcess() {
    }

    static void apply(LabelVolume labels, ModelSpec.PostProcessSpec spec) {
        VolumeGeometry g = labels.geometry();
        BitMask organ = new BitMask(g);
        for (int k = 0; k < g.slices(); k++) {
            if (labels.isSliceEmpty(k)) {
                continue;
            }
            short[] s = labels.slice(k);
            for (int p = 0; p < s.length; p++) {
                if (s[p] != 0) {
                    organ.setIndex(k, p);
                }
            }
        }
        if (spec.largestLiverComponent()) {
            BitMask keep = Components.largest(organ, Components.Connectivity.FULL);
            BitMask near = dilate(keep, spec.tumourMarginMm());
            for (int k = 0; k < g.slices(); k++) {
                if (labels.isSliceEmpty(k)) {
                    continue;
                }
                short[] s = labels.slice(k);
                for (int p = 0; p < s.length; p++) {
                    if (s[p] == 0 || keep.getIndex(k, p)) {
                        continue;
                    }
                    // outside the kept liver: only tumour close to it survives
                    if (!(s[p] == Segmenter.TUMOUR && near.getIndex(k, p))) {
                        s[p] = 0;
                    }
                }
            }
        }
        long minVoxels = (long) Math.ceil(spec.minLesionMl() / g.voxelVolumeMl());
        if (minVoxels > 1) {
            BitMask tumour = labels.mask(Segmenter.TUMOUR);
            Components.Labelling all = Components.label(tumour, Components.Connectivity.FULL);
            for (int k = 0; k < g.slices(); k++) {
                if (all.ids().isSliceEmpty(k)) {
                    continue;
                }
                short[] ids = all.ids().slice(k);
                short[] s = labels.slice(k);
                for (int p = 0; p < s.length; p++) {
                    int id = ids[p] & 0xffff;
                    if (id != 0 && all.voxels()[id] < minVoxels) {
                        s[p] = Segmenter.LIVER;
                    }
                }
            }
        }
    }

    /**
     * The mask grown by a box of ± {@code marginMm} along each axis (in whole voxels, at least one in
     * plane), by three separable passes.
     */
    static BitMask dilate(BitMask mask, double marginMm) {
        VolumeGeometry g = mask.geometry();
        int[] r = new int[3];
        for (int d = 0; d < 3; d++) {
            r[d] = (int) Math.round(marginMm / g.spacingMm()[d]);
        }
        int cols = g.columns();
        int rows = g.rows();
        int slices = g.slices();
        int plane = cols * rows;
        boolean[][] a = new boolean[slices][];
        for (int k = 0; k < slices; k++) {
            if (!mask.isSliceEmpty(k)) {
                a[k] = new boolean[plane];
                for (int p = 0; p < plane; p++) {
                    a[k][p] = mask.getIndex(k, p);
                }
            }
        }
        // x and y within each slice
        for (int k = 0; k < slices; k++) {
            if (a[k] == null) {
                continue;
            }
            boolean[] src = a[k];
            boolean[] tmp = new boolean[plane];
            for (int j = 0; j < rows; j++) {
                int last = Integer.MIN_VALUE / 2;
                for (int i = 0; i < cols; i++) {
                    if (src[j * cols + i]) {
                        last = i;
                    }
                    tmp[j * cols + i] = i - last <= r[0];
                }
                last = Integer.MAX_VALUE / 2;
                for (int i = cols - 1; i >= 0; i--) {
                    if (src[j * cols + i]) {
                        last = i;
                    }
                    tmp[j * cols + i] |= last - i <= r[0];
                }
            }
            boolean[] out = new boolean[plane];
            for (int i = 0; i < cols; i++) {
                int last = Integer.MIN_VALUE / 2;
                for (int j = 0; j < rows; j++) {
                    if (tmp[j * cols + i]) {
                        last = j;
                    }
                    out[j * cols + i] = j - last <= r[1];
                }
                last = Integer.MAX_VALUE / 2;
                for (int j = rows - 1; j >= 0; j--) {
                    if (tmp[j * cols + i]) {
                        last = j;
                    }
                    out[j * cols + i] |= last - j <= r[1];
                }
            }
            a[k] = out;
        }
        BitMask result = new BitMask(g);
        for (int k = 0; k < slices; k++) {
            for (int dk = -r[2]; dk <= r[2]; dk++) {
                int kk = k + dk;
                if (kk < 0 || kk >= slices || a[kk] == null) {
                    continue;
                }
                boolean[] s = a[kk];
                for (int p = 0; p < plane; p++) {
                    if (s[p]) {
                        result.setIndex(k, p);
                    }
                }
            }
        }
        return result;
    }
}
