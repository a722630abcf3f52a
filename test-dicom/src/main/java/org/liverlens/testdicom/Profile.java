package org.liverlens.testdicom;

/**
 * A smooth function of z through control points (z ascending), interpolated with a cosine ease
 * between neighbours and held constant beyond the ends. Used for body outlines that change along
 * the patient.
 */
final class Profile {
    private final double[] z;
    private final double[] v;

    private Profile(double[] z, double[] v) {
        this.z = z;
        this.v = v;
    }

    /** Control points as pairs z0, v0, z1, v1, ... with z ascending. */
    static Profile of(double... pairs) {
        if (pairs.length < 2 || pairs.length % 2 != 0) {
            throw new IllegalArgumentException("a profile needs pairs of (z, value)");
        }
        int n = pairs.length / 2;
        double[] z = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = pairs[2 * i];
            v[i] = pairs[2 * i + 1];
            if (i > 0 && z[i] <= z[i - 1]) {
                throw new IllegalArgumentException("profile z values must ascend");
            }
        }
        return new Profile(z, v);
    }

    static Profile constant(double value) {
        return new Profile(new double[] {0}, new double[] {value});
    }

    /** This profile with every value multiplied by {@code factor} and {@code add} added. */
    Profile scaled(double factor, double add) {
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = v[i] * factor + add;
        }
        return new Profile(z, w);
    }

    /** Point-wise sum of this and another profile, sampled at both sets of control points. */
    Profile plus(Profile o) {
        java.util.TreeSet<Double> zs = new java.util.TreeSet<>();
        for (double x : z) {
            zs.add(x);
        }
        for (double x : o.z) {
            zs.add(x);
        }
        double[] nz = new double[zs.size()];
        double[] nv = new double[zs.size()];
        int i = 0;
        for (double x : zs) {
            nz[i] = x;
            nv[i] = at(x) + o.at(x);
            i++;
        }
        return new Profile(nz, nv);
    }

    double at(double zz) {
        int n = z.length;
        if (zz <= z[0]) {
            return v[0];
        }
        if (zz >= z[n - 1]) {
            return v[n - 1];
        }
        int i = 1;
        while (z[i] < zz) {
            i++;
        }
        double t = (zz - z[i - 1]) / (z[i] - z[i - 1]);
        double s = 0.5 - 0.5 * StrictMath.cos(Math.PI * t);
        return v[i - 1] + s * (v[i] - v[i - 1]);
    }

    double min() {
        double m = Double.MAX_VALUE;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    double max() {
        double m = -Double.MAX_VALUE;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
