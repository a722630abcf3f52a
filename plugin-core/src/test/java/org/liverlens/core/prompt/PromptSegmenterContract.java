package org.liverlens.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.work.ExitCodes;

/**
 * The guarantees every prompt segmenter keeps, on real CT: prompts that point at no lesion give a
 * clear error (exit 3) or an empty result with a reason, never a flood. Each method's test class
 * extends this one ({@link BadPromptTest} the classical method, {@link LearnedBadPromptTest} the
 * learned one).
 */
abstract class PromptSegmenterContract {
    /** The segmenter under test. */
    abstract PromptSegmenter segmenter();

    private static RealCases.RealCase ct() {
        return RealCases.load("0697");
    }

    @Test
    void clickOutsideTheSeriesIsRefusedWithExitCode3() {
        RealCases.RealCase c = ct();
        InvalidPromptException e = assertThrows(InvalidPromptException.class,
                () -> segmenter().segment(c.ct(), c.liver(), Prompt.click(600, 10, 10)));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("(600,10,10)") && e.getMessage().contains("i 0…511"), e.getMessage());
    }

    @Test
    void zeroSizeBoxIsRefusedWithExitCode3() {
        InvalidPromptException e = assertThrows(InvalidPromptException.class, () -> new Prompt.Box(10, 10, 10, 40, 5));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("zero size"), e.getMessage());
    }

    @Test
    void negativeClicksOnlyGiveAnEmptyMaskWithAReason() {
        RealCases.RealCase c = ct();
        PromptResult r = segmenter().segment(c.ct(), c.liver(),
                new Prompt(List.of(), List.of(new Prompt.Click(153, 322, 32)), null));
        assertTrue(r.isEmpty());
        assertTrue(r.reason().contains("only negative clicks"), r.reason());
    }

    @Test
    void clickOutsideTheBodyGivesAnEmptyMaskWithAReason() {
        RealCases.RealCase c = ct();
        PromptResult r = segmenter().segment(c.ct(), null, Prompt.click(8, 8, 20));
        assertTrue(r.isEmpty());
        assertEquals(0, r.confidence());
        assertTrue(r.reason().contains("air"), r.reason());
    }

    @Test
    void clickInAirInsideTheBodyGivesAnEmptyMaskWithAReason() {
        RealCases.RealCase c = ct();
        int[] air = airInsideBody(c);
        PromptResult r = segmenter().segment(c.ct(), null, Prompt.click(air[0], air[1], air[2]));
        assertTrue(r.isEmpty(), "air at " + Arrays.toString(air) + " gave " + r.mask().count() + " voxels");
        assertEquals(0, r.confidence());
        assertTrue(r.reason().contains("air"), r.reason());
    }

    @Test
    void clickInBoneGivesAnEmptyMaskWithAReason() {
        RealCases.RealCase c = ct();
        int[] bone = boneVoxel(c);
        PromptResult r = segmenter().segment(c.ct(), null, Prompt.click(bone[0], bone[1], bone[2]));
        assertTrue(r.isEmpty(), "bone at " + Arrays.toString(bone) + " gave " + r.mask().count() + " voxels");
        assertTrue(r.reason().contains("bone"), r.reason());
    }

    @Test
    void clickOutsideTheLiverMaskGivesAnEmptyMaskWithAReason() {
        RealCases.RealCase c = ct();
        PromptResult r = segmenter().segment(c.ct(), c.liver(), Prompt.click(256, 256, 22));
        assertTrue(r.isEmpty());
        assertTrue(r.reason().contains("outside the liver"), r.reason());
    }

    @Test
    void clickInNormalParenchymaGivesNoLesionOrASmallOneWithLowConfidence() {
        RealCases.RealCase c = ct();
        // The liver centroid voxel (README: 97 HU, in the liver, not in the tumour).
        PromptResult r = segmenter().segment(c.ct(), c.liver(), Prompt.click(161, 242, 27));
        double ml = r.mask().count() * c.ct().geometry().voxelVolumeMl();
        assertTrue(r.isEmpty() || (ml < 2 && r.confidence() < 0.5), ml + " mL at confidence " + r.confidence());
        if (r.isEmpty()) {
            assertTrue(r.reason() != null && !r.reason().isBlank());
        }
    }

    /**
     * A voxel whose 7 × 7 neighbourhood is all below −700 HU (lung or bowel gas) with soft tissue
     * (over −200 HU) on its row both to its left and to its right: air inside the body, not around it.
     */
    private static int[] airInsideBody(RealCases.RealCase c) {
        var g = c.ct().geometry();
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 6; j < g.rows() - 6; j++) {
                for (int i = 6; i < g.columns() - 6; i++) {
                    if (c.ct().get(i, j, k) > -700 || !tissueAt(c, j, k, 0, i) || !tissueAt(c, j, k, i, g.columns())) {
                        continue;
                    }
                    boolean all = true;
                    for (int dj = -3; dj <= 3 && all; dj++) {
                        for (int di = -3; di <= 3 && all; di++) {
                            all = c.ct().get(i + di, j + dj, k) < -700;
                        }
                    }
                    if (all) {
                        return new int[] {i, j, k};
                    }
                }
            }
        }
        throw new AssertionError("no air inside the body");
    }

    private static boolean tissueAt(RealCases.RealCase c, int j, int k, int from, int to) {
        for (int i = from; i < to; i++) {
            if (c.ct().get(i, j, k) > -200) {
                return true;
            }
        }
        return false;
    }

    /** A voxel whose 7 × 7 neighbourhood (5.6 mm) is all above 380 HU: cortical bone. */
    private static int[] boneVoxel(RealCases.RealCase c) {
        var g = c.ct().geometry();
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 6; j < g.rows() - 6; j++) {
                for (int i = 6; i < g.columns() - 6; i++) {
                    boolean all = true;
                    for (int dj = -3; dj <= 3 && all; dj++) {
                        for (int di = -3; di <= 3 && all; di++) {
                            all = c.ct().get(i + di, j + dj, k) > 380;
                        }
                    }
                    if (all) {
                        return new int[] {i, j, k};
                    }
                }
            }
        }
        throw new AssertionError("no bone");
    }
}
