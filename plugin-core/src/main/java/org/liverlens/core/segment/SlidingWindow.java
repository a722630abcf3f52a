package org.liverlens.core.segment;

/**
 * Tiling of a grid by overlapping patches, and the Gaussian weight that blends them (as nnU-Net
 * does): patch predictions are summed with weights highest at the patch centre, then divided by
 * the summed weights, so seams vanish and border pixels of a patch count little.
 */
final class SlidingWindow {
    /** Smallest weight, relative to the centre, so that no pixel has weight 0. */
    static final float MIN_WEIGHT = 1e-3f;

    private SlidingWindow() {
    }

    /**
     * Start positions of patches of {@code patch} voxels along an axis of {@code size} voxels with the
     * given overlap fraction: first at 0, last at {@code size − patch}, evenly spaced with steps of at
     * most {@code patch·(1 − overlap)}. One patch at 0 when the axis is not longer than the patch (the
     * patch is then padded).
     */
    static int[] starts(int size, int patch, double overlap) {
        if (size <= patch) {
            return new int[] {0};
        }
        double step = Math.max(1, Math.floor(patch * (1 - overlap)));
        int n = (int) Math.ceil((size - patch) / step) + 1;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = (int) Math.round((double) i * (size - patch) / (n - 1));
        }
        return s;
    }

    /**
     * Separable Gaussian weights of a patch, row-major over the given sizes (slowest first), with
     * sigma = {@code sigmaScale} × size per axis, scaled to 1 at the centre and at least
     * {@link #MIN_WEIGHT}.
     */
    static float[] gaussian(int[] sizes, double sigmaScale) {
        double[][] axis = new double[sizes.length][];
        for (int a = 0; a < sizes.length; a++) {
            int n = sizes[a];
            axis[a] = new double[n];
            double c = (n - 1) / 2.0;
            double sigma = Math.max(1e-6, sigmaScale * n);
            for (int i = 0; i < n; i++) {
                axis[a][i] = n == 1 ? 1 : Math.exp(-(i - c) * (i - c) / (2 * sigma * sigma));
            }
            double max = 0;
            for (double v : axis[a]) {
                max = Math.max(max, v);
            }
            for (int i = 0; i < n; i++) {
                axis[a][i] /= max;
            }
        }
        int total = 1;
        for (int s : sizes) {
            total *= s;
        }
        float[] w = new float[total];
        for (int idx = 0; idx < total; idx++) {
            int rest = idx;
            double v = 1;
            for (int a = sizes.length - 1; a >= 0; a--) {
                v *= axis[a][rest % sizes[a]];
                rest /= sizes[a];
            }
            w[idx] = (float) Math.max(MIN_WEIGHT, v);
        }
        return w;
    }
}
