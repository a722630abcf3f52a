package org.liverlens.tools.edit;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * Grey-level co-occurrence texture of a region: 32 levels over mean ± 3 SD of the reference
 * parenchyma, in-plane offsets (1, 0) and (0, 1) with both voxels in the region, symmetric; returns
 * {contrast Σ(i−j)²p, homogeneity Σp/(1+|i−j|)} (Haralick's definitions).
 */
final class Glcm {
    private static final int LEVELS = 32;

    private Glcm() {
    }

    static double[] contrastHomogeneity(HuVolume v, BitMask m, double meanHu, double sdHu) {
        double lo = meanHu - 3 * sdHu;
        double step = 6 * sdHu / LEVELS;
        double[][] p = new double[LEVELS][LEVELS];
        double total = 0;
        int nx = v.geometry().columns();
        for (int k = 0; k < v.geometry().slices(); k++) {
            if (m.isSliceEmpty(k)) {
                continue;
            }
            short[] a = v.slice(k);
            for (int q = 0; q < a.length; q++) {
                if (!m.getIndex(k, q)) {
                    continue;
                }
                int x = level(a[q], lo, step);
                if ((q + 1) % nx != 0 && m.getIndex(k, q + 1)) {
                    int y = level(a[q + 1], lo, step);
                    p[x][y]++;
                    p[y][x]++;
                    total += 2;
                }
                if (q + nx < a.length && m.getIndex(k, q + nx)) {
                    int y = level(a[q + nx], lo, step);
                    p[x][y]++;
                    p[y][x]++;
                    total += 2;
                }
            }
        }
        double contrast = 0;
        double homogeneity = 0;
        for (int i = 0; i < LEVELS; i++) {
            for (int j = 0; j < LEVELS; j++) {
                double f = total == 0 ? 0 : p[i][j] / total;
                contrast += (i - j) * (i - j) * f;
                homogeneity += f / (1 + Math.abs(i - j));
            }
        }
        return new double[] {contrast, homogeneity};
    }

    private static int level(short hu, double lo, double step) {
        return (int) Math.max(0, Math.min(LEVELS - 1, Math.floor((hu - lo) / step)));
    }
}
