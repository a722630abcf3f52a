package org.liverlens.core.prompt;

import java.util.Arrays;

/**
 * The two tissues that compete for each voxel: the lesion (learned from the clicks or the box's
 * centre) and the parenchyma around it (the liver mask's, or else the soft-tissue histogram's
 * dominant peak in the region), in smoothed HU, with the parenchyma's spread for the confidence.
 */
record IntensityModel(double lesionHu, double parenchymaHu, double spreadHu) {
    /** Lowest lesion–parenchyma difference that counts as a lesion (smoothed HU); below it the click is tissue. */
    static final double MIN_CONTRAST_HU = 7;
    /** Soft tissue range for the parenchyma histogram when the liver is unknown. */
    static final int TISSUE_LOW_HU = -30;
    static final int TISSUE_HIGH_HU = 250;
    private static final int LOW = -100;
    private static final int HIGH = 400;
    private static final int BIN = 2;

    double contrast() {
        return Math.abs(lesionHu - parenchymaHu);
    }

    /** Lesion if darker than the parenchyma (hypodense); hyper-enhancing otherwise. */
    boolean hypodense() {
        return lesionHu < parenchymaHu;
    }

    /** Median of the values at the given region indices. */
    static double median(float[] values, int[] idx, int n) {
        float[] v = new float[n];
        for (int q = 0; q < n; q++) {
            v[q] = values[idx[q]];
        }
        Arrays.sort(v);
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    /**
     * The parenchyma peak of the region's tissue histogram: the dominant peak when it is at least
     * {@link #MIN_CONTRAST_HU} from the lesion, else the strongest other peak holding at least a
     * quarter of the dominant one (a large lesion that fills the region). NaN when the clicked
     * tissue is the region's only tissue: a click in normal parenchyma.
     */
    static double[] parenchyma(LocalRegion r, double lesionHu, byte[] exclude) {
        int bins = (HIGH - LOW) / BIN;
        double[] h = new double[bins];
        for (int p = 0; p < r.smooth.length; p++) {
            if (r.liver[p] == 0 || (exclude != null && exclude[p] != 0)) {
                continue;
            }
            float v = r.smooth[p];
            if (!r.liverKnown && (v < TISSUE_LOW_HU || v > TISSUE_HIGH_HU)) {
                continue;
            }
            int b = (int) ((v - LOW) / BIN);
            if (b >= 0 && b < bins) {
                h[b]++;
            }
        }
        double[] s = new double[bins];
        for (int b = 0; b < bins; b++) {
            double sum = 0;
            for (int q = Math.max(0, b - 3); q <= Math.min(bins - 1, b + 3); q++) {
                sum += h[q];
            }
            s[b] = sum;
        }
        int top = 0;
        for (int b = 1; b < bins; b++) {
            if (s[b] > s[top]) {
                top = b;
            }
        }
        if (s[top] == 0) {
            return null;
        }
        int peak = -1;
        if (Math.abs(hu(top) - lesionHu) >= MIN_CONTRAST_HU) {
            peak = top;
        } else {
            for (int b = 1; b < bins - 1; b++) {
                boolean localMax = s[b] >= s[b - 1] && s[b] >= s[b + 1];
                if (localMax && Math.abs(hu(b) - lesionHu) >= 2 * MIN_CONTRAST_HU && s[b] >= 0.25 * s[top]
                        && (peak < 0 || s[b] > s[peak])) {
                    peak = b;
                }
            }
        }
        if (peak < 0) {
            return null;
        }
        // Spread: half width at half maximum of the chosen peak, as a Gaussian SD.
        int lo = peak;
        while (lo > 0 && s[lo] > s[peak] / 2) {
            lo--;
        }
        int hi = peak;
        while (hi < bins - 1 && s[hi] > s[peak] / 2) {
            hi++;
        }
        double sd = Math.max(2.0, (hi - lo) * BIN / 2.355);
        return new double[] {hu(peak), sd};
    }

    private static double hu(int bin) {
        return LOW + (bin + 0.5) * BIN;
    }
}
