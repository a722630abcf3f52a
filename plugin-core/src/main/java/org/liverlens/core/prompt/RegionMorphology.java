package org.liverlens.core.prompt;

/**
 * In-plane dilation of {@link LocalRegion}-shaped byte masks with a square of radius r (slices are
 * too thick for a 3D element): the liver's margin, and the shells the models are relearned from.
 */
final class RegionMorphology {
    private final int nx;
    private final int ny;
    private final int nz;

    RegionMorphology(LocalRegion r) {
        nx = r.nx;
        ny = r.ny;
        nz = r.nz;
    }

    byte[] dilate(byte[] m, int r) {
        return minMax(m, r, false);
    }

    /**
     * Square min (erode) or max (dilate) filter, separable, each pass by a running count of the wanted
     * value in the window: O(1) per voxel whatever r (the 8 mm shell of a large lesion is r ≈ 10).
     */
    private byte[] minMax(byte[] m, int r, boolean erode) {
        byte[] tmp = new byte[m.length];
        byte[] out = new byte[m.length];
        byte want = (byte) (erode ? 0 : 1);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = (z * ny + y) * nx;
                pass(m, tmp, row, 1, nx, r, want);
            }
            for (int x = 0; x < nx; x++) {
                pass(tmp, out, z * ny * nx + x, nx, ny, r, want);
            }
        }
        return out;
    }

    /** One line of {@code len} values from {@code start} by {@code stride}: want where any of [i − r, i + r] is want. */
    private static void pass(byte[] in, byte[] out, int start, int stride, int len, int r, byte want) {
        int count = 0;
        for (int q = 0; q < Math.min(len, r); q++) {
            count += in[start + q * stride] == want ? 1 : 0;
        }
        for (int i = 0; i < len; i++) {
            int enter = i + r;
            if (enter < len && in[start + enter * stride] == want) {
                count++;
            }
            int leave = i - r - 1;
            if (leave >= 0 && in[start + leave * stride] == want) {
                count--;
            }
            out[start + i * stride] = count > 0 ? want : (byte) (1 - want);
        }
    }
}
