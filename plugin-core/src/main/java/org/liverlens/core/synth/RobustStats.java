package org.liverlens.core.synth;

/** Median and MAD-based SD of a sample, so vessels and lesions in a region do not pull the parenchyma figures. */
public record RobustStats(double median, double sd, int n) {
    private static final int LOW = -1024;
    private static final int HIGH = 3071;

    /** The statistics of {@code values[0..n)}, clamped to −1024…3071 HU, from a histogram (linear time). */
    public static RobustStats of(short[] values, int n) {
        if (n == 0) {
            return new RobustStats(Double.NaN, Double.NaN, 0);
        }
        int[] hist = new int[HIGH - LOW + 1];
        for (int i = 0; i < n; i++) {
            hist[Math.max(LOW, Math.min(HIGH, values[i])) - LOW]++;
        }
        double median = middle(hist, n) + LOW;
        int[] dev = new int[hist.length];
        for (int b = 0; b < hist.length; b++) {
            if (hist[b] != 0) {
                dev[(int) Math.min(dev.length - 1, Math.abs(b + LOW - median))] += hist[b];
            }
        }
        return new RobustStats(median, 1.4826 * middle(dev, n), n);
    }

    /** The median bin (mean of the two middle ones for even n). */
    private static double middle(int[] hist, int n) {
        int lo = -1;
        int hi = -1;
        long seen = 0;
        for (int b = 0; b < hist.length && hi < 0; b++) {
            seen += hist[b];
            if (lo < 0 && seen > (n - 1) / 2) {
                lo = b;
            }
            if (seen > n / 2) {
                hi = b;
            }
        }
        return (lo + hi) / 2.0;
    }
}
