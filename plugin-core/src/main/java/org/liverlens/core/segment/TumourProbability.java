package org.liverlens.core.segment;

import org.liverlens.core.volume.VolumeGeometry;

/**
 * The network's tumour probability on the CT grid, quantised to 0…255 (one byte per voxel, a slice
 * without any probability above 1/255 kept as null). {@link ModelSegmenter} makes it with the labels,
 * from the same interpolated class probabilities; {@link LesionFilter} and the lesion outline read it.
 */
public final class TumourProbability {
    private final VolumeGeometry geometry;
    private final byte[][] slices;

    /** Empty: every voxel 0. */
    public TumourProbability(VolumeGeometry geometry) {
        this(geometry, new byte[geometry.slices()][]);
    }

    /** From quantised slices ({@code null} = all 0); the array is kept, not copied. */
    public TumourProbability(VolumeGeometry geometry, byte[][] slices) {
        if (slices.length != geometry.slices()) {
            throw new IllegalArgumentException(slices.length + " slices for a grid of " + geometry.slices());
        }
        this.geometry = geometry;
        this.slices = slices;
    }

    public VolumeGeometry geometry() {
        return geometry;
    }

    /** Probability 0…1 at voxel {@code p} (row-major in plane) of slice {@code k}. */
    public double get(int k, int p) {
        byte[] s = slices[k];
        return s == null ? 0 : (s[p] & 0xff) / 255.0;
    }

    /** The quantised slice (0…255 as unsigned bytes), or null when all 0; not a copy. */
    public byte[] slice(int k) {
        return slices[k];
    }

    void setSlice(int k, byte[] quantised) {
        slices[k] = quantised;
    }

    /** The byte of a probability 0…1 (rounded, clamped). */
    static byte quantise(double p) {
        return (byte) Math.max(0, Math.min(255, Math.round(p * 255)));
    }
}
