package org.liverlens.core.volume;

import java.util.Arrays;

/**
 * Where the voxels of a volume lie in the patient, in DICOM LPS millimetres. Voxel (i, j, k) is
 * column i, row j, slice k; its centre is {@code origin + i*spacing[0]*iDir + j*spacing[1]*jDir +
 * k*spacing[2]*kDir}. {@code kDir} need not be orthogonal to the slice plane (gantry tilt), so the
 * inverse is a general 3×3 inverse.
 */
public final class VolumeGeometry {
    private final int[] size;
    private final double[] originMm;
    private final double[] spacingMm;
    private final double[][] directions; // [axis][xyz], unit vectors
    private final double[][] voxelToMm;  // columns: spacing-scaled axes
    private final double[][] mmToVoxel;

    /**
     * @param size      columns, rows, slices
     * @param originMm  LPS centre of voxel (0,0,0)
     * @param spacingMm distance between voxel centres along i, j, k
     * @param iDir      unit vector of increasing column index (DICOM row direction cosine)
     * @param jDir      unit vector of increasing row index (DICOM column direction cosine)
     * @param kDir      unit vector of increasing slice index
     */
    public VolumeGeometry(int[] size, double[] originMm, double[] spacingMm, double[] iDir, double[] jDir, double[] kDir) {
        check(size.length == 3 && originMm.length == 3 && spacingMm.length == 3, "size, origin and spacing need 3 values");
        for (int d = 0; d < 3; d++) {
            check(size[d] > 0, "size must be positive, got " + Arrays.toString(size));
            check(spacingMm[d] > 0 && Double.isFinite(spacingMm[d]), "spacing must be positive, got " + Arrays.toString(spacingMm));
        }
        this.size = size.clone();
        this.originMm = originMm.clone();
        this.spacingMm = spacingMm.clone();
        this.directions = new double[][] {unit(iDir, "iDir"), unit(jDir, "jDir"), unit(kDir, "kDir")};
        this.voxelToMm = new double[3][3];
        for (int axis = 0; axis < 3; axis++) {
            for (int r = 0; r < 3; r++) {
                voxelToMm[r][axis] = directions[axis][r] * spacingMm[axis];
            }
        }
        this.mmToVoxel = invert(voxelToMm);
    }

    /** Axial geometry with identity directions, convenient for synthetic data and tests. */
    public static VolumeGeometry axial(int[] size, double[] originMm, double[] spacingMm) {
        return new VolumeGeometry(size, originMm, spacingMm, new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1});
    }

    public int columns() {
        return size[0];
    }

    public int rows() {
        return size[1];
    }

    public int slices() {
        return size[2];
    }

    public int[] size() {
        return size.clone();
    }

    public double[] originMm() {
        return originMm.clone();
    }

    public double[] spacingMm() {
        return spacingMm.clone();
    }

    /** Unit direction of axis 0 (i), 1 (j) or 2 (k) in LPS. */
    public double[] direction(int axis) {
        return directions[axis].clone();
    }

    public long voxelCount() {
        return (long) size[0] * size[1] * size[2];
    }

    /** Volume of one voxel in millilitres (cm³), taking a sheared grid into account. */
    public double voxelVolumeMl() {
        return Math.abs(det(voxelToMm)) / 1000.0;
    }

    /** LPS position (mm) of a (possibly fractional) voxel index. */
    public double[] toMm(double i, double j, double k) {
        double[] p = new double[3];
        for (int r = 0; r < 3; r++) {
            p[r] = originMm[r] + voxelToMm[r][0] * i + voxelToMm[r][1] * j + voxelToMm[r][2] * k;
        }
        return p;
    }

    /** Fractional voxel index (i, j, k) of an LPS position in mm. */
    public double[] toVoxel(double x, double y, double z) {
        double dx = x - originMm[0];
        double dy = y - originMm[1];
        double dz = z - originMm[2];
        double[] v = new double[3];
        for (int r = 0; r < 3; r++) {
            v[r] = mmToVoxel[r][0] * dx + mmToVoxel[r][1] * dy + mmToVoxel[r][2] * dz;
        }
        return v;
    }

    /** True when the (integer) voxel index lies inside the grid. */
    public boolean contains(long i, long j, long k) {
        return i >= 0 && j >= 0 && k >= 0 && i < size[0] && j < size[1] && k < size[2];
    }

    @Override
    public String toString() {
        return "VolumeGeometry[size=" + Arrays.toString(size) + ", origin=" + Arrays.toString(originMm)
                + ", spacing=" + Arrays.toString(spacingMm) + ", i=" + Arrays.toString(directions[0])
                + ", j=" + Arrays.toString(directions[1]) + ", k=" + Arrays.toString(directions[2]) + "]";
    }

    private static double[] unit(double[] v, String name) {
        check(v.length == 3, name + " needs 3 values");
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        check(n > 1e-6 && Double.isFinite(n), name + " must be a non-zero vector, got " + Arrays.toString(v));
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    private static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    private static double[][] invert(double[][] m) {
        double d = det(m);
        check(Math.abs(d) > 1e-12, "voxel axes are degenerate (parallel directions)");
        double[][] inv = new double[3][3];
        inv[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / d;
        inv[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / d;
        inv[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / d;
        inv[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / d;
        inv[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / d;
        inv[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / d;
        inv[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / d;
        inv[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / d;
        inv[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / d;
        return inv;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
