package org.liverlens.testdicom;

/**
 * Smooth random 3D value noise in −1..1: hashed values on a cubic lattice of {@code scaleMm},
 * interpolated with a smoothstep. Deterministic in the seed and the point alone, so slices can be
 * rendered in any order. Used for the liver's nodular texture and the bias field of randomised cases.
 */
final class SmoothField {
    private final long seed;
    private final double scaleMm;

    SmoothField(long seed, double scaleMm) {
        this.seed = seed;
        this.scaleMm = scaleMm;
    }

    /** The field at (x, y, z) mm. */
    double at(double x, double y, double z) {
        double fx = x / scaleMm;
        double fy = y / scaleMm;
        double fz = z / scaleMm;
        long ix = (long) Math.floor(fx);
        long iy = (long) Math.floor(fy);
        long iz = (long) Math.floor(fz);
        double tx = ease(fx - ix);
        double ty = ease(fy - iy);
        double tz = ease(fz - iz);
        double c00 = lerp(node(ix, iy, iz), node(ix + 1, iy, iz), tx);
        double c10 = lerp(node(ix, iy + 1, iz), node(ix + 1, iy + 1, iz), tx);
        double c01 = lerp(node(ix, iy, iz + 1), node(ix + 1, iy, iz + 1), tx);
        double c11 = lerp(node(ix, iy + 1, iz + 1), node(ix + 1, iy + 1, iz + 1), tx);
        return lerp(lerp(c00, c10, ty), lerp(c01, c11, ty), tz);
    }

    private double node(long ix, long iy, long iz) {
        long h = SyntheticCt.mix(seed, ix * 0x1F1F1F1FL + iy * 0x3C6EF372L + iz * 0x6A09E667L);
        return (h >>> 11) * 0x1.0p-53 * 2 - 1;
    }

    private static double ease(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + t * (b - a);
    }
}
