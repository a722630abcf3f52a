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

    private byte[] minMax(byte[] m, int r, boolean erode) {
        byte[] tmp = new byte[m.length];
        byte[] out = new byte[m.length];
        byte want = (byte) (erode ? 0 : 1);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = (z * ny + y) * nx;
                for (int x = 0; x < nx; x++) {
                    byte v = (byte) (1 - want);
                    for (int q = Math.max(0, x - r); q <= Math.min(nx - 1, x + r); q++) {
                        if (m[row + q] == want) {
                            v = want;
                            break;
                        }
                    }
                    tmp[row + x] = v;
                }
            }
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    byte v = (byte) (1 - want);
                    for (int q = Math.max(0, y - r); q <= Math.min(ny - 1, y + r); q++) {
                        if (tmp[(z * ny + q) * nx + x] == want) {
                            v = want;
                            break;
                        }
                    }
                    out[(z * ny + y) * nx + x] = v;
                }
            }
        }
        return out;
    }
}
