package org.liverlens.core.segment;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Cleans a raw network labelling on the CT grid (0, {@link Segmenter#LIVER}, {@link Segmenter#TUMOUR}),
 * in this order: clears organ sections that lie between the lungs, in the chest ({@link Thorax}: a
 * heart labelled liver); keeps the largest connected liver (liver and tumour together, 26-connected);
 * keeps tumour voxels only within a margin of that liver; turns lesions smaller than the minimum
 * volume back into liver; and drops lesions that liver does not mostly surround
 * ({@link #MIN_LIVER_SURROUND}: a ventricle or a vessel outside the liver taken for a lesion). Works
 * in place. docs/models.md, "Post-processing", gives the reasons and the figures.
 */
final class PostProcess {
    /**
     * Least share of a lesion's boundary surface (faces weighted by their area in mm²) that must
     * touch liver or tumour. A sphere half outside the liver has 0.5; a ventricle with its
     * myocardium gone has about 0.
     */
    static final double MIN_LIVER_SURROUND = 0.4;

    private PostProcess() {
    }

    static void apply(LabelVolume labels, HuVolume ct, ModelSpec.PostProcessSpec spec) {
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
            BitMask chest = Thorax.betweenLungs(ct, organ);
            for (int k = 0; k < g.slices(); k++) {
                if (chest.isSliceEmpty(k)) {
                    continue;
                }
                short[] s = labels.slice(k);
                for (int p = 0; p < s.length; p++) {
                    if (chest.getIndex(k, p)) {
                        s[p] = 0;
                        organ.set(p % g.columns(), p / g.columns(), k, false);
                    }
                }
            }
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
        if (spec.largestLiverComponent()) {
            dropLesionsOutsideLiver(labels);
        }
    }

    /** Sets to background every lesion whose boundary touches liver or tumour less than {@link #MIN_LIVER_SURROUND}. */
    static void dropLesionsOutsideLiver(LabelVolume labels) {
        VolumeGeometry g = labels.geometry();
        Components.Labelling lesions = Components.label(labels.mask(Segmenter.TUMOUR), Components.Connectivity.FULL);
        if (lesions.count() == 0) {
            return;
        }
        double[] sp = g.spacingMm();
        // area of a face across each axis
        double[] face = {sp[1] * sp[2], sp[0] * sp[2], sp[0] * sp[1]};
        double[] boundary = new double[lesions.count() + 1];
        double[] liver = new double[lesions.count() + 1];
        int cols = g.columns();
        int rows = g.rows();
        int[][] steps = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}};
        LabelVolume ids = lesions.ids();
        for (int k = 0; k < g.slices(); k++) {
            if (ids.isSliceEmpty(k)) {
                continue;
            }
            short[] sl = ids.slice(k);
            for (int p = 0; p < sl.length; p++) {
                int id = sl[p] & 0xffff;
                if (id == 0) {
                    continue;
                }
                int i = p % cols;
                int j = p / cols;
                for (int[] d : steps) {
                    int ii = i + d[0];
                    int jj = j + d[1];
                    int kk = k + d[2];
                    boolean in = ii >= 0 && jj >= 0 && kk >= 0 && ii < cols && jj < rows && kk < g.slices();
                    if (!in || ids.get(ii, jj, kk) == id) {
                        continue; // the volume's edge: what lies beyond is unknown
                    }
                    double a = face[d[0] != 0 ? 0 : (d[1] != 0 ? 1 : 2)];
                    boundary[id] += a;
                    if (labels.get(ii, jj, kk) != 0) {
                        liver[id] += a;
                    }
                }
            }
        }
        for (int k = 0; k < g.slices(); k++) {
            if (ids.isSliceEmpty(k)) {
                continue;
            }
            short[] sl = ids.slice(k);
            short[] s = labels.slice(k);
            for (int p = 0; p < sl.length; p++) {
                int id = sl[p] & 0xffff;
                if (id != 0 && liver[id] < MIN_LIVER_SURROUND * boundary[id]) {
                    s[p] = 0;
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
