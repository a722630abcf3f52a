package org.liverlens.core.synth;

/**
 * Smooth value noise at millimetre positions: hashed random values on a lattice of the given cell
 * size, interpolated with a smoothstep, scaled to unit SD. A pure function of seed and position, so
 * a lesion's texture does not depend on the voxel grid or the order voxels are visited in. The
 * generator's randomised rendering (liver texture, bias field) uses the same noise through {@link #raw}.
 */
public final class LatticeNoise {
    /** Measured SD of the unscaled interpolated noise (uniform lattice values in [-1, 1]). */
    private static final double UNIT_SD = 0.34;
    private final long seed;
    private final double cellMm;

    public LatticeNoise(long seed, double cellMm) {
        this.seed = seed;
        this.cellMm = cellMm;
    }

    /** The noise at (x, y, z) mm, mean 0 and SD about 1. */
    public double at(double x, double y, double z) {
        return raw(x, y, z) / UNIT_SD;
    }

    /** The interpolated lattice values at (x, y, z) mm, within −1..1 (SD about {@value #UNIT_SD}). */
    public double raw(double x, double y, double z) {
        double fx = x / cellMm;
        double fy = y / cellMm;
        double fz = z / cellMm;
        long ix = (long) Math.floor(fx);
        long iy = (long) Math.floor(fy);
        long iz = (long) Math.floor(fz);
        double tx = smooth(fx - ix);
        double ty = smooth(fy - iy);
        double tz = smooth(fz - iz);
        double c00 = lerp(value(ix, iy, iz), value(ix + 1, iy, iz), tx);
        double c10 = lerp(value(ix, iy + 1, iz), value(ix + 1, iy + 1, iz), tx);
        double c01 = lerp(value(ix, iy, iz + 1), value(ix + 1, iy, iz + 1), tx);
        double c11 = lerp(value(ix, iy + 1, iz + 1), value(ix + 1, iy + 1, iz + 1), tx);
        return lerp(lerp(c00, c10, ty), lerp(c01, c11, ty), tz);
    }

    private double value(long i, long j, long k) {
        long h = seed ^ (i * 0x9E3779B97F4A7C15L) ^ (j * 0xC2B2AE3D27D4EB4FL) ^ (k * 0x165667B19E3779F9L);
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-52 - 1.0;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
