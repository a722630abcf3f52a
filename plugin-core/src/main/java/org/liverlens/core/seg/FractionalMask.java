package org.liverlens.core.seg;

import org.liverlens.core.volume.VolumeGeometry;

/** Fractional values (0 … maxValue) of one segment, one byte per voxel, slices allocated on write. */
public final class FractionalMask {
    private final VolumeGeometry geometry;
    private final byte[][] slices;

    FractionalMask(VolumeGeometry geometry) {
        this.geometry = geometry;
        this.slices = new byte[geometry.slices()][];
    }

    public int get(int i, int j, int k) {
        byte[] s = slices[k];
        return s == null ? 0 : s[j * geometry.columns() + i] & 0xff;
    }

    public void set(int i, int j, int k, int value) {
        slice(k)[j * geometry.columns() + i] = (byte) value;
    }

    /** The values of slice {@code k}, row-major (allocated on first call): the live data, not a copy. */
    public byte[] slice(int k) {
        if (slices[k] == null) {
            slices[k] = new byte[geometry.columns() * geometry.rows()];
        }
        return slices[k];
    }

    public boolean isSliceEmpty(int k) {
        byte[] s = slices[k];
        if (s == null) {
            return true;
        }
        for (byte b : s) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
