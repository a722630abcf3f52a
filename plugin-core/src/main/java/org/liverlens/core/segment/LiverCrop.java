package org.liverlens.core.segment;

import java.util.stream.IntStream;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * A copy of the CT inside the liver's bounding box at the CT's own resolution, as float slices, with
 * the liver mask on the same crop: what the lesion detector works on. Coordinates of the crop are
 * those of the CT shifted by {@code (i0, j0, k0)}.
 */
final class LiverCrop {
    final int i0;
    final int j0;
    final int k0;
    final int cols;
    final int rows;
    final int slices;
    final double[] spacingMm;
    final float[][] hu;
    final boolean[][] liver;

    private LiverCrop(int[] box, double[] spacingMm, float[][] hu, boolean[][] liver) {
        this.i0 = box[0];
        this.j0 = box[1];
        this.k0 = box[2];
        this.cols = box[3] - box[0] + 1;
        this.rows = box[4] - box[1] + 1;
        this.slices = box[5] - box[2] + 1;
        this.spacingMm = spacingMm;
        this.hu = hu;
        this.liver = liver;
    }

    /** The crop around {@code liver} grown by {@code marginVoxels} in plane; null when the liver is empty. */
    static LiverCrop of(HuVolume ct, BitMask liver, int marginVoxels) {
        int[] b = liver.boundingBox();
        if (b == null) {
            return null;
        }
        VolumeGeometry g = ct.geometry();
        int[] box = {Math.max(0, b[0] - marginVoxels), Math.max(0, b[1] - marginVoxels), b[2],
                Math.min(g.columns() - 1, b[3] + marginVoxels), Math.min(g.rows() - 1, b[4] + marginVoxels), b[5]};
        int cols = box[3] - box[0] + 1;
        int rows = box[4] - box[1] + 1;
        int slices = box[5] - box[2] + 1;
        float[][] hu = new float[slices][cols * rows];
        boolean[][] in = new boolean[slices][cols * rows];
        IntStream.range(0, slices).parallel().forEach(kk -> {
            int k = kk + box[2];
            short[] s = ct.slice(k);
            boolean empty = liver.isSliceEmpty(k);
            for (int j = 0; j < rows; j++) {
                int src = (j + box[1]) * g.columns() + box[0];
                for (int i = 0; i < cols; i++) {
                    hu[kk][j * cols + i] = s[src + i];
                    in[kk][j * cols + i] = !empty && liver.getIndex(k, src + i);
                }
            }
        });
        return new LiverCrop(box, g.spacingMm().clone(), hu, in);
    }

    /** The liver eroded by {@code mm} in plane (a box of ± mm, in whole pixels, at least one). */
    boolean[][] erodedLiver(double mm) {
        int rx = Math.max(1, (int) Math.round(mm / spacingMm[0]));
        int ry = Math.max(1, (int) Math.round(mm / spacingMm[1]));
        boolean[][] out = new boolean[slices][];
        IntStream.range(0, slices).parallel().forEach(k -> out[k] = erode(liver[k], cols, rows, rx, ry));
        return out;
    }

    /** A 2D box erosion: a pixel stays when every pixel within ± rx, ± ry is set (outside the crop is not). */
    static boolean[] erode(boolean[] in, int cols, int rows, int rx, int ry) {
        boolean[] tmp = new boolean[in.length];
        for (int j = 0; j < rows; j++) {
            int lastOff = -1 - rx - 1;
            for (int i = 0; i < cols; i++) {
                if (!in[j * cols + i]) {
                    lastOff = i;
                }
                tmp[j * cols + i] = i - lastOff > rx;
            }
            lastOff = cols + rx + 1;
            for (int i = cols - 1; i >= 0; i--) {
                if (!in[j * cols + i]) {
                    lastOff = i;
                }
                tmp[j * cols + i] &= lastOff - i > rx && i >= rx && i < cols - rx;
            }
        }
        boolean[] out = new boolean[in.length];
        for (int i = 0; i < cols; i++) {
            int lastOff = -1 - ry - 1;
            for (int j = 0; j < rows; j++) {
                if (!tmp[j * cols + i]) {
                    lastOff = j;
                }
                out[j * cols + i] = j - lastOff > ry;
            }
            lastOff = rows + ry + 1;
            for (int j = rows - 1; j >= 0; j--) {
                if (!tmp[j * cols + i]) {
                    lastOff = j;
                }
                out[j * cols + i] &= lastOff - j > ry && j >= ry && j < rows - ry;
            }
        }
        return out;
    }

    /** A mask of the crop as a mask of the whole CT grid. */
    BitMask toCt(boolean[][] mask, VolumeGeometry ct) {
        BitMask out = new BitMask(ct);
        for (int k = 0; k < slices; k++) {
            for (int p = 0; p < cols * rows; p++) {
                if (mask[k][p]) {
                    out.setIndex(k + k0, (p / cols + j0) * ct.columns() + p % cols + i0);
                }
            }
        }
        return out;
    }
}
