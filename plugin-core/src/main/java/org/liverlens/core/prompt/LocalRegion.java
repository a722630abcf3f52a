package org.liverlens.core.prompt;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * A box of the CT around the prompt, copied on purpose into flat arrays (raw HU, in-plane smoothed
 * HU, liver flag) because every step of {@link RegionCompetition} reads each voxel many times. Index
 * {@code (z * ny + y) * nx + x}; voxel (i, j, k) of the CT is (x + i0, y + j0, z + k0). Smoothing is
 * in-plane only: 5 mm slices are too thick to average across.
 */
final class LocalRegion {
    final VolumeGeometry grid;
    final int i0;
    final int j0;
    final int k0;
    final int nx;
    final int ny;
    final int nz;
    final double pixelMm;
    final double sliceMm;
    final short[] raw;
    final float[] smooth;
    /** 1 inside the liver (or everywhere when the liver is unknown). */
    final byte[] liver;
    final boolean liverKnown;
    /**
     * Half widths of the in-plane box filter (applied twice), fine first: 1 mm keeps a 5 mm lesion's
     * contrast; 2 mm brings real parenchyma texture of 12 HU down to about 2 HU for faint lesions.
     */
    static final double FINE_SMOOTH_MM = 1.0;
    static final double COARSE_SMOOTH_MM = 2.0;
    /** Raw HU counted as soft tissue when the liver is unknown. */
    static final int TISSUE_LOW_HU = -60;
    static final int TISSUE_HIGH_HU = 350;

    LocalRegion(HuVolume ct, BitMask liverMask, double ci, double cj, double ck, double halfMm, double halfZMm,
                double smoothMm) {
        grid = ct.geometry();
        double[] sp = grid.spacingMm();
        pixelMm = Math.sqrt(sp[0] * sp[1]);
        sliceMm = sp[2];
        int hx = (int) Math.ceil(halfMm / sp[0]);
        int hy = (int) Math.ceil(halfMm / sp[1]);
        int hz = (int) Math.ceil(halfZMm / sp[2]);
        i0 = Math.max(0, (int) Math.floor(ci) - hx);
        j0 = Math.max(0, (int) Math.floor(cj) - hy);
        k0 = Math.max(0, (int) Math.floor(ck) - hz);
        nx = Math.min(grid.columns() - 1, (int) Math.ceil(ci) + hx) - i0 + 1;
        ny = Math.min(grid.rows() - 1, (int) Math.ceil(cj) + hy) - j0 + 1;
        nz = Math.min(grid.slices() - 1, (int) Math.ceil(ck) + hz) - k0 + 1;
        int n = nx * ny * nz;
        raw = new short[n];
        smooth = new float[n];
        liver = new byte[n];
        liverKnown = liverMask != null;
        int cols = grid.columns();
        for (int z = 0; z < nz; z++) {
            short[] s = ct.slice(z + k0);
            for (int y = 0; y < ny; y++) {
                int src = (y + j0) * cols + i0;
                int dst = (z * ny + y) * nx;
                System.arraycopy(s, src, raw, dst, nx);
                for (int x = 0; x < nx; x++) {
                    liver[dst + x] = (byte) (liverMask == null || liverMask.getIndex(z + k0, src + x) ? 1 : 0);
                }
            }
        }
        // Normalised convolution over tissue only (the liver when known, else soft tissue): air and fat
        // outside the liver must not darken its edge into something that looks like a hypodense lesion.
        int r = Math.max(1, (int) Math.round(smoothMm / pixelMm));
        int plane = nx * ny;
        float[] tmp = new float[plane];
        float[] value = new float[plane];
        float[] weight = new float[plane];
        for (int z = 0; z < nz; z++) {
            int off = z * plane;
            for (int p = 0; p < plane; p++) {
                short v = raw[off + p];
                boolean tissue = liverKnown ? liver[off + p] != 0 : v > TISSUE_LOW_HU && v < TISSUE_HIGH_HU;
                weight[p] = tissue ? 1 : 0;
                value[p] = tissue ? v : 0;
            }
            for (int pass = 0; pass < 2; pass++) {
                boxRows(value, tmp, r);
                boxColumns(tmp, value, r);
                boxRows(weight, tmp, r);
                boxColumns(tmp, weight, r);
            }
            for (int p = 0; p < plane; p++) {
                smooth[off + p] = weight[p] > 1e-3f ? value[p] / weight[p] : raw[off + p];
            }
        }
    }

    /** Receives each voxel of the region: its CT indices and its region index. */
    interface VoxelVisitor {
        void visit(int i, int j, int k, int idx);
    }

    void forEachVoxel(VoxelVisitor v) {
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    v.visit(x + i0, y + j0, z + k0, (z * ny + y) * nx + x);
                }
            }
        }
    }

    int index(int i, int j, int k) {
        return ((k - k0) * ny + (j - j0)) * nx + (i - i0);
    }

    boolean contains(int i, int j, int k) {
        return i >= i0 && i < i0 + nx && j >= j0 && j < j0 + ny && k >= k0 && k < k0 + nz;
    }

    private void boxRows(float[] in, float[] out, int r) {
        for (int y = 0; y < ny; y++) {
            int row = y * nx;
            for (int x = 0; x < nx; x++) {
                float sum = 0;
                int a = Math.max(0, x - r);
                int b = Math.min(nx - 1, x + r);
                for (int q = a; q <= b; q++) {
                    sum += in[row + q];
                }
                out[row + x] = sum / (b - a + 1);
            }
        }
    }

    private void boxColumns(float[] in, float[] out, int r) {
        for (int y = 0; y < ny; y++) {
            int a = Math.max(0, y - r);
            int b = Math.min(ny - 1, y + r);
            float inv = 1f / (b - a + 1);
            for (int x = 0; x < nx; x++) {
                float sum = 0;
                for (int q = a; q <= b; q++) {
                    sum += in[q * nx + x];
                }
                out[y * nx + x] = sum * inv;
            }
        }
    }
}
