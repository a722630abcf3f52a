package org.liverlens.core.segment;

import java.util.SplittableRandom;

import org.liverlens.core.synth.ContrastPhase;
import org.liverlens.core.synth.InsertedLesion;
import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.synth.LesionSynthesis;
import org.liverlens.core.synth.VesselMask;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Fresh synthesised tumours for one training crop ({@link LesionSynthesis}): a slab of the case's
 * slices around the crop's slice is copied, lesions are pasted into its liver away from bright
 * vessels, and labelled tumour. The case itself is not changed, so every crop sees new lesions and a
 * real liver (which has no tumour labels) becomes a tumour case without holding copies in memory.
 */
final class TrainingLesions {
    /** Lesion diameters drawn log-uniform in this range (mm): small ones most often. */
    static final double MIN_MM = 5;
    static final double MAX_MM = 100;
    private final double pixelMm;
    private final double contextMm;
    private final double faintShare;

    /** @param faintShare share of the lesions made faint ({@link LesionModel#faint}) */
    TrainingLesions(ModelSpec.InputSpec input, double faintShare) {
        this.faintShare = faintShare;
        this.pixelMm = input.spacingMm()[0];
        this.contextMm = input.dimensionality() == ModelSpec.Dimensionality.D2_5
                ? input.contextSlices() * input.contextSpacingMm() : 0;
    }

    /**
     * {@code p} with one or two lesions pasted into the slices around {@code k} (those the crop reads),
     * or {@code p} itself when the liver there has no room for the drawn lesion.
     */
    TrainingCrops.Prepared paste(TrainingCrops.Prepared p, int k, SplittableRandom r) {
        int lesions = r.nextDouble() < 0.3 ? 2 : 1;
        short[][] hu = p.hu().clone();
        byte[][] labels = p.labels().clone();
        boolean any = false;
        for (int n = 0; n < lesions; n++) {
            any |= pasteOne(p, hu, labels, k, r);
        }
        return any ? new TrainingCrops.Prepared(p.name(), hu, labels, p.columns(), p.rows(), p.sliceSpacingMm(),
                p.liverSlices(), p.tumourSlices(), p.real()) : p;
    }

    private boolean pasteOne(TrainingCrops.Prepared p, short[][] hu, byte[][] labels, int k, SplittableRandom r) {
        LesionModel m = LesionModel.random(r, phase(r), MIN_MM, MAX_MM).faintSometimes(faintShare, r);
        double dz = p.sliceSpacingMm();
        double clearance = Math.max(3, m.diameterMm() / 4);
        // Centres fall within ±(radius / 2) of slice k: chooseCentre keeps them a clearance from the slab's ends.
        int half = (int) Math.ceil((Math.max(m.diameterMm() / 4, contextMm) + clearance) / dz);
        int k0 = Math.max(0, k - half);
        int k1 = Math.min(hu.length - 1, k + half);
        int cols = p.columns();
        int rows = p.rows();
        HuVolume slab = HuVolume.allocate(VolumeGeometry.axial(new int[] {cols, rows, k1 - k0 + 1}, new double[3],
                new double[] {pixelMm, pixelMm, dz}), (short) 0);
        BitMask liver = new BitMask(slab.geometry());
        for (int s = k0; s <= k1; s++) {
            System.arraycopy(hu[s], 0, slab.slice(s - k0), 0, cols * rows);
            byte[] l = labels[s];
            for (int q = 0; q < l.length; q++) {
                if (l[q] == Segmenter.LIVER) {
                    liver.setIndex(s - k0, q);
                }
            }
        }
        BitMask vessels = VesselMask.of(slab, liver);
        double[] centre = LesionSynthesis.chooseCentre(liver, vessels, m.diameterMm(), r);
        if (centre == null) {
            return false;
        }
        InsertedLesion lesion = LesionSynthesis.insert(slab, liver, vessels, centre, m, r.nextLong());
        for (int s = k0; s <= k1; s++) {
            if (lesion.changed().isSliceEmpty(s - k0) && lesion.lesion().isSliceEmpty(s - k0)) {
                continue;
            }
            hu[s] = slab.slice(s - k0).clone();
            byte[] l = labels[s].clone();
            for (int q = 0; q < l.length; q++) {
                if (lesion.lesion().getIndex(s - k0, q)) {
                    l[q] = (byte) Segmenter.TUMOUR;
                }
            }
            labels[s] = l;
        }
        return true;
    }

    /** The phase a lesion is drawn for: the real cases' phases are not known, so all are seen. */
    private static ContrastPhase phase(SplittableRandom r) {
        double u = r.nextDouble();
        return u < 0.35 ? ContrastPhase.ARTERIAL : u < 0.8 ? ContrastPhase.PORTAL_VENOUS
                : u < 0.9 ? ContrastPhase.DELAYED : ContrastPhase.NATIVE;
    }
}
