package org.liverlens.core.synth;

import java.util.Arrays;

/** Median and MAD-based SD of a sample, so vessels and lesions in a region do not pull the parenchyma figures. */
record RobustStats(double median, double sd, int n) {

    static RobustStats of(short[] values, int n) {
        if (n == 0) {
            return new RobustStats(Double.NaN, Double.NaN, 0);
        }
        short[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        double median = middle(v, n);
        short[] dev = new short[n];
        for (int i = 0; i < n; i++) {
            dev[i] = (short) Math.min(Short.MAX_VALUE, Math.abs(v[i] - median));
        }
        Arrays.sort(dev);
        return new RobustStats(median, 1.4826 * middle(dev, n), n);
    }

    private static double middle(short[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
