package org.liverlens.core.promptnet;

import java.util.List;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * The square crop of one axial slice the network sees: {@code size × size} pixels of {@code pixelMm}
 * centred on a point of the slice (CT voxel coordinates), optionally rotated and mirrored (training
 * augmentation; inference uses neither). It samples the CT (bilinear, −1024 HU outside the series)
 * and masks (bilinear coverage) onto the crop, draws clicks and boxes as channels, and maps a crop
 * back onto the CT grid. Training and inference encode through the same code ({@link #encode}).
 */
final class SliceCrop {
    private final int size;
    private final double pixelMm;
    /** For each crop pixel, its CT voxel position i and j (fractional). */
    private final double[] vi;
    private final double[] vj;
    private final double ci;
    private final double cj;
    private final double cos;
    private final double sin;
    private final boolean flip;
    private final double spx;
    private final double spy;

    /**
     * @param ci      centre column (CT voxel coordinates, fractional)
     * @param cj      centre row
     * @param angle   rotation in radians (0 at inference)
     * @param flip    mirror the crop's x axis
     * @param spacing the CT's spacing (x, y, …) in mm
     */
    SliceCrop(int size, double pixelMm, double ci, double cj, double angle, boolean flip, double[] spacing) {
        this.size = size;
        this.pixelMm = pixelMm;
        this.ci = ci;
        this.cj = cj;
        this.cos = Math.cos(angle);
        this.sin = Math.sin(angle);
        this.flip = flip;
        this.spx = spacing[0];
        this.spy = spacing[1];
        vi = new double[size * size];
        vj = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = (x + 0.5 - size / 2.0) * pixelMm;
                double v = (y + 0.5 - size / 2.0) * pixelMm;
                if (flip) {
                    u = -u;
                }
                vi[y * size + x] = ci + (cos * u - sin * v) / spx;
                vj[y * size + x] = cj + (sin * u + cos * v) / spy;
            }
        }
    }

    int size() {
        return size;
    }

    double pixelMm() {
        return pixelMm;
    }

    double centreI() {
        return ci;
    }

    double centreJ() {
        return cj;
    }

    /** The crop position (x, y, continuous, pixel centres at n + 0.5) of CT voxel (i, j). */
    double[] toCrop(double i, double j) {
        double du = (i - ci) * spx;
        double dv = (j - cj) * spy;
        double u = cos * du + sin * dv;
        double v = -sin * du + cos * dv;
        if (flip) {
            u = -u;
        }
        return new double[] {u / pixelMm + size / 2.0, v / pixelMm + size / 2.0};
    }

    /** The CT's slice {@code k} (clamped to the series) on the crop, HU, bilinear; −1024 outside the slice. */
    float[] hu(HuVolume ct, int k) {
        int kk = Math.max(0, Math.min(ct.geometry().slices() - 1, k));
        short[] s = ct.slice(kk);
        int cols = ct.geometry().columns();
        int rows = ct.geometry().rows();
        float[] out = new float[size * size];
        for (int p = 0; p < out.length; p++) {
            out[p] = (float) bilinear(s, cols, rows, vi[p], vj[p], -1024);
        }
        return out;
    }

    /** The coverage (0…1, bilinear) of {@code m}'s slice {@code k} on the crop; 0 outside the series. */
    float[] mask(BitMask m, int k) {
        float[] out = new float[size * size];
        if (k < 0 || k >= m.geometry().slices() || m.isSliceEmpty(k)) {
            return out;
        }
        int cols = m.geometry().columns();
        int rows = m.geometry().rows();
        for (int p = 0; p < out.length; p++) {
            double x = vi[p];
            double y = vj[p];
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            double fx = x - x0;
            double fy = y - y0;
            double v = 0;
            v += bit(m, cols, rows, x0, y0, k) * (1 - fx) * (1 - fy);
            v += bit(m, cols, rows, x0 + 1, y0, k) * fx * (1 - fy);
            v += bit(m, cols, rows, x0, y0 + 1, k) * (1 - fx) * fy;
            v += bit(m, cols, rows, x0 + 1, y0 + 1, k) * fx * fy;
            out[p] = (float) v;
        }
        return out;
    }

    private static int bit(BitMask m, int cols, int rows, int i, int j, int k) {
        return i >= 0 && j >= 0 && i < cols && j < rows && m.get(i, j, k) ? 1 : 0;
    }

    private static double bilinear(short[] s, int cols, int rows, double x, double y, double outside) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -1 || y0 < -1 || x0 >= cols || y0 >= rows) {
            return outside;
        }
        double fx = x - x0;
        double fy = y - y0;
        return value(s, cols, rows, x0, y0, outside) * (1 - fx) * (1 - fy)
                + value(s, cols, rows, x0 + 1, y0, outside) * fx * (1 - fy)
                + value(s, cols, rows, x0, y0 + 1, outside) * (1 - fx) * fy
                + value(s, cols, rows, x0 + 1, y0 + 1, outside) * fx * fy;
    }

    private static double value(short[] s, int cols, int rows, int i, int j, double outside) {
        return i >= 0 && j >= 0 && i < cols && j < rows ? s[j * cols + i] : outside;
    }

    /** Adds a Gaussian of {@code sigmaMm} peaking at 1 at CT voxel (i, j) into {@code out} (maximum, not sum). */
    void click(double i, double j, double sigmaMm, float[] out, int offset) {
        double[] c = toCrop(i, j);
        double s2 = 2 * (sigmaMm / pixelMm) * (sigmaMm / pixelMm);
        int reach = (int) Math.ceil(3 * sigmaMm / pixelMm);
        for (int y = Math.max(0, (int) c[1] - reach); y <= Math.min(size - 1, (int) c[1] + reach); y++) {
            for (int x = Math.max(0, (int) c[0] - reach); x <= Math.min(size - 1, (int) c[0] + reach); x++) {
                double dx = x + 0.5 - c[0];
                double dy = y + 0.5 - c[1];
                float g = (float) Math.exp(-(dx * dx + dy * dy) / s2);
                int q = offset + y * size + x;
                out[q] = Math.max(out[q], g);
            }
        }
    }

    /** Sets 1 where the crop pixel's centre lies in the box (CT voxel corners, inclusive). */
    void box(double i0, double j0, double i1, double j1, float[] out, int offset) {
        for (int p = 0; p < size * size; p++) {
            if (vi[p] >= i0 - 0.5 && vi[p] <= i1 + 0.5 && vj[p] >= j0 - 0.5 && vj[p] <= j1 + 0.5) {
                out[offset + p] = 1;
            }
        }
    }

    /**
     * The network input of slice {@code k} into {@code out} at {@code offset}: the slices {@code stride}
     * below, at and above k windowed to 0…1, the positive and negative clicks of slice k, the box when it
     * lies on slice k, and {@code previous} (the mask of the slice before in the propagation, or null).
     */
    void encode(HuVolume ct, int k, int stride, double[] windowHu, double sigmaMm, List<Prompt.Click> positives,
                List<Prompt.Click> negatives, Prompt.Box box, float[] previous, float[] out, int offset) {
        int n = size * size;
        double lo = windowHu[0];
        double span = windowHu[1] - windowHu[0];
        for (int c = 0; c < 3; c++) {
            float[] hu = hu(ct, k + (c - 1) * stride);
            for (int p = 0; p < n; p++) {
                out[offset + c * n + p] = (float) Math.max(0, Math.min(1, (hu[p] - lo) / span));
            }
        }
        for (Prompt.Click c : positives) {
            if (c.k() == k) {
                click(c.i(), c.j(), sigmaMm, out, offset + 3 * n);
            }
        }
        for (Prompt.Click c : negatives) {
            if (c.k() == k) {
                click(c.i(), c.j(), sigmaMm, out, offset + 4 * n);
            }
        }
        if (box != null && box.k() == k) {
            box(box.i0(), box.j0(), box.i1(), box.j1(), out, offset + 5 * n);
        }
        if (previous != null) {
            System.arraycopy(previous, 0, out, offset + 6 * n, n);
        }
    }

    /** {@code mask} (0/1 on a {@code c × c} crop) grown by a square of radius {@code rad} pixels (two separable passes). */
    static float[] dilate(float[] mask, int c, int rad) {
        float[] rows = new float[c * c];
        float[] out = new float[c * c];
        for (int line = 0; line < c; line++) {
            dilateLine(mask, rows, line * c, 1, c, rad);
        }
        for (int line = 0; line < c; line++) {
            dilateLine(rows, out, line, c, c, rad);
        }
        return out;
    }

    /** One line of {@link #dilate}: the {@code count} pixels from {@code start} by {@code step}, within {@code rad} of a set one. */
    private static void dilateLine(float[] in, float[] out, int start, int step, int count, int rad) {
        int last = Integer.MIN_VALUE / 2;
        for (int q = 0; q < count; q++) {
            last = in[start + q * step] > 0 ? q : last;
            out[start + q * step] = q - last <= rad ? 1 : 0;
        }
        last = Integer.MAX_VALUE / 2;
        for (int q = count - 1; q >= 0; q--) {
            last = in[start + q * step] > 0 ? q : last;
            if (last - q <= rad) {
                out[start + q * step] = 1;
            }
        }
    }

    /** The input channels {@link #encode} writes. */
    static final int CHANNELS = 7;

    /** Bilinear value of a crop image at continuous crop position (x, y); 0 outside. */
    static double sample(float[] crop, int size, double x, double y) {
        double gx = x - 0.5;
        double gy = y - 0.5;
        int x0 = (int) Math.floor(gx);
        int y0 = (int) Math.floor(gy);
        if (x0 < -1 || y0 < -1 || x0 >= size || y0 >= size) {
            return 0;
        }
        double fx = gx - x0;
        double fy = gy - y0;
        return at(crop, size, x0, y0) * (1 - fx) * (1 - fy) + at(crop, size, x0 + 1, y0) * fx * (1 - fy)
                + at(crop, size, x0, y0 + 1) * (1 - fx) * fy + at(crop, size, x0 + 1, y0 + 1) * fx * fy;
    }

    private static double at(float[] crop, int size, int x, int y) {
        return x >= 0 && y >= 0 && x < size && y < size ? crop[y * size + x] : 0;
    }

    /** The CT columns and rows this crop covers: {i0, j0, i1, j1}, clipped to the slice. */
    int[] footprint(int columns, int rows) {
        double r = size * pixelMm * Math.sqrt(0.5) + 1;
        int i0 = Math.max(0, (int) Math.floor(ci - r / spx));
        int i1 = Math.min(columns - 1, (int) Math.ceil(ci + r / spx));
        int j0 = Math.max(0, (int) Math.floor(cj - r / spy));
        int j1 = Math.min(rows - 1, (int) Math.ceil(cj + r / spy));
        return new int[] {i0, j0, i1, j1};
    }
}
