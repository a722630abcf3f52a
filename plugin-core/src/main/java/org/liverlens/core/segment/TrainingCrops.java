package org.liverlens.core.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.Resampler;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The training cases on the model grid and the augmented crops {@link Training} draws from them
 * (recipe: docs/models.md): random 2.5D crops with random scale, rotation, HU gain and offset and
 * noise, centred on the liver (or, when fine-tuning, on the tumour) part of the time. A share of the
 * crops are hard negatives: at and above the liver dome, where the heart sits on the diaphragm, and
 * on the left lobe's tip beside the stomach, where the labels say background.
 */
final class TrainingCrops {
    /** Share of crops taken at the liver dome and up to 40 mm above it (heart, lung bases). */
    static final double DOME_SHARE = 0.15;
    /** Share of the liver-centred crops centred on the left lobe's tip (stomach, heart, left subphrenic space). */
    static final double LEFT_LOBE_SHARE = 0.25;

    /**
     * A case on the model grid, cut to the liver's slices ± a margin. A plain class, not a record:
     * it holds a CT's slices and labels, which no code compares (a record would compare them by
     * array identity, which looks like value equality and is not).
     */
    static final class Prepared {
        private final String name;
        private final short[][] hu;
        private final byte[][] labels;
        private final int columns;
        private final int rows;
        private final double sliceSpacingMm;
        private final int[] liverSlices;
        private final int[] tumourSlices;
        private final boolean real;

        Prepared(String name, short[][] hu, byte[][] labels, int columns, int rows, double sliceSpacingMm,
                 int[] liverSlices, int[] tumourSlices, boolean real) {
            this.name = name;
            this.hu = hu;
            this.labels = labels;
            this.columns = columns;
            this.rows = rows;
            this.sliceSpacingMm = sliceSpacingMm;
            this.liverSlices = liverSlices;
            this.tumourSlices = tumourSlices;
            this.real = real;
        }

        String name() {
            return name;
        }

        short[][] hu() {
            return hu;
        }

        byte[][] labels() {
            return labels;
        }

        int columns() {
            return columns;
        }

        int rows() {
            return rows;
        }

        double sliceSpacingMm() {
            return sliceSpacingMm;
        }

        int[] liverSlices() {
            return liverSlices;
        }

        int[] tumourSlices() {
            return tumourSlices;
        }

        boolean real() {
            return real;
        }

        @Override
        public String toString() {
            return "Prepared[" + name + ", " + columns + "×" + rows + "×" + hu.length + (real ? ", real" : "") + "]";
        }
    }

    private final ModelSpec.InputSpec input;
    private final int crop;
    private final double realWeight;
    private final boolean fineTuning;
    /** Fresh synthesised tumours pasted into crops (not when fine-tuning on the user's own labels). */
    private final TrainingLesions lesions;
    /** Added by the producer thread while crops are drawn. */
    private final List<Prepared> synthetic = new CopyOnWriteArrayList<>();
    private final List<Prepared> real = new ArrayList<>();

    /**
     * @param crop       crop size in model pixels
     * @param realWeight share of crops taken from the real cases
     * @param fineTuning whether the real cases are the user's own (a third of their crops centre on the tumour)
     * @param faintShare share of the synthesised tumours made faint
     */
    TrainingCrops(ModelSpec.InputSpec input, int crop, double realWeight, boolean fineTuning, double faintShare) {
        this.input = input;
        this.crop = crop;
        this.realWeight = realWeight;
        this.fineTuning = fineTuning;
        this.lesions = fineTuning ? null : new TrainingLesions(input, faintShare);
    }

    /** The synthetic cases prepared so far (thread-safe: the producer adds to it). */
    List<Prepared> synthetic() {
        return synthetic;
    }

    /** The real cases. */
    List<Prepared> real() {
        return real;
    }

    /** The case on the model grid, cut to the liver's slices ± 40 mm (all slices when it has no liver). */
    Prepared prepare(LabelledCt c, boolean isReal) {
        HuVolume hu = ModelInput.onModelGrid(c.ct(), input);
        VolumeGeometry g = hu.geometry();
        LabelVolume labels = Resampler.resampledNearest(c.labels(), g);
        int first = -1;
        int last = -1;
        for (int k = 0; k < g.slices(); k++) {
            if (!labels.isSliceEmpty(k)) {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        int margin = (int) Math.ceil(40 / g.spacingMm()[2]);
        int k0 = first < 0 ? 0 : Math.max(0, first - margin);
        int k1 = first < 0 ? g.slices() - 1 : Math.min(g.slices() - 1, last + margin);
        int n = k1 - k0 + 1;
        short[][] h = new short[n][];
        byte[][] l = new byte[n][];
        List<Integer> liver = new ArrayList<>();
        List<Integer> tumour = new ArrayList<>();
        for (int k = k0; k <= k1; k++) {
            h[k - k0] = hu.slice(k).clone();
            short[] s = labels.slice(k);
            byte[] b = new byte[s.length];
            boolean any = false;
            boolean anyTumour = false;
            for (int p = 0; p < s.length; p++) {
                b[p] = (byte) s[p];
                any |= s[p] != 0;
                anyTumour |= s[p] == Segmenter.TUMOUR;
            }
            l[k - k0] = b;
            if (any) {
                liver.add(k - k0);
            }
            if (anyTumour) {
                tumour.add(k - k0);
            }
        }
        return new Prepared(c.name(), h, l, g.columns(), g.rows(), g.spacingMm()[2],
                liver.stream().mapToInt(Integer::intValue).toArray(), tumour.stream().mapToInt(Integer::intValue).toArray(),
                isReal);
    }

    /** One augmented crop into batch slot {@code b}. */
    void sample(SplittableRandom r, float[] x, float[] y, int b) {
        Prepared p;
        if (!real.isEmpty() && r.nextDouble() < realWeight) {
            p = real.get(r.nextInt(real.size()));
        } else {
            p = synthetic.get(r.nextInt(synthetic.size()));
        }
        int slices = p.hu().length;
        // Fine-tuning on a user's case with tumour outlined: a third of its crops centre on the tumour.
        boolean onTumour = fineTuning && p.real() && p.tumourSlices().length > 0 && r.nextDouble() < 1 / 3.0;
        boolean dome = !onTumour && p.liverSlices().length > 0 && r.nextDouble() < DOME_SHARE;
        int k = onTumour ? p.tumourSlices()[r.nextInt(p.tumourSlices().length)]
                : dome ? domeSlice(r, p)
                : p.liverSlices().length > 0 && r.nextDouble() < 0.8
                ? p.liverSlices()[r.nextInt(p.liverSlices().length)] : r.nextInt(slices);
        // Synthesised tumours, new for each crop: in most real-liver crops (they have none of their own),
        // in a third of the synthetic ones (the generator already drew theirs).
        if (lesions != null && r.nextDouble() < (p.real() ? 0.7 : 0.35)) {
            p = lesions.paste(p, k, r);
        }
        double[] offsets = ModelInput.channelOffsets(input, p.sliceSpacingMm());
        int cols = p.columns();
        int rows = p.rows();
        int channels = offsets.length;
        // centre: on the liver (or the tumour) of this slice 60 % of the time, anywhere inside the image otherwise
        double cx = cols / 2.0;
        double cy = rows / 2.0;
        byte[] lab = p.labels()[k];
        if (dome || onTumour || r.nextDouble() < 0.6) {
            // a dome crop centres on the liver 20 mm below the dome, moved part of the way towards the
            // midline, where the heart lies
            byte[] where = dome ? p.labels()[domeReference(p)] : lab;
            boolean leftLobe = !onTumour && !dome && r.nextDouble() < LEFT_LOBE_SHARE;
            long sx = 0;
            long sy = 0;
            long n = 0;
            int tipX = -1;
            int tipY = 0;
            for (int q = 0; q < where.length; q++) {
                if (onTumour ? where[q] == Segmenter.TUMOUR : where[q] != 0) {
                    sx += q % cols;
                    sy += q / cols;
                    n++;
                    if (q % cols > tipX) {
                        tipX = q % cols;
                        tipY = q / cols;
                    }
                }
            }
            if (n > 0) {
                cx = leftLobe ? tipX : (double) sx / n;
                cy = leftLobe ? tipY : (double) sy / n;
                if (dome) {
                    cx += r.nextDouble() * (cols / 2.0 - cx);
                }
                cx += r.nextDouble(-20, 20);
                cy += r.nextDouble(-20, 20);
            }
        } else {
            cx = r.nextDouble(crop / 3.0, Math.max(crop / 3.0 + 1, cols - crop / 3.0));
            cy = r.nextDouble(crop / 3.0, Math.max(crop / 3.0 + 1, rows - crop / 3.0));
        }
        double scale = r.nextDouble(0.85, 1.15);
        double angle = Math.toRadians(r.nextDouble(-12, 12));
        double ca = Math.cos(angle) * scale;
        double sa = Math.sin(angle) * scale;
        double gain = r.nextDouble(0.9, 1.1);
        double offset = r.nextDouble(-20, 20);
        double noise = r.nextDouble() < 0.5 ? r.nextDouble(0, 10) : 0;
        int plane = crop * crop;
        int base = b * channels * plane;
        for (int v = 0; v < crop; v++) {
            for (int u = 0; u < crop; u++) {
                double du = u - crop / 2.0;
                double dv = v - crop / 2.0;
                double sx = cx + ca * du - sa * dv;
                double sy = cy + sa * du + ca * dv;
                int nx = (int) Math.round(sx);
                int ny = (int) Math.round(sy);
                y[b * plane + v * crop + u] = nx >= 0 && ny >= 0 && nx < cols && ny < rows ? lab[ny * cols + nx] : 0;
                double n = noise > 0 ? r.nextGaussian() * noise : 0;
                for (int c = 0; c < channels; c++) {
                    double hu = sampleHu(p, k + offsets[c], sx, sy) * gain + offset + n;
                    x[base + c * plane + v * crop + u] = input.normalise(hu);
                }
            }
        }
    }

    /** A slice from just below the liver dome to 40 mm above it (the prepared case ends there). */
    static int domeSlice(SplittableRandom r, Prepared p) {
        int top = p.liverSlices()[p.liverSlices().length - 1];
        int above = (int) Math.ceil(40 / p.sliceSpacingMm());
        int lo = Math.max(0, top - 2);
        int hi = Math.min(p.hu().length - 1, top + above);
        return lo + r.nextInt(hi - lo + 1);
    }

    /** The liver slice 20 mm below the dome, whose liver the dome crops centre on. */
    private static int domeReference(Prepared p) {
        int[] liver = p.liverSlices();
        int top = liver[liver.length - 1];
        int below = top - (int) Math.round(20 / p.sliceSpacingMm());
        for (int k : liver) {
            if (k >= below) {
                return k;
            }
        }
        return top;
    }

    /** Bilinear in-plane, linear along z (clamped), −1024 outside the image. */
    private static double sampleHu(Prepared p, double z, double sx, double sy) {
        int cols = p.columns();
        int rows = p.rows();
        if (sx < 0 || sy < 0 || sx > cols - 1 || sy > rows - 1) {
            return ModelInput.OUTSIDE_HU;
        }
        z = Math.max(0, Math.min(p.hu().length - 1, z));
        int z0 = (int) z;
        int z1 = Math.min(z0 + 1, p.hu().length - 1);
        double fz = z - z0;
        double a = bilinear(p.hu()[z0], cols, sx, sy, rows);
        return fz == 0 ? a : a + fz * (bilinear(p.hu()[z1], cols, sx, sy, rows) - a);
    }

    private static double bilinear(short[] s, int cols, double x, double y, int rows) {
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, cols - 1);
        int y1 = Math.min(y0 + 1, rows - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = s[y0 * cols + x0] + fx * (s[y0 * cols + x1] - s[y0 * cols + x0]);
        double bottom = s[y1 * cols + x0] + fx * (s[y1 * cols + x1] - s[y1 * cols + x0]);
        return top + fy * (bottom - top);
    }
}
