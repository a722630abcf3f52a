package org.liverlens.testdicom;

import java.util.SplittableRandom;

import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Random synthetic cases for training and evaluating the segmentation network (registered for
 * {@link java.util.ServiceLoader}). The seed draws the grid (pixel spacing 0.65–1.6 mm over a 360–480 mm
 * field of view, slices of 1–5 mm over 270 mm), the contrast phase, the noise (4–30 HU, blurred or
 * not) and 0–6 lesions of 5 mm up to 20–90 mm, on top of the anatomy the seed already varies, and a
 * {@link Realism#random randomised rendering} (tissue HU within the phase's ranges, fatty or nodular
 * liver, stomach contents, arterial heart chambers, duodenum, bias field, noise kernel). Labels
 * are liver (1) and lesion (2); every other organ is background.
 */
public final class SyntheticTrainingCases implements TrainingCases {
    private static final double[] SLICE_SPACINGS_MM = {1.0, 1.25, 2.0, 2.5, 3.0, 5.0};
    private static final double Z_RANGE_MM = 270;

    @Override
    public LabelledCt synthetic(long seed) {
        SyntheticCt.Params p = params(seed);
        SyntheticCt ct = null;
        for (int lesions = p.lesionCount(); ct == null; lesions--) {
            try {
                ct = new SyntheticCt(p.withRandomLesions(lesions));
            } catch (RuntimeException noRoom) {
                if (lesions == 0) {
                    throw noRoom;
                }
            }
        }
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
        return new LabelledCt("synthetic-" + seed + " (" + ct.describe() + ")", hu, labels, true);
    }

    /** The parameters seed {@code seed} draws. */
    static SyntheticCt.Params params(long seed) {
        SplittableRandom r = new SplittableRandom(SyntheticCt.mix(seed, 0x7EA1L));
        double pixel = Math.round((0.65 + r.nextDouble() * 0.95) * 1000) / 1000.0;
        int matrix = (int) Math.min(640, Math.max(64, Math.round((360 + r.nextDouble() * 120) / pixel)));
        double dz = SLICE_SPACINGS_MM[r.nextInt(SLICE_SPACINGS_MM.length)];
        int slices = (int) Math.round(Z_RANGE_MM / dz);
        double u = r.nextDouble();
        Phase phase = u < 0.4 ? Phase.PORTAL_VENOUS : (u < 0.7 ? Phase.ARTERIAL : (u < 0.85 ? Phase.NON_CONTRAST
                : Phase.LATE));
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
                .withNoise(noise, blur)
                .withRealism(Realism.random(seed, phase));
    }
}
