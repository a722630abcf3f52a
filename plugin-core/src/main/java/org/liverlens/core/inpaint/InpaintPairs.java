package org.liverlens.core.inpaint;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.synth.ContrastPhase;
import org.liverlens.core.synth.InsertedLesion;
import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.synth.LesionSynthesis;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Training pairs of the learned edit model, made from labelled CT (synthetic and licensed real). Each
 * case gives slabs: 96 × 96 pixels × 5 slices at the CT's own pixel size, centred on a random liver
 * voxel. A pair takes a slab and draws a lesion of the shared lesion model ({@link LesionSynthesis},
 * random appearance, phase, size 5-40 mm) at a liver voxel of its middle slice, away from labelled
 * tumour. Half the pairs are <b>removals</b>: the region is the voxels the lesion would change
 * (lesion and blended margin, sometimes one pixel wider) and the target is the original parenchyma
 * there; half are <b>insertions</b>: the same region, the lesion's mask and attributes as condition,
 * and the synthesised lesion as target. A 64 × 64 crop holding the region, a random flip or
 * transpose, then a random diffusion step.
 */
final class InpaintPairs {
    static final int SLAB = 96;
    static final int SLICES = 5;
    private static final int MIDDLE = SLICES / 2;

    /**
     * One slab: HU and labels of 5 slices, and the pixel spacing. A plain holder, not a record: it
     * carries arrays and is never compared.
     */
    private static final class Slab {
        private final short[] hu;
        private final boolean[] liver;
        private final boolean[] tumour;
        private final double[] spacingMm;

        Slab(short[] hu, boolean[] liver, boolean[] tumour, double[] spacingMm) {
            this.hu = hu;
            this.liver = liver;
            this.tumour = tumour;
            this.spacingMm = spacingMm;
        }

        short[] hu() {
            return hu;
        }

        boolean[] liver() {
            return liver;
        }

        boolean[] tumour() {
            return tumour;
        }

        double[] spacingMm() {
            return spacingMm;
        }
    }

    private final List<Slab> synthetic = new ArrayList<>();
    private final List<Slab> real = new ArrayList<>();
    private final InpaintModel maths = new InpaintModel();

    int syntheticSlabs() {
        return synthetic.size();
    }

    int realSlabs() {
        return real.size();
    }

    /** Cuts {@code count} slabs centred on random liver voxels of {@code c}. */
    void add(LabelledCt c, boolean isReal, int count, SplittableRandom rnd) {
        VolumeGeometry g = c.ct().geometry();
        List<int[]> liverVoxels = new ArrayList<>();
        for (int k = 0; k < g.slices(); k++) {
            if (c.labels().isSliceEmpty(k)) {
                continue;
            }
            for (int j = 0; j < g.rows(); j += 3) {
                for (int i = 0; i < g.columns(); i += 3) {
                    if (c.labels().get(i, j, k) == Segmenter.LIVER) {
                        liverVoxels.add(new int[] {i, j, k});
                    }
                }
            }
        }
        if (liverVoxels.isEmpty()) {
            return;
        }
        for (int n = 0; n < count; n++) {
            int[] v = liverVoxels.get(rnd.nextInt(liverVoxels.size()));
            int size = SLAB * SLAB;
            short[] hu = new short[SLICES * size];
            boolean[] liver = new boolean[SLICES * size];
            boolean[] tumour = new boolean[SLICES * size];
            for (int z = 0; z < SLICES; z++) {
                int k = Math.max(0, Math.min(g.slices() - 1, v[2] + z - MIDDLE));
                for (int y = 0; y < SLAB; y++) {
                    for (int x = 0; x < SLAB; x++) {
                        int i = v[0] + x - SLAB / 2;
                        int j = v[1] + y - SLAB / 2;
                        int q = z * size + y * SLAB + x;
                        if (i < 0 || j < 0 || i >= g.columns() || j >= g.rows()) {
                            hu[q] = -1024;
                            continue;
                        }
                        hu[q] = c.ct().get(i, j, k);
                        int label = c.labels().get(i, j, k);
                        liver[q] = label == Segmenter.LIVER || label == Segmenter.TUMOUR;
                        tumour[q] = label == Segmenter.TUMOUR;
                    }
                }
            }
            Slab s = new Slab(hu, liver, tumour, g.spacingMm().clone());
            (isReal ? real : synthetic).add(s);
        }
    }

    /**
     * Writes pair {@code b} of a batch: the network input (with x_t at step t), the target v and the loss
     * mask (the region). Returns false when the drawn lesion did not work out (draw again).
     */
    boolean sample(SplittableRandom rnd, double realShare, float[] input, float[] target, float[] mask, int b) {
        List<Slab> from = !real.isEmpty() && (synthetic.isEmpty() || rnd.nextDouble() < realShare) ? real : synthetic;
        Slab s = from.get(rnd.nextInt(from.size()));
        int size = SLAB * SLAB;
        VolumeGeometry g = VolumeGeometry.axial(new int[] {SLAB, SLAB, SLICES}, new double[] {0, 0, 0}, s.spacingMm());
        HuVolume before = HuVolume.allocate(g, (short) 0);
        BitMask liver = new BitMask(g);
        BitMask tumour = new BitMask(g);
        for (int z = 0; z < SLICES; z++) {
            System.arraycopy(s.hu(), z * size, before.slice(z), 0, size);
            for (int p = 0; p < size; p++) {
                if (s.liver()[z * size + p]) {
                    liver.setIndex(z, p);
                }
                if (s.tumour()[z * size + p]) {
                    tumour.setIndex(z, p);
                }
            }
        }
        double px = (s.spacingMm()[0] + s.spacingMm()[1]) / 2;
        double maxMm = Math.max(6, Math.min(40, 40 * px));
        int ci = SLAB / 2 - 16 + rnd.nextInt(32);
        int cj = SLAB / 2 - 16 + rnd.nextInt(32);
        if (!s.liver()[MIDDLE * size + cj * SLAB + ci] || s.tumour()[MIDDLE * size + cj * SLAB + ci]) {
            return false;
        }
        ContrastPhase phase = ContrastPhase.values()[rnd.nextInt(ContrastPhase.values().length)];
        LesionModel m = LesionModel.random(rnd, phase, 5, maxMm);
        double dz = (rnd.nextDouble() * 2 - 1) * 0.7 * m.diameterMm() / 2 / s.spacingMm()[2];
        double ck = Math.max(0, Math.min(SLICES - 1, MIDDLE + dz));
        if (!liver.get(ci, cj, (int) Math.round(ck))) {
            return false;
        }
        HuVolume after = HuVolume.allocate(g, (short) 0);
        for (int z = 0; z < SLICES; z++) {
            System.arraycopy(before.slice(z), 0, after.slice(z), 0, size);
        }
        InsertedLesion ins = LesionSynthesis.insert(after, liver, tumour, new double[] {ci, cj, ck}, m, rnd.nextLong());
        boolean insertion = rnd.nextBoolean();
        boolean[] region = new boolean[size];
        boolean[] lesion = new boolean[size];
        int x0 = SLAB;
        int x1 = -1;
        int y0 = SLAB;
        int y1 = -1;
        boolean widen = !insertion && rnd.nextBoolean();
        for (int p = 0; p < size; p++) {
            int x = p % SLAB;
            int y = p / SLAB;
            boolean r = ins.changed().getIndex(MIDDLE, p);
            if (widen && !r && s.liver()[MIDDLE * size + p] && !s.tumour()[MIDDLE * size + p]) {
                r = (x > 0 && ins.changed().getIndex(MIDDLE, p - 1)) || (x < SLAB - 1 && ins.changed().getIndex(MIDDLE, p + 1))
                        || (y > 0 && ins.changed().getIndex(MIDDLE, p - SLAB))
                        || (y < SLAB - 1 && ins.changed().getIndex(MIDDLE, p + SLAB));
            }
            region[p] = r;
            lesion[p] = insertion && ins.lesion().getIndex(MIDDLE, p);
            if (r) {
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        int P = InpaintModel.PATCH;
        if (x1 < 0 || x1 - x0 > P - 8 || y1 - y0 > P - 8) {
            return false;
        }
        int ox = origin(rnd, x0, x1);
        int oy = origin(rnd, y0, y1);
        short[] truth = (insertion ? after : before).slice(MIDDLE);
        short[] ctx = before.slice(MIDDLE);
        int n = P * P;
        float[] truthHu = new float[n];
        float[] contextHu = new float[n];
        boolean[] reg = new boolean[n];
        boolean[] les = new boolean[n];
        boolean flipX = rnd.nextBoolean();
        boolean flipY = rnd.nextBoolean();
        boolean transpose = rnd.nextBoolean();
        for (int y = 0; y < P; y++) {
            for (int x = 0; x < P; x++) {
                int sx = flipX ? P - 1 - x : x;
                int sy = flipY ? P - 1 - y : y;
                if (transpose) {
                    int t = sx;
                    sx = sy;
                    sy = t;
                }
                int q = (oy + sy) * SLAB + ox + sx;
                int p = y * P + x;
                truthHu[p] = truth[q];
                contextHu[p] = ctx[q];
                reg[p] = region[q];
                les[p] = lesion[q];
            }
        }
        InpaintModel.Standard std = InpaintModel.Standard.of(contextHu, reg);
        float[] x0n = new float[n];
        float[] context = new float[n];
        for (int p = 0; p < n; p++) {
            x0n[p] = std.normalise(truthHu[p]);
            context[p] = std.normalise(contextHu[p]);
        }
        InpaintModel.Attributes a = insertion ? InpaintModel.Attributes.of(m, ins.parenchymaHu())
                : InpaintModel.Attributes.PARENCHYMA;
        int t = 1 + rnd.nextInt(InpaintModel.TIMESTEPS);
        double ab = maths.alphaBar(t);
        double sa = Math.sqrt(ab);
        double sb = Math.sqrt(1 - ab);
        float[] xt = new float[n];
        for (int p = 0; p < n; p++) {
            double eps = rnd.nextGaussian();
            xt[p] = (float) (sa * x0n[p] + sb * eps);
            target[b * n + p] = (float) (sa * eps - sb * x0n[p]);
            mask[b * n + p] = reg[p] ? 1 : 0;
        }
        InpaintModel.input(xt, context, reg, les, a, std, px, t, input, b * InpaintModel.CHANNELS * n);
        return true;
    }

    /** A crop origin in the slab that holds [lo, hi] with at least 4 pixels around it. */
    private static int origin(SplittableRandom rnd, int lo, int hi) {
        int P = InpaintModel.PATCH;
        int min = Math.max(0, hi + 4 - (P - 1));
        int max = Math.min(SLAB - P, lo - 4);
        return max <= min ? Math.max(0, Math.min(SLAB - P, min)) : min + rnd.nextInt(max - min + 1);
    }
}
