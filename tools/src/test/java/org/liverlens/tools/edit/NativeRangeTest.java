package org.liverlens.tools.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.synth.LesionSynthesis;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The realism test of a fill (mean and SD within the 95 % ranges of same-shaped native places):
 * untouched liver at a lesion-free 20 mm ball passes it (it is one more native place); the same ball made
 * flat at its own mean fails on the SD alone, and the ball 25 HU brighter fails on the mean alone. The
 * backends' figures on 65 cases are in docs/models.md ({@code bench edit-eval}).
 */
class NativeRangeTest {
    private static final long SEED = 7003;
    private static final EditScene SCENE = EditEvaluation.scene(SEED);

    /** The centre of a lesion-free 40 mm place of the scene's liver. */
    private static double[] centre() {
        BitMask lesions = new BitMask(SCENE.ct().geometry());
        SCENE.lesions().forEach(lesions::addAll);
        double[] c = LesionSynthesis.chooseCentre(SCENE.liver(), lesions, 40, new SplittableRandom(SEED));
        assertNotNull(c, "no lesion-free liver place");
        return c;
    }

    @Test
    void nativeLiverPassesAndAFlatOrShiftedFillFailsOnTheRightStatistic() {
        long seed = SEED;
        EditScene scene = SCENE;
        HuVolume ct = scene.ct();
        BitMask ball = ball(ct.geometry(), centre(), 10);

        NativeRange.Result same = NativeRange.of(ct, ct, ball, scene.liver(), scene.lesions(), seed);
        System.out.println("native ball " + same.fillMeanHu() + " ± " + same.fillSdHu() + ", native mean "
                + Arrays.toString(same.meanRange()) + ", SD " + Arrays.toString(same.sdRange()) + " over "
                + same.places() + (same.near() ? " near" : " anywhere"));
        assertTrue(same.scored() && same.near(), "places " + same.places());
        assertTrue(same.meanRange()[1] - same.meanRange()[0] > 1 && same.sdRange()[1] - same.sdRange()[0] > 1,
                "ranges " + Arrays.toString(same.meanRange()) + Arrays.toString(same.sdRange()));
        assertTrue(same.bothIn(), "untouched liver out of its own ranges");

        NativeRange.Result flat = NativeRange.of(ct, changed(ct, ball, v -> (int) Math.round(same.fillMeanHu())),
                ball, scene.liver(), scene.lesions(), seed);
        assertTrue(flat.meanIn(), "flat fill's mean " + flat.fillMeanHu());
        assertFalse(flat.sdIn(), "flat fill's SD " + flat.fillSdHu() + " passed");

        NativeRange.Result bright = NativeRange.of(ct, changed(ct, ball, v -> v + 25), ball, scene.liver(),
                scene.lesions(), seed);
        assertFalse(bright.meanIn(), "a fill 25 HU brighter passed on its mean " + bright.fillMeanHu());
        assertTrue(bright.sdIn(), "shifting changed the SD " + bright.fillSdHu());
    }

    /**
     * The parenchyma reading leaves structures out alike in the fill and at every place: a 300 HU vessel
     * drawn through the ball takes its all-voxel SD out of range, and leaves its parenchyma SD within 1 HU
     * of where it was (only its own voxels are gone).
     */
    @Test
    void theParenchymaReadingLeavesAVesselOut() {
        long seed = SEED;
        EditScene scene = SCENE;
        HuVolume ct = scene.ct();
        double[] c = centre();
        BitMask ball = ball(ct.geometry(), c, 10);
        BitMask vessel = new BitMask(ct.geometry());
        int j0 = (int) Math.round(c[1]);
        int k0 = (int) Math.round(c[2]);
        for (int i = 0; i < ct.geometry().columns(); i++) {
            for (int j = j0 - 2; j <= j0 + 2; j++) {
                vessel.set(i, j, k0, ball.get(i, j, k0));
            }
        }
        HuVolume withVessel = changed(ct, vessel, v -> 300);
        double[] band = NativeRange.parenchymaBand(ct, ball, scene.liver(), scene.lesions());
        NativeRange.Result all = NativeRange.of(ct, withVessel, ball, scene.liver(), scene.lesions(), seed);
        NativeRange.Result parenchyma = NativeRange.of(ct, withVessel, ball, scene.liver(), scene.lesions(), seed,
                band);
        NativeRange.Result before = NativeRange.of(ct, ct, ball, scene.liver(), scene.lesions(), seed, band);
        System.out.println("band " + Arrays.toString(band) + ", vessel voxels " + vessel.count() + ": all voxels SD "
                + all.fillSdHu() + " vs " + Arrays.toString(all.sdRange()) + "; parenchyma SD " + parenchyma.fillSdHu()
                + " vs " + Arrays.toString(parenchyma.sdRange()));
        assertTrue(band[0] <= before.fillMeanHu() - 25 && band[1] >= before.fillMeanHu() + 25 && band[1] < 300,
                "band " + Arrays.toString(band));
        assertFalse(all.sdIn(), "a 300 HU vessel left the all-voxel SD in range: " + all.fillSdHu());
        assertTrue(parenchyma.bothIn(), "parenchyma reading out of range");
        assertEquals(before.fillSdHu(), parenchyma.fillSdHu(), 1, "the vessel moved the parenchyma SD");
    }

    private static BitMask ball(VolumeGeometry g, double[] c, double radiusMm) {
        BitMask out = new BitMask(g);
        double[] s = g.spacingMm();
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    double d = Math.pow((i - c[0]) * s[0], 2) + Math.pow((j - c[1]) * s[1], 2)
                            + Math.pow((k - c[2]) * s[2], 2);
                    out.set(i, j, k, d <= radiusMm * radiusMm);
                }
            }
        }
        return out;
    }

    private static HuVolume changed(HuVolume src, BitMask region, IntUnaryOperator f) {
        HuVolume out = HuVolume.allocate(src.geometry(), (short) 0);
        for (int k = 0; k < src.geometry().slices(); k++) {
            short[] a = src.slice(k);
            short[] b = out.slice(k);
            for (int q = 0; q < a.length; q++) {
                b[q] = region.getIndex(k, q) ? (short) f.applyAsInt(a[q]) : a[q];
            }
        }
        return out;
    }
}
