package org.liverlens.core.promptnet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * One training example from a pasted lesion ({@link LesionInstances.Instance}), encoded as the
 * network sees it at inference ({@link SliceCrop#encode}), with simulated prompts:
 * <ul>
 * <li><b>start</b> (45 %): a slice of the lesion (its centroid slice half the time), a positive click at
 * the slice's voxel nearest its centroid (40 %) or at a random voxel of its inner half; sometimes a
 * second positive click, 1–2 negative clicks on the liver around it, or a box (with or without a
 * click); the crop centred between the click and the lesion's centre, its pixel size either random
 * (the first pass) or fitted to the lesion as {@link LearnedPrompt} fits it;</li>
 * <li><b>propagation</b> (the rest: 40 % by default): a slice from one before the lesion to one after
 * it (a third of them the slice just past its end: the network must learn to stop), the mask of the slice above or below
 * it as the previous-slice channel (its outline moved by a random threshold of its coverage; in 15 %
 * grown by 2–7 pixels, the network to follow the image rather than the mask; in 10 % moved off the
 * lesion onto the liver, target empty), no click;</li>
 * <li><b>parenchyma</b> ({@code train-prompt --parenchyma-share}, 15 % by default): a click on the liver
 * away from the lesion, target empty.</li>
 * </ul>
 * Then a random rotation and mirror of the crop and an HU gain (0.95–1.05) and offset (±10 HU).
 */
final class PromptSamples {
    private final int size;
    private final double[] windowHu;
    private final double sigmaMm;
    private final double[] pixelRange;
    private final double sliceStepMm;
    private final double parenchymaShare;

    PromptSamples(int size, double[] windowHu, double sigmaMm, double[] pixelRange, double sliceStepMm,
                  double parenchymaShare) {
        this.size = size;
        this.windowHu = windowHu.clone();
        this.sigmaMm = sigmaMm;
        this.pixelRange = pixelRange.clone();
        this.sliceStepMm = sliceStepMm;
        this.parenchymaShare = parenchymaShare;
    }

    /** Writes example {@code b} of a batch into {@code x} and {@code y}; false when this draw does not work out. */
    boolean sample(LesionInstances.Instance in, SplittableRandom r, float[] x, float[] y, int b) {
        VolumeGeometry g = in.ct().geometry();
        double[] sp = g.spacingMm();
        BitMask lesion = in.lesion();
        int stride = LearnedPrompt.stride(g, sliceStepMm);
        int kmin = -1;
        int kmax = -1;
        long maxArea = 0;
        for (int k = 0; k < g.slices(); k++) {
            long a = lesion.countSlice(k);
            if (a > 0) {
                kmin = kmin < 0 ? k : kmin;
                kmax = k;
                maxArea = Math.max(maxArea, a);
            }
        }
        if (kmin < 0) {
            return false;
        }
        Prompt.Click centroid = Prompt.Click.atCentroid(lesion);
        double maxDiameterMm = 2 * Math.sqrt(maxArea * sp[0] * sp[1] / Math.PI);
        List<Prompt.Click> pos = new ArrayList<>();
        List<Prompt.Click> neg = new ArrayList<>();
        Prompt.Box box = null;
        float[] previous = null;
        boolean emptyTarget = false;
        int k;
        double ci;
        double cj;
        double pixel;
        double u = r.nextDouble();
        if (u < parenchymaShare) {
            k = kmin + r.nextInt(kmax - kmin + 1);
            int[] v = liverAwayFrom(in, k, centroid, maxDiameterMm / 2 + 10, r);
            if (v == null) {
                return false;
            }
            pos.add(new Prompt.Click(v[0], v[1], k));
            ci = v[0] + r.nextGaussian() * 2;
            cj = v[1] + r.nextGaussian() * 2;
            pixel = logUniform(r, pixelRange[0], pixelRange[1]);
            emptyTarget = true;
        } else if (u < parenchymaShare + 0.45) {
            k = r.nextBoolean() ? centroid.k() : kmin + r.nextInt(kmax - kmin + 1);
            long area = lesion.countSlice(k);
            if (area * 3 < maxArea || area == 0) {
                k = centroid.k();
                area = lesion.countSlice(k);
            }
            List<int[]> inner = innerHalf(lesion, k);
            double[] sc = lesion.sliceCentroid(k);
            Prompt.Click click = r.nextDouble() < 0.4 ? nearest(lesion, k, sc)
                    : toClick(inner.get(r.nextInt(inner.size())), k);
            double sliceDiameter = 2 * Math.sqrt(area * sp[0] * sp[1] / Math.PI);
            double v = r.nextDouble();
            if (v < 0.2) {
                int[] bb = sliceBox(lesion, k);
                int wi = bb[2] - bb[0] + 1;
                int wj = bb[3] - bb[1] + 1;
                int i0 = bb[0] - (int) Math.round(wi * (r.nextDouble() * 0.2 - 0.05));
                int i1 = bb[2] + (int) Math.round(wi * (r.nextDouble() * 0.2 - 0.05));
                int j0 = bb[1] - (int) Math.round(wj * (r.nextDouble() * 0.2 - 0.05));
                int j1 = bb[3] + (int) Math.round(wj * (r.nextDouble() * 0.2 - 0.05));
                if (i1 - i0 < 2 || j1 - j0 < 2) {
                    return false;
                }
                box = new Prompt.Box(i0, j0, i1, j1, k);
                if (r.nextBoolean()) {
                    pos.add(click);
                }
            } else {
                pos.add(click);
                if (v < 0.35 && inner.size() > 1) {
                    pos.add(toClick(inner.get(r.nextInt(inner.size())), k));
                }
            }
            if (r.nextDouble() < 0.25) {
                int count = 1 + r.nextInt(2);
                for (int q = 0; q < count; q++) {
                    int[] nv = liverAwayFrom(in, k, new Prompt.Click((int) sc[0], (int) sc[1], k),
                            sliceDiameter / 2 + 3 + r.nextDouble() * 12, r);
                    if (nv != null && !lesion.get(nv[0], nv[1], k)) {
                        neg.add(new Prompt.Click(nv[0], nv[1], k));
                    }
                }
            }
            double t = r.nextDouble();
            double fi = box != null && pos.isEmpty() ? (box.i0() + box.i1()) / 2.0 : click.i();
            double fj = box != null && pos.isEmpty() ? (box.j0() + box.j1()) / 2.0 : click.j();
            ci = fi + t * (sc[0] - fi);
            cj = fj + t * (sc[1] - fj);
            pixel = r.nextDouble() < 0.35 ? logUniform(r, pixelRange[0], pixelRange[1])
                    : fitted(sliceDiameter, r);
        } else {
            // either way: from a clicked slice off the lesion's centre, propagation runs towards the larger part too
            int dir = r.nextBoolean() ? 1 : -1;
            double w = r.nextDouble();
            if (w < 0.3) {
                // the slice just past the lesion's end: the network must stop there
                k = dir > 0 ? kmax + stride : kmin - stride;
            } else {
                k = Math.max(0, Math.min(g.slices() - 1, kmin - stride + r.nextInt(kmax - kmin + 2 * stride + 1)));
            }
            int kp = k - dir * stride;
            if (k < 0 || k >= g.slices() || kp < 0 || kp >= g.slices() || lesion.countSlice(kp) == 0) {
                return false;
            }
            double[] sc = lesion.sliceCentroid(centroid.k());
            double jitter = 0.12 * size;
            pixel = fitted(maxDiameterMm, r);
            ci = sc[0] + r.nextGaussian() * jitter * pixel / sp[0] / 2;
            cj = sc[1] + r.nextGaussian() * jitter * pixel / sp[1] / 2;
            SliceCrop crop = new SliceCrop(size, pixel, ci, cj, r.nextDouble() * 2 * Math.PI, r.nextBoolean(), sp);
            float[] cover = crop.mask(lesion, kp);
            double cut = 0.3 + 0.4 * r.nextDouble(); // the previous outline a little wider or narrower
            previous = new float[cover.length];
            for (int p = 0; p < cover.length; p++) {
                previous[p] = cover[p] > cut ? 1 : 0;
            }
            if (w >= 0.3 && w < 0.45) {
                // a previous mask grown past the lesion: the network follows the image, not the mask
                previous = SliceCrop.dilate(previous, size, 2 + r.nextInt(6));
            } else if (w >= 0.45 && w < 0.55) {
                // a previous mask moved off the lesion onto the liver: nothing of this lesion continues it
                int[] v = liverAwayFrom(in, k, centroid, maxDiameterMm + 5, r);
                if (v == null) {
                    return false;
                }
                double[] from = crop.toCrop(sc[0], sc[1]);
                double[] to = crop.toCrop(v[0], v[1]);
                previous = shift(previous, (int) Math.round(to[0] - from[0]), (int) Math.round(to[1] - from[1]));
                return write(in, crop, k, stride, pos, neg, null, previous, true, r, x, y, b);
            }
            return write(in, crop, k, stride, pos, neg, null, previous, false, r, x, y, b);
        }
        SliceCrop crop = new SliceCrop(size, pixel, ci, cj, r.nextDouble() * 2 * Math.PI, r.nextBoolean(), sp);
        return write(in, crop, k, stride, pos, neg, box, previous, emptyTarget, r, x, y, b);
    }

    private boolean write(LesionInstances.Instance in, SliceCrop crop, int k, int stride, List<Prompt.Click> pos,
                          List<Prompt.Click> neg, Prompt.Box box, float[] previous, boolean emptyTarget,
                          SplittableRandom r, float[] x, float[] y, int b) {
        int n = size * size;
        crop.encode(in.ct(), k, stride, windowHu, sigmaMm, pos, neg, box, previous, x, b * SliceCrop.CHANNELS * n);
        double span = windowHu[1] - windowHu[0];
        double gain = 0.95 + 0.1 * r.nextDouble();
        double offset = (r.nextDouble() * 2 - 1) * 10 / span;
        for (int q = b * SliceCrop.CHANNELS * n; q < b * SliceCrop.CHANNELS * n + 3 * n; q++) {
            double hu = x[q] * span + windowHu[0];
            x[q] = (float) Math.max(0, Math.min(1, ((hu - 0) * gain - windowHu[0]) / span + offset));
        }
        if (emptyTarget) {
            return true;
        }
        float[] t = crop.mask(in.lesion(), k);
        for (int p = 0; p < n; p++) {
            y[b * n + p] = t[p] >= 0.5f ? 1 : 0;
        }
        return true;
    }

    /** {@code m} moved by (dx, dy) pixels; what leaves the crop is lost. */
    private float[] shift(float[] m, int dx, int dy) {
        float[] out = new float[m.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int sx = x - dx;
                int sy = y - dy;
                if (sx >= 0 && sy >= 0 && sx < size && sy < size) {
                    out[y * size + x] = m[sy * size + sx];
                }
            }
        }
        return out;
    }

    /** The pixel size {@link LearnedPrompt} would choose for a lesion of this diameter, give or take 25 %. */
    private double fitted(double diameterMm, SplittableRandom r) {
        double p = diameterMm / (size * LearnedPrompt.LESION_SHARE) * Math.exp(r.nextGaussian() * 0.25);
        return Math.max(pixelRange[0], Math.min(pixelRange[1], p));
    }

    private static double logUniform(SplittableRandom r, double lo, double hi) {
        return Math.exp(Math.log(lo) + r.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    private static Prompt.Click toClick(int[] v, int k) {
        return new Prompt.Click(v[0], v[1], k);
    }

    /** A liver voxel of slice k at least {@code mm} in plane from {@code c}, or null after 60 tries. */
    private static int[] liverAwayFrom(LesionInstances.Instance in, int k, Prompt.Click c, double mm, SplittableRandom r) {
        VolumeGeometry g = in.ct().geometry();
        double[] sp = g.spacingMm();
        for (int t = 0; t < 60; t++) {
            double a = r.nextDouble() * 2 * Math.PI;
            double d = mm + r.nextDouble() * 25;
            int i = (int) Math.round(c.i() + Math.cos(a) * d / sp[0]);
            int j = (int) Math.round(c.j() + Math.sin(a) * d / sp[1]);
            if (g.contains(i, j, k) && in.liver().get(i, j, k) && !in.lesion().get(i, j, k)) {
                return new int[] {i, j};
            }
        }
        return null;
    }

    private static Prompt.Click nearest(BitMask m, int k, double[] c) {
        int cols = m.geometry().columns();
        double best = Double.MAX_VALUE;
        int bp = -1;
        for (int p = 0; p < cols * m.geometry().rows(); p++) {
            if (m.getIndex(k, p)) {
                double d = Math.hypot(p % cols - c[0], p / cols - c[1]);
                if (d < best) {
                    best = d;
                    bp = p;
                }
            }
        }
        return new Prompt.Click(bp % cols, bp / cols, k);
    }

    private static int[] sliceBox(BitMask m, int k) {
        int cols = m.geometry().columns();
        int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int p = 0; p < cols * m.geometry().rows(); p++) {
            if (m.getIndex(k, p)) {
                b[0] = Math.min(b[0], p % cols);
                b[1] = Math.min(b[1], p / cols);
                b[2] = Math.max(b[2], p % cols);
                b[3] = Math.max(b[3], p / cols);
            }
        }
        return b;
    }

    /**
     * The voxels of slice k of {@code m} whose in-plane depth (city-block steps to the outside) is at
     * least half the slice's largest: the inner half a reader clicks in.
     */
    static List<int[]> innerHalf(BitMask m, int k) {
        int cols = m.geometry().columns();
        int rows = m.geometry().rows();
        int[] d = new int[cols * rows];
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < cols; i++) {
                int p = j * cols + i;
                if (!m.getIndex(k, p)) {
                    continue;
                }
                int up = j > 0 ? d[p - cols] : 0;
                int left = i > 0 ? d[p - 1] : 0;
                d[p] = Math.min(up, left) + 1;
            }
        }
        int max = 0;
        for (int j = rows - 1; j >= 0; j--) {
            for (int i = cols - 1; i >= 0; i--) {
                int p = j * cols + i;
                if (d[p] == 0) {
                    continue;
                }
                int down = j < rows - 1 ? d[p + cols] : 0;
                int right = i < cols - 1 ? d[p + 1] : 0;
                d[p] = Math.min(d[p], Math.min(down, right) + 1);
                max = Math.max(max, d[p]);
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int p = 0; p < d.length; p++) {
            if (d[p] > 0 && 2 * d[p] >= max) {
                out.add(new int[] {p % cols, p / cols});
            }
        }
        return out;
    }
}
