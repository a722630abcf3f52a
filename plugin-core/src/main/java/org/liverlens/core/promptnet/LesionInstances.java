package org.liverlens.core.promptnet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.synth.ContrastPhase;
import org.liverlens.core.synth.InsertedLesion;
import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.synth.LesionSynthesis;
import org.liverlens.core.synth.VesselMask;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Lesions to train the prompt network on: each case (synthetic or licensed real) is kept cut to its
 * liver ({@link #MARGIN_MM} around it in plane, {@link #Z_MARGIN_MM} above and below); an instance is
 * a lesion of the shared lesion model ({@code synth}: appearance by a random phase, texture, margin,
 * 5–150 mm log-uniform; a share of them made faint: {@link LesionModel#faint}) pasted at a random
 * liver point of a case, away from bright vessels and the case's own lesions, in a copy of the slices
 * around it. Only the pasted lesion is the target.
 */
final class LesionInstances {
    static final double MARGIN_MM = 60;
    static final double Z_MARGIN_MM = 15;
    static final double MIN_MM = 5;
    static final double MAX_MM = 150;

    /**
     * A case cut to its liver: CT, liver (lesions included), and what a pasted lesion avoids: bright
     * vessels and the case's own lesions (never changed).
     */
    record Block(String name, HuVolume ct, BitMask liver, BitMask avoid, boolean real) {
    }

    /**
     * A pasted lesion: the copied slices with the lesion in, the liver and the lesion's mask on them.
     *
     * @param diameterMm the lesion model's diameter
     */
    record Instance(HuVolume ct, BitMask liver, BitMask lesion, double diameterMm, boolean real, String from) {
    }

    private final List<Block> synthetic = new ArrayList<>();
    private final List<Block> real = new ArrayList<>();

    synchronized int syntheticCases() {
        return synthetic.size();
    }

    synchronized int realCases() {
        return real.size();
    }

    synchronized List<String> realNames() {
        return real.stream().map(Block::name).toList();
    }

    /** Cuts {@code c} to its liver and keeps it; a case without liver is left out (returns false). */
    boolean add(LabelledCt c, boolean isReal) {
        Block b = cut(c, isReal);
        if (b == null) {
            return false;
        }
        synchronized (this) {
            (isReal ? real : synthetic).add(b);
        }
        return true;
    }

    static Block cut(LabelledCt c, boolean isReal) {
        VolumeGeometry g = c.ct().geometry();
        LabelVolume labels = c.labels();
        int i0 = Integer.MAX_VALUE;
        int j0 = Integer.MAX_VALUE;
        int k0 = Integer.MAX_VALUE;
        int i1 = -1;
        int j1 = -1;
        int k1 = -1;
        for (int k = 0; k < g.slices(); k++) {
            if (labels.isSliceEmpty(k)) {
                continue;
            }
            short[] s = labels.slice(k);
            for (int p = 0; p < s.length; p++) {
                if (s[p] == Segmenter.LIVER || s[p] == Segmenter.TUMOUR) {
                    int i = p % g.columns();
                    int j = p / g.columns();
                    i0 = Math.min(i0, i);
                    i1 = Math.max(i1, i);
                    j0 = Math.min(j0, j);
                    j1 = Math.max(j1, j);
                    k0 = Math.min(k0, k);
                    k1 = Math.max(k1, k);
                }
            }
        }
        if (i1 < 0) {
            return null;
        }
        double[] sp = g.spacingMm();
        i0 = Math.max(0, i0 - (int) (MARGIN_MM / sp[0]));
        i1 = Math.min(g.columns() - 1, i1 + (int) (MARGIN_MM / sp[0]));
        j0 = Math.max(0, j0 - (int) (MARGIN_MM / sp[1]));
        j1 = Math.min(g.rows() - 1, j1 + (int) (MARGIN_MM / sp[1]));
        k0 = Math.max(0, k0 - (int) (Z_MARGIN_MM / sp[2]));
        k1 = Math.min(g.slices() - 1, k1 + (int) (Z_MARGIN_MM / sp[2]));
        VolumeGeometry cg = VolumeGeometry.axial(new int[] {i1 - i0 + 1, j1 - j0 + 1, k1 - k0 + 1}, new double[3], sp);
        HuVolume hu = HuVolume.allocate(cg, (short) -1024);
        BitMask liver = new BitMask(cg);
        BitMask tumour = new BitMask(cg);
        for (int k = k0; k <= k1; k++) {
            short[] src = c.ct().slice(k);
            short[] dst = hu.slice(k - k0);
            short[] lab = labels.isSliceEmpty(k) ? null : labels.slice(k);
            for (int j = j0; j <= j1; j++) {
                int row = j * g.columns();
                System.arraycopy(src, row + i0, dst, (j - j0) * cg.columns(), i1 - i0 + 1);
                if (lab == null) {
                    continue;
                }
                for (int i = i0; i <= i1; i++) {
                    int l = lab[row + i];
                    if (l == Segmenter.LIVER || l == Segmenter.TUMOUR) {
                        liver.set(i - i0, j - j0, k - k0, true);
                    }
                    if (l == Segmenter.TUMOUR) {
                        tumour.set(i - i0, j - j0, k - k0, true);
                    }
                }
            }
        }
        BitMask avoid = VesselMask.of(hu, liver);
        avoid.addAll(tumour);
        return new Block(c.name(), hu, liver, avoid, isReal);
    }

    /**
     * A new instance: a case (real with probability {@code realShare} when there are real cases), a
     * lesion drawn for a random phase (made faint with probability {@code faintShare}), pasted at a liver
     * point with room for it (smaller lesions are tried when a large one finds none). Null when no place
     * was found.
     */
    Instance draw(SplittableRandom r, double realShare, double faintShare) {
        Block b;
        synchronized (this) {
            boolean useReal = !real.isEmpty() && (synthetic.isEmpty() || r.nextDouble() < realShare);
            List<Block> from = useReal ? real : synthetic;
            if (from.isEmpty()) {
                return null;
            }
            b = from.get(r.nextInt(from.size()));
        }
        ContrastPhase phase = ContrastPhase.values()[r.nextInt(ContrastPhase.values().length)];
        LesionModel m = LesionModel.random(r, phase, MIN_MM, MAX_MM).faintSometimes(faintShare, r);
        for (int attempt = 0; attempt < 4; attempt++) {
            double[] centre = LesionSynthesis.chooseCentre(b.liver(), b.avoid(), m.diameterMm(), r);
            if (centre != null) {
                return paste(b, b.avoid(), centre, m, r);
            }
            double d = Math.max(MIN_MM, m.diameterMm() * 0.6);
            m = new LesionModel(d, m.appearance(), m.contrastHu(), m.irregularity(), Math.min(m.marginMm(), d / 5),
                    m.textureStrength());
        }
        return null;
    }

    private static Instance paste(Block b, BitMask avoid, double[] centre, LesionModel m, SplittableRandom r) {
        VolumeGeometry g = b.ct().geometry();
        double[] sp = g.spacingMm();
        int half = (int) Math.ceil((m.diameterMm() * 0.75 + 4 * Math.max(sp[2], 2.5) + m.marginMm()) / sp[2]);
        int kc = (int) Math.round(centre[2]);
        int k0 = Math.max(0, kc - half);
        int k1 = Math.min(g.slices() - 1, kc + half);
        VolumeGeometry sg = VolumeGeometry.axial(new int[] {g.columns(), g.rows(), k1 - k0 + 1}, new double[3], sp);
        HuVolume ct = HuVolume.allocate(sg, (short) 0);
        BitMask liver = new BitMask(sg);
        BitMask avoidHere = new BitMask(sg);
        int perSlice = g.columns() * g.rows();
        for (int k = k0; k <= k1; k++) {
            System.arraycopy(b.ct().slice(k), 0, ct.slice(k - k0), 0, perSlice);
            if (b.liver().isSliceEmpty(k)) {
                continue;
            }
            for (int p = 0; p < perSlice; p++) {
                if (b.liver().getIndex(k, p)) {
                    liver.setIndex(k - k0, p);
                }
                if (avoid.getIndex(k, p)) {
                    avoidHere.setIndex(k - k0, p);
                }
            }
        }
        InsertedLesion l = LesionSynthesis.insert(ct, liver, avoidHere, new double[] {centre[0], centre[1], centre[2] - k0},
                m, r.nextLong());
        if (l.lesion().count() == 0) {
            return null;
        }
        return new Instance(ct, liver, l.lesion(), m.diameterMm(), b.real(), b.name());
    }
}
