package org.liverlens.core.inpaint;

import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Renders a 3D region slice by slice with the learned model: each axial slice's part of the region is
 * covered by 64 × 64 tiles (one when it fits with {@value #CONTEXT} pixels of context around it,
 * otherwise tiles {@value #STRIDE} pixels apart, each made after the ones before it, which it sees as
 * context); the tiles of all slices are sampled together. Each tile is standardised by the liver
 * around its region ({@link InpaintModel.Standard}: its level and noise), and the made voxels are
 * mapped back with the same level and scale. Only region voxels are written, as HU rounded
 * to integers; the seed of each tile derives from the edit's seed, the slice and the tile, so the same
 * seed gives the same voxels.
 */
public final class InpaintRegion {
    /** Pixels of context kept around the region inside a tile. */
    static final int CONTEXT = 8;
    static final int STRIDE = InpaintModel.PATCH - 2 * CONTEXT;
    private static final float OUTSIDE_HU = -1024;
    private InpaintRegion() {
    }

    private record Tile(int k, int i0, int j0) {
    }

    /**
     * Rewrites the voxels of {@code region} in {@code ct}; {@code lesion} (on the same grid) is where the
     * edit wants a lesion with attributes {@code a}. Returns the number of voxels written.
     */
    public static long render(InpaintNetwork net, HuVolume ct, BitMask region, BitMask lesion,
                              InpaintModel.Attributes a, long seed, int steps) {
        VolumeGeometry g = ct.geometry();
        int cols = g.columns();
        int rows = g.rows();
        double pixelMm = (g.spacingMm()[0] + g.spacingMm()[1]) / 2;
        List<List<Tile>> perSlice = new ArrayList<>();
        for (int k = 0; k < g.slices(); k++) {
            if (!region.isSliceEmpty(k)) {
                perSlice.add(tiles(region, k, cols, rows));
            }
        }
        BitMask done = new BitMask(g);
        long written = 0;
        int P = InpaintModel.PATCH;
        for (int round = 0; ; round++) {
            List<InpaintNetwork.Patch> patches = new ArrayList<>();
            List<Tile> tiles = new ArrayList<>();
            for (List<Tile> slice : perSlice) {
                if (round >= slice.size()) {
                    continue;
                }
                Tile t = slice.get(round);
                float[] hu = new float[P * P];
                boolean[] reg = new boolean[P * P];
                boolean[] les = new boolean[P * P];
                boolean any = false;
                short[] s = ct.slice(t.k());
                for (int y = 0; y < P; y++) {
                    for (int x = 0; x < P; x++) {
                        int i = t.i0() + x;
                        int j = t.j0() + y;
                        int p = y * P + x;
                        if (i < 0 || j < 0 || i >= cols || j >= rows) {
                            hu[p] = OUTSIDE_HU;
                            continue;
                        }
                        hu[p] = s[j * cols + i];
                        reg[p] = region.get(i, j, t.k()) && !done.get(i, j, t.k());
                        les[p] = lesion.get(i, j, t.k());
                        any |= reg[p];
                    }
                }
                if (any) {
                    long tileSeed = new java.util.SplittableRandom(seed ^ (t.k() * 0x9E3779B97F4A7C15L) ^ ((long) round << 40))
                            .nextLong();
                    patches.add(new InpaintNetwork.Patch(hu, reg, les, a, pixelMm, tileSeed));
                    tiles.add(t);
                }
            }
            if (patches.isEmpty()) {
                boolean more = false;
                for (List<Tile> slice : perSlice) {
                    more |= round < slice.size();
                }
                if (!more) {
                    return written;
                }
                continue;
            }
            float[][] made = net.sample(patches, steps);
            for (int b = 0; b < tiles.size(); b++) {
                Tile t = tiles.get(b);
                boolean[] reg = patches.get(b).region();
                short[] s = ct.slice(t.k());
                for (int p = 0; p < P * P; p++) {
                    if (reg[p]) {
                        int i = t.i0() + p % P;
                        int j = t.j0() + p / P;
                        s[j * cols + i] = (short) Math.max(-1024, Math.min(3071, Math.round(made[b][p])));
                        done.set(i, j, t.k(), true);
                        written++;
                    }
                }
            }
        }
    }

    /** The tiles covering slice k's part of the region, in raster order. */
    private static List<Tile> tiles(BitMask region, int k, int cols, int rows) {
        int i0 = Integer.MAX_VALUE;
        int i1 = -1;
        int j0 = Integer.MAX_VALUE;
        int j1 = -1;
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < cols; i++) {
                if (region.get(i, j, k)) {
                    i0 = Math.min(i0, i);
                    i1 = Math.max(i1, i);
                    j0 = Math.min(j0, j);
                    j1 = Math.max(j1, j);
                }
            }
        }
        List<Tile> out = new ArrayList<>();
        for (int y : starts(j0, j1, rows)) {
            for (int x : starts(i0, i1, cols)) {
                out.add(new Tile(k, x, y));
            }
        }
        return out;
    }

    /** Tile origins along one axis covering [lo, hi] with context, inside the image where it is large enough. */
    private static List<Integer> starts(int lo, int hi, int size) {
        int P = InpaintModel.PATCH;
        List<Integer> out = new ArrayList<>();
        if (hi - lo + 1 <= STRIDE) {
            out.add(clamp((lo + hi + 1) / 2 - P / 2, size));
            return out;
        }
        for (int a = lo - CONTEXT; ; a += STRIDE) {
            out.add(clamp(a, size));
            if (a + CONTEXT + STRIDE > hi) {
                return out;
            }
        }
    }

    private static int clamp(int origin, int size) {
        int P = InpaintModel.PATCH;
        return size <= P ? (size - P) / 2 : Math.max(0, Math.min(size - P, origin));
    }
}
