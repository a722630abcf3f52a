package org.liverlens.testdicom;

import java.util.SplittableRandom;

import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.TrainingCases;
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
 * Random synthetic cases for training and evaluating the segmentation network (registered for
 * {@link java.util.ServiceLoader}). The seed draws the grid (pixel spacing 0.65–1.6 mm over a 360–480 mm
 * field of view, slices of 1–5 mm over 270 mm), the contrast phase, the noise (4–30 HU, blurred or
 * not) and 0–6 lesions of 5 mm up to 20–90 mm, on top of the anatomy the seed already varies. The
 * lesions are plugin-core's synthesised ones ({@link LesionSynthesis}: deformed, textured, appearance by
 * phase, away from bright vessels), pasted into the rendered liver; the analytic lesions of
 * {@link SyntheticCt} stay for the measurement fixtures. Labels are liver (1) and lesion (2); every
 * other organ is background.
 */
public final class SyntheticTrainingCases implements TrainingCases {
    private static final double[] SLICE_SPACINGS_MM = {1.0, 1.25, 2.0, 2.5, 3.0, 5.0};
    private static final double Z_RANGE_MM = 270;

    @Override
    public LabelledCt synthetic(long seed) {
        SyntheticCt.Params p = params(seed);
        SyntheticCt ct = new SyntheticCt(p.withRandomLesions(0));
        VolumeGeometry g = ct.geometry();
        HuVolume hu = HuVolume.allocate(g, (short) 0);
        LabelVolume labels = new LabelVolume(g);
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        for (int k = 0; k < g.slices(); k++) {
            ct.renderSlice(k, b);
            System.arraycopy(b.hu, 0, hu.slice(k), 0, b.hu.length);
            short[] dst = null;
            for (int q = 0; q < b.labels.length; q++) {
                int l = b.labels[q];
                if (l == Label.LIVER.value() || l == Label.LIVER_LESION.value()) {
                    if (dst == null) {
                        dst = labels.slice(k);
                    }
                    dst[q] = (short) l;
                }
            }
        }
        int placed = pasteLesions(hu, labels, p, seed);
        return new LabelledCt("synthetic-" + seed + " (" + ct.describe() + ", " + placed + " synthesised lesion(s))",
                hu, labels, true);
    }

    /** Pastes up to {@code p.lesionCount()} synthesised lesions into the liver; returns how many found room. */
    static int pasteLesions(HuVolume hu, LabelVolume labels, SyntheticCt.Params p, long seed) {
        VolumeGeometry g = hu.geometry();
        BitMask liver = new BitMask(g);
        for (int k = 0; k < g.slices(); k++) {
            if (labels.isSliceEmpty(k)) {
                continue;
            }
            short[] l = labels.slice(k);
            for (int q = 0; q < l.length; q++) {
                if (l[q] == Label.LIVER.value()) {
                    liver.setIndex(k, q);
                }
            }
        }
        BitMask avoid = VesselMask.of(hu, liver);
        SplittableRandom r = new SplittableRandom(SyntheticCt.mix(seed, 0x5157L));
        ContrastPhase phase = contrastPhase(p.phase());
        double min = Math.max(LesionModel.MIN_DIAMETER_MM, p.minLesionDiameterMm());
        double max = Math.max(min, Math.min(LesionModel.MAX_DIAMETER_MM, p.maxLesionDiameterMm()));
        int placed = 0;
        for (int n = 0; n < p.lesionCount(); n++) {
            LesionModel m = LesionModel.random(r, phase, min, max);
            double[] centre = LesionSynthesis.chooseCentre(liver, avoid, m.diameterMm(), r);
            if (centre == null) {
                continue;
            }
            InsertedLesion lesion = LesionSynthesis.insert(hu, liver, avoid, centre, m, r.nextLong());
            for (int k = 0; k < g.slices(); k++) {
                if (lesion.lesion().isSliceEmpty(k)) {
                    continue;
                }
                short[] l = labels.slice(k);
                for (int q = 0; q < l.length; q++) {
                    if (lesion.lesion().getIndex(k, q)) {
                        l[q] = (short) Label.LIVER_LESION.value();
                        liver.set(q % g.columns(), q / g.columns(), k, false);
                        avoid.setIndex(k, q);
                    }
                }
            }
            placed++;
        }
        return placed;
    }

    /** The synth phase of a generator phase (portal venous for one synth does not know). */
    static ContrastPhase contrastPhase(Phase phase) {
        try {
            return ContrastPhase.parse(phase.words());
        } catch (IllegalArgumentException unknown) {
            return ContrastPhase.PORTAL_VENOUS;
        }
    }

    /** The parameters seed {@code seed} draws. */
    static SyntheticCt.Params params(long seed) {
        SplittableRandom r = new SplittableRandom(SyntheticCt.mix(seed, 0x7EA1L));
        double pixel = Math.round((0.65 + r.nextDouble() * 0.95) * 1000) / 1000.0;
        int matrix = (int) Math.min(640, Math.max(64, Math.round((360 + r.nextDouble() * 120) / pixel)));
        double dz = SLICE_SPACINGS_MM[r.nextInt(SLICE_SPACINGS_MM.length)];
        int slices = (int) Math.round(Z_RANGE_MM / dz);
        double u = r.nextDouble();
        Phase phase = u < 0.5 ? Phase.PORTAL_VENOUS : (u < 0.75 ? Phase.ARTERIAL : Phase.NON_CONTRAST);
        int lesions = r.nextInt(7);
        double maxDiameter = 20 + r.nextDouble() * 70;
        double noise = 4 + r.nextDouble() * 26;
        boolean blur = r.nextDouble() < 0.7;
        return SyntheticCt.Params.defaults()
                .withSeed(seed)
                .withSize(matrix, matrix, slices)
                .withSpacing(pixel, dz)
                .withPhase(phase)
                .withRandomLesions(lesions)
                .withLesionDiameterRange(5, maxDiameter)
                .withNoise(noise, blur);
    }
}
