package org.liverlens.core.synth;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Where lesions should not be placed: liver voxels that are brighter than the parenchyma after a
 * 3×3 in-plane mean (enhanced portal and hepatic veins, arterial branches), grown by one voxel in
 * plane. Brightness only, no tube test, so hyper-enhancing lesions already there are avoided too.
 */
public final class VesselMask {
    private VesselMask() {
    }

    /** The bright structures inside {@code liver}: smoothed HU above median + max(25 HU, 2.5 robust SD). */
    public static BitMask of(HuVolume ct, BitMask liver) {
        VolumeGeometry g = ct.geometry();
        int cols = g.columns();
        int rows = g.rows();
        long n = liver.count();
        BitMask out = new BitMask(g);
        if (n == 0) {
            return out;
        }
        int stride = (int) Math.max(1, n / 200_000);
        short[] values = new short[(int) Math.min(n / stride + 1, 200_001)];
        int m = 0;
        long seen = 0;
        for (int k = 0; k < g.slices(); k++) {
            if (liver.isSliceEmpty(k)) {
                continue;
            }
            short[] s = ct.slice(k);
            for (int p = 0; p < cols * rows; p++) {
                if (liver.getIndex(k, p) && seen++ % stride == 0 && m < values.length) {
                    values[m++] = s[p];
                }
            }
        }
        RobustStats stats = RobustStats.of(values, m);
        double threshold = stats.median() + Math.max(25, 2.5 * stats.sd());
        for (int k = 0; k < g.slices(); k++) {
            if (liver.isSliceEmpty(k)) {
                continue;
            }
            short[] s = ct.slice(k);
            for (int j = 1; j < rows - 1; j++) {
                for (int i = 1; i < cols - 1; i++) {
                    int p = j * cols + i;
                    if (!liver.getIndex(k, p)) {
                        continue;
                    }
                    int sum = 0;
                    for (int dj = -1; dj <= 1; dj++) {
                        for (int di = -1; di <= 1; di++) {
                            sum += s[p + dj * cols + di];
                        }
                    }
                    if (sum / 9.0 > threshold) {
                        for (int dj = -1; dj <= 1; dj++) {
                            for (int di = -1; di <= 1; di++) {
                                out.setIndex(k, p + dj * cols + di);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
