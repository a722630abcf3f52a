package org.liverlens.core.measure;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** Label and HU volumes with shapes whose measurements can be worked out by hand. */
public final class Phantoms {
    private Phantoms() {
    }

    /** An axial grid whose voxel (ci, cj, ck) lies at LPS (0, 0, 0). */
    public static VolumeGeometry grid(int columns, int rows, int slices, double dx, double dy, double dz,
                               double ci, double cj, double ck) {
        return VolumeGeometry.axial(new int[] {columns, rows, slices}, new double[] {-ci * dx, -cj * dy, -ck * dz},
                new double[] {dx, dy, dz});
    }

    /** Writes {@code label} into every voxel whose centre lies within the ellipsoid (mm, LPS, axis-aligned). */
    public static long ellipsoid(LabelVolume labels, double[] centreMm, double ax, double ay, double az, int label) {
        VolumeGeometry g = labels.geometry();
        long n = 0;
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    double[] p = g.toMm(i, j, k);
                    double x = (p[0] - centreMm[0]) / ax;
                    double y = (p[1] - centreMm[1]) / ay;
                    double z = (p[2] - centreMm[2]) / az;
                    if (x * x + y * y + z * z <= 1) {
                        labels.set(i, j, k, label);
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Writes {@code label} inside an ellipse on slice k with semi-axes a, b (mm) rotated by {@code degrees}. */
    public static long rotatedEllipse(LabelVolume labels, int k, double cx, double cy, double a, double b, double degrees,
                               int label) {
        VolumeGeometry g = labels.geometry();
        double c = Math.cos(Math.toRadians(degrees));
        double s = Math.sin(Math.toRadians(degrees));
        long n = 0;
        for (int j = 0; j < g.rows(); j++) {
            for (int i = 0; i < g.columns(); i++) {
                double[] p = g.toMm(i, j, k);
                double dx = p[0] - cx;
                double dy = p[1] - cy;
                double u = (dx * c + dy * s) / a;
                double v = (-dx * s + dy * c) / b;
                if (u * u + v * v <= 1) {
                    labels.set(i, j, k, label);
                    n++;
                }
            }
        }
        return n;
    }

    /** A CT of soft tissue (40 HU) everywhere. */
    public static HuVolume ct(VolumeGeometry g) {
        return HuVolume.allocate(g, (short) 40);
    }
}
