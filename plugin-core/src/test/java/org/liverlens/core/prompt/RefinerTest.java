package org.liverlens.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * {@link Refiner} on a phantom: a liver block (100 HU) holding one hypodense ball (radius 8 mm,
 * 50 HU), noise 10 HU, 0.8 mm pixels and 2.5 mm slices; "automatic" labels drawn by hand.
 */
class RefinerTest {
    private static final int LIVER = 1;
    private static final int TUMOUR = 2;
    private static final VolumeGeometry GRID = VolumeGeometry.axial(new int[] {128, 128, 16},
            new double[] {0, 0, 0}, new double[] {0.8, 0.8, 2.5});
    private static final double[] CENTRE_MM = {51.2, 51.2, 20};

    private static HuVolume phantom() {
        HuVolume ct = HuVolume.allocate(GRID, (short) -100);
        Random rnd = new Random(20261205L);
        for (int k = 0; k < 16; k++) {
            for (int j = 0; j < 128; j++) {
                for (int i = 0; i < 128; i++) {
                    double hu = inLiver(i, j) ? (ball(i, j, k, 8) ? 50 : 100) : -100;
                    ct.set(i, j, k, (short) Math.round(hu + rnd.nextGaussian() * 10));
                }
            }
        }
        return ct;
    }

    private static boolean inLiver(int i, int j) {
        return i >= 10 && i < 118 && j >= 10 && j < 118;
    }

    private static boolean ball(int i, int j, int k, double radiusMm) {
        double dx = i * 0.8 - CENTRE_MM[0];
        double dy = j * 0.8 - CENTRE_MM[1];
        double dz = k * 2.5 - CENTRE_MM[2];
        return dx * dx + dy * dy + dz * dz <= radiusMm * radiusMm;
    }

    private static BitMask ballMask(double radiusMm) {
        BitMask m = new BitMask(GRID);
        for (int k = 0; k < 16; k++) {
            for (int j = 0; j < 128; j++) {
                for (int i = 0; i < 128; i++) {
                    m.set(i, j, k, ball(i, j, k, radiusMm));
                }
            }
        }
        return m;
    }

    /** Liver everywhere in the block, tumour where {@code tumour} is set. */
    private static LabelVolume labels(BitMask tumour) {
        LabelVolume l = new LabelVolume(GRID);
        for (int k = 0; k < 16; k++) {
            for (int j = 0; j < 128; j++) {
                for (int i = 0; i < 128; i++) {
                    if (inLiver(i, j)) {
                        l.set(i, j, k, tumour.get(i, j, k) ? TUMOUR : LIVER);
                    }
                }
            }
        }
        return l;
    }

    @Test
    void scoreIsHighestForTheTrueOutline() {
        HuVolume ct = phantom();
        BitMask liver = labels(new BitMask(GRID)).mask(LIVER);
        double truth = Refiner.score(ct, ballMask(8), liver);
        assertTrue(truth > Refiner.score(ct, ballMask(12), liver), "too wide must score lower");
        assertTrue(truth > Refiner.score(ct, ballMask(5), liver), "too narrow must score lower");
    }

    @Test
    void automaticLesionDrawnTooWideIsReplacedByTheRefinedOutline() {
        HuVolume ct = phantom();
        BitMask truth = ballMask(8);
        LabelVolume auto = labels(ballMask(13));
        Refiner.Result r = new Refiner(new RegionCompetition()).refine(ct, auto, LIVER, TUMOUR);

        assertEquals(1, r.lesions().size());
        assertTrue(r.lesions().get(0).kept(), () -> "refined outline not kept: " + r.lesions().get(0));
        double before = truth.dice(auto.mask(TUMOUR));
        double after = truth.dice(r.labels().mask(TUMOUR));
        assertTrue(after > 0.8 && after > before + 0.2, "tumour Dice " + before + " -> " + after);
        // what the refinement took from the lesion is liver again: the organ is unchanged
        BitMask organBefore = auto.mask(LIVER);
        organBefore.addAll(auto.mask(TUMOUR));
        BitMask organAfter = r.labels().mask(LIVER);
        organAfter.addAll(r.labels().mask(TUMOUR));
        assertEquals(organBefore, organAfter);
    }

    @Test
    void refiningLeavesTheAutomaticLabelsUnchanged() {
        HuVolume ct = phantom();
        LabelVolume auto = labels(ballMask(13));
        LabelVolume copy = labels(ballMask(13));
        new Refiner(new RegionCompetition()).refine(ct, auto, LIVER, TUMOUR);
        assertTrue(copy.sameLabels(auto));
    }

    @Test
    void automaticLesionInNormalParenchymaStaysAsItIsWithTheReason() {
        HuVolume ct = phantom();
        // a false positive of the model: a 4 mm "lesion" in plain liver far from the ball
        BitMask fp = new BitMask(GRID);
        for (int k = 7; k <= 9; k++) {
            for (int j = 25; j <= 30; j++) {
                for (int i = 25; i <= 30; i++) {
                    fp.set(i, j, k, true);
                }
            }
        }
        LabelVolume auto = labels(fp);
        Refiner.Result r = new Refiner(new RegionCompetition()).refine(ct, auto, LIVER, TUMOUR);
        Refiner.Lesion l = r.lesions().get(0);
        assertFalse(l.kept());
        assertNotNull(l.reason(), "an empty prompt result carries its reason");
        assertTrue(r.labels().sameLabels(auto));
    }

    @Test
    void refinedMaskOverTheGrowthLimitIsNotKept() {
        HuVolume ct = phantom();
        LabelVolume auto = labels(ballMask(3)); // a fragment of the 8 mm ball: refining grows it about 20-fold
        Refiner.Lesion limited = new Refiner(new RegionCompetition()).refine(ct, auto, LIVER, TUMOUR).lesions().get(0);
        Refiner.Lesion free = new Refiner(new RegionCompetition(), Double.POSITIVE_INFINITY)
                .refine(ct, auto, LIVER, TUMOUR).lesions().get(0);
        assertTrue(free.refinedVoxels() > Refiner.DEFAULT_MAX_GROWTH * free.autoVoxels(), free.toString());
        assertTrue(free.kept(), "without a limit the better-scoring outline is kept: " + free);
        assertFalse(limited.kept(), "over the limit it is not: " + limited);
    }
}
