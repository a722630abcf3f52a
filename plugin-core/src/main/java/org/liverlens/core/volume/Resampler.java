package org.liverlens.core.volume;

import java.util.stream.IntStream;

/**
 * Resampled copies of volumes on another grid: trilinear for HU, nearest neighbour for labels. Each
 * call makes an explicit copy (STYLE.md: a copy is made on purpose and named so). Target voxels
 * whose centre falls outside the source grid by more than half a voxel get {@code outsideHu} or
 * label 0; within half a voxel the edge value is used (clamped), so a grid that covers the same
 * extent loses nothing at its border.
 */
public final class Resampler {
    private Resampler() {
    }

    /**
     * The grid that covers the same extent as {@code g} (voxel edges, not centres) with the same
     * directions and the given spacing; an axis whose requested spacing is {@code NaN} or ≤ 0 keeps
     * its size and spacing. Size along an axis is {@code max(1, round(n·s/s'))}, and the first voxel
     * centre sits half a new voxel inside the first edge: {@code origin' = origin + (s' − s)/2}
     * along each axis direction.
     */
    public static VolumeGeometry gridWithSpacing(VolumeGeometry g, double[] spacingMm) {
        int[] size = g.size();
        double[] spacing = g.spacingMm();
        double[] newSpacing = new double[3];
        int[] newSize = new int[3];
        double[] shift = new double[3];
        for (int d = 0; d < 3; d++) {
            double s = spacingMm[d];
            if (!(s > 0)) {
                newSpacing[d] = spacing[d];
                newSize[d] = size[d];
            } else {
                newSpacing[d] = s;
                newSize[d] = (int) Math.max(1, Math.round(size[d] * spacing[d] / s));
                shift[d] = (s - spacing[d]) / 2;
            }
        }
        double[] origin = g.originMm();
        for (int d = 0; d < 3; d++) {
            double[] dir = g.direction(d);
            for (int r = 0; r < 3; r++) {
                origin[r] += shift[d] * dir[r];
            }
        }
        return new VolumeGeometry(newSize, origin, newSpacing, g.direction(0), g.direction(1), g.direction(2));
    }

    /**
     * An axial grid aligned with the patient axes (i → left, j → posterior, k → superior: directions
     * (1,0,0), (0,1,0), (0,0,1)) that covers the extent of {@code g} (the box around its voxel edges),
     * with the given spacing per patient axis x, y, z. An axis whose requested spacing is {@code NaN}
     * or ≤ 0 takes the spacing of the grid axis most parallel to it. Size is
     * {@code max(1, round(extent / spacing))} and the first voxel centre lies half a voxel inside the
     * box. For a grid that is already axial this equals {@link #gridWithSpacing}.
     */
    public static VolumeGeometry axisAlignedGrid(VolumeGeometry g, double[] spacingMm) {
        int[] size = g.size();
        double[] spacing = g.spacingMm();
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int corner = 0; corner < 8; corner++) {
            double[] p = g.toMm((corner & 1) == 0 ? -0.5 : size[0] - 0.5, (corner & 2) == 0 ? -0.5 : size[1] - 0.5,
                    (corner & 4) == 0 ? -0.5 : size[2] - 0.5);
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], p[a]);
                hi[a] = Math.max(hi[a], p[a]);
            }
        }
        int[] newSize = new int[3];
        double[] newSpacing = new double[3];
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) {
            double s = spacingMm[a];
            if (!(s > 0)) {
                int best = 0;
                for (int d = 1; d < 3; d++) {
                    if (Math.abs(g.direction(d)[a]) > Math.abs(g.direction(best)[a])) {
                        best = d;
                    }
                }
                s = spacing[best];
            }
            double extent = hi[a] - lo[a];
            newSize[a] = (int) Math.max(1, Math.round(extent / s - 1e-9));
            newSpacing[a] = s;
            // centre the new voxels on the box (equal margins when the extent is not a multiple of s)
            origin[a] = (lo[a] + hi[a]) / 2 - (newSize[a] - 1) * s / 2;
        }
        return VolumeGeometry.axial(newSize, origin, newSpacing);
    }

    /**
     * The affine map from voxel indices of {@code target} to fractional voxel indices of
     * {@code source}: row r gives {@code src_r = m[r][0]·i + m[r][1]·j + m[r][2]·k + m[r][3]}.
     */
    public static double[][] indexMap(VolumeGeometry target, VolumeGeometry source) {
        double[] o = target.toMm(0, 0, 0);
        double[] base = source.toVoxel(o[0], o[1], o[2]);
        double[][] m = new double[3][4];
        for (int axis = 0; axis < 3; axis++) {
            double[] p = target.toMm(axis == 0 ? 1 : 0, axis == 1 ? 1 : 0, axis == 2 ? 1 : 0);
            double[] v = source.toVoxel(p[0], p[1], p[2]);
            for (int r = 0; r < 3; r++) {
                m[r][axis] = v[r] - base[r];
            }
        }
        for (int r = 0; r < 3; r++) {
            m[r][3] = base[r];
        }
        return m;
    }

    /** A trilinear copy of {@code src} on {@code target} (HU rounded to the nearest integer). */
    public static HuVolume resampled(HuVolume src, VolumeGeometry target, short outsideHu) {
        HuVolume out = HuVolume.allocate(target, (short) 0);
        double[][] m = indexMap(target, src.geometry());
        int[] ss = src.geometry().size();
        int columns = target.columns();
        int rows = target.rows();
        IntStream.range(0, target.slices()).parallel().forEach(k -> {
            short[] dst = out.slice(k);
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < columns; i++) {
                    double x = m[0][0] * i + m[0][1] * j + m[0][2] * k + m[0][3];
                    double y = m[1][0] * i + m[1][1] * j + m[1][2] * k + m[1][3];
                    double z = m[2][0] * i + m[2][1] * j + m[2][2] * k + m[2][3];
                    dst[j * columns + i] = (short) Math.round(trilinear(src, ss, x, y, z, outsideHu));
                }
            }
        });
        return out;
    }

    /** A nearest-neighbour copy of {@code src} on {@code target}. */
    public static LabelVolume resampledNearest(LabelVolume src, VolumeGeometry target) {
        LabelVolume out = new LabelVolume(target);
        double[][] m = indexMap(target, src.geometry());
        int[] ss = src.geometry().size();
        int columns = target.columns();
        int rows = target.rows();
        IntStream.range(0, target.slices()).parallel().forEach(k -> {
            short[] dst = null;
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < columns; i++) {
                    int x = nearest(m[0][0] * i + m[0][1] * j + m[0][2] * k + m[0][3], ss[0]);
                    int y = nearest(m[1][0] * i + m[1][1] * j + m[1][2] * k + m[1][3], ss[1]);
                    int z = nearest(m[2][0] * i + m[2][1] * j + m[2][2] * k + m[2][3], ss[2]);
                    if (x < 0 || y < 0 || z < 0) {
                        continue;
                    }
                    int v = src.get(x, y, z);
                    if (v != 0) {
                        if (dst == null) {
                            synchronized (out) {
                                dst = out.slice(k);
                            }
                        }
                        dst[j * columns + i] = (short) v;
                    }
                }
            }
        });
        return out;
    }

    /** Index of the nearest voxel along an axis of {@code n} voxels, or −1 when more than half a voxel outside. */
    static int nearest(double x, int n) {
        if (x < -0.5 || x > n - 0.5) {
            return -1;
        }
        return (int) Math.min(n - 1, Math.max(0, Math.round(x)));
    }

    /** Trilinear HU at a fractional source index; clamped within half a voxel of the grid, {@code outside} beyond. */
    static double trilinear(HuVolume v, int[] size, double x, double y, double z, double outside) {
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > size[0] - 0.5 || y > size[1] - 0.5 || z > size[2] - 0.5) {
            return outside;
        }
        x = clamp(x, size[0]);
        y = clamp(y, size[1]);
        z = clamp(z, size[2]);
        int x0 = Math.min((int) x, size[0] - 1);
        int y0 = Math.min((int) y, size[1] - 1);
        int z0 = Math.min((int) z, size[2] - 1);
        double fx = x - x0;
        double fy = y - y0;
        double fz = z - z0;
        int x1 = Math.min(x0 + 1, size[0] - 1);
        int y1 = Math.min(y0 + 1, size[1] - 1);
        int z1 = Math.min(z0 + 1, size[2] - 1);
        double c0 = bilinear(v.slice(z0), size[0], x0, x1, y0, y1, fx, fy);
        if (fz == 0) {
            return c0;
        }
        double c1 = bilinear(v.slice(z1), size[0], x0, x1, y0, y1, fx, fy);
        return c0 + fz * (c1 - c0);
    }

    private static double bilinear(short[] s, int columns, int x0, int x1, int y0, int y1, double fx, double fy) {
        double a = s[y0 * columns + x0] + fx * (s[y0 * columns + x1] - s[y0 * columns + x0]);
        double b = s[y1 * columns + x0] + fx * (s[y1 * columns + x1] - s[y1 * columns + x0]);
        return a + fy * (b - a);
    }

    private static double clamp(double x, int n) {
        return x < 0 ? 0 : (x > n - 1 ? n - 1 : x);
    }
}
