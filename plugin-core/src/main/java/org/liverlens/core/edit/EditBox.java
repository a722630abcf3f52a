package org.liverlens.core.edit;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * A box of the CT grid around one edit, where the edit's arrays live (index {@code (z * ny + y) * nx + x}
 * for box voxel x, y, z = volume voxel i0 + x, j0 + y, k0 + z): everything an edit computes stays in
 * it, so nothing outside the box can change.
 */
final class EditBox {
    final int i0;
    final int j0;
    final int k0;
    final int nx;
    final int ny;
    final int nz;
    /** Voxel spacing in mm along x, y, z. */
    final double[] spacingMm;
    private final int columns;

    private EditBox(VolumeGeometry g, int i0, int j0, int k0, int i1, int j1, int k1) {
        this.i0 = i0;
        this.j0 = j0;
        this.k0 = k0;
        this.nx = i1 - i0 + 1;
        this.ny = j1 - j0 + 1;
        this.nz = k1 - k0 + 1;
        this.spacingMm = g.spacingMm();
        this.columns = g.columns();
    }

    /** The box {iMin, jMin, kMin, iMax, jMax, kMax} widened by {@code marginMm} on every side, inside the grid. */
    static EditBox around(VolumeGeometry g, int[] bbox, double marginMm) {
        double[] s = g.spacingMm();
        int mi = (int) Math.ceil(marginMm / s[0]);
        int mj = (int) Math.ceil(marginMm / s[1]);
        int mk = (int) Math.ceil(marginMm / s[2]);
        return new EditBox(g, Math.max(0, bbox[0] - mi), Math.max(0, bbox[1] - mj), Math.max(0, bbox[2] - mk),
                Math.min(g.columns() - 1, bbox[3] + mi), Math.min(g.rows() - 1, bbox[4] + mj),
                Math.min(g.slices() - 1, bbox[5] + mk));
    }

    int size() {
        return nx * ny * nz;
    }

    int index(int x, int y, int z) {
        return (z * ny + y) * nx + x;
    }

    /** The position of box voxel {@code q} inside its slice of the volume ({@code j * columns + i}). */
    int slicePixel(int q) {
        int x = q % nx;
        int y = (q / nx) % ny;
        return (j0 + y) * columns + i0 + x;
    }

    int sliceOf(int q) {
        return k0 + q / (nx * ny);
    }

    float[] read(HuVolume v) {
        float[] out = new float[size()];
        for (int z = 0; z < nz; z++) {
            short[] s = v.slice(k0 + z);
            for (int y = 0; y < ny; y++) {
                int from = (j0 + y) * columns + i0;
                int to = index(0, y, z);
                for (int x = 0; x < nx; x++) {
                    out[to + x] = s[from + x];
                }
            }
        }
        return out;
    }

    boolean[] read(BitMask m) {
        boolean[] out = new boolean[size()];
        for (int z = 0; z < nz; z++) {
            if (m.isSliceEmpty(k0 + z)) {
                continue;
            }
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    out[index(x, y, z)] = m.get(i0 + x, j0 + y, k0 + z);
                }
            }
        }
        return out;
    }

    /** Writes {@code values} (rounded, clipped to the short range) into {@code v} where {@code where} is set. */
    void write(HuVolume v, float[] values, boolean[] where) {
        for (int q = 0; q < where.length; q++) {
            if (where[q]) {
                long r = Math.round(values[q]);
                v.slice(sliceOf(q))[slicePixel(q)] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
            }
        }
    }

    /** Sets the voxels of {@code m} where {@code where} is set. */
    void set(BitMask m, boolean[] where) {
        for (int q = 0; q < where.length; q++) {
            if (where[q]) {
                m.setIndex(sliceOf(q), slicePixel(q));
            }
        }
    }

    /** Clears the voxels of {@code m} where {@code where} is set. */
    void clear(BitMask m, boolean[] where) {
        for (int q = 0; q < where.length; q++) {
            if (where[q]) {
                int p = slicePixel(q);
                m.set(p % columns, p / columns, sliceOf(q), false);
            }
        }
    }
}
