package org.liverlens.core.prompt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;

/** A corrective click changes the mask only near the click, on real CT. */
class CorrectionTest {
    private final RegionCompetition segmenter = new RegionCompetition();

    @Test
    void negativeClickRemovesTheClickedPartAndNothingFarFromIt() {
        RealCases.RealCase c = RealCases.load("1720");
        BitMask ref = c.lesions().get(1);
        BitMask before = segmenter.segment(c.ct(), c.liver(), Prompt.click(120, 309, 30)).mask();
        // The mask voxel farthest from the click on the click's slice: an edge the user wants gone.
        Prompt.Click edge = farthestOnSlice(before, 120, 309, 30);
        BitMask after = segmenter.correct(c.ct(), c.liver(), before, edge, false).mask();
        assertFalse(after.get(edge.i(), edge.j(), edge.k()), "the clicked voxel stays in the mask");
        assertOnlyNear(before, after, edge, c);
        assertTrue(after.count() > 0.5 * before.count(), after.count() + " of " + before.count() + " voxels kept");
        assertTrue(ref.count() > 0);
    }

    @Test
    void positiveClickAddsOnlyNearTheClickAndRemovesNothing() {
        RealCases.RealCase c = RealCases.load("1720");
        BitMask before = segmenter.segment(c.ct(), c.liver(), Prompt.click(120, 309, 30)).mask();
        Prompt.Click other = Prompt.Click.atCentroid(c.lesions().get(0));
        BitMask after = segmenter.correct(c.ct(), c.liver(), before, other, true).mask();
        assertTrue(after.get(other.i(), other.j(), other.k()), "the clicked voxel is not in the mask");
        for (int[] v : RealCases.voxels(before)) {
            assertTrue(after.get(v[0], v[1], v[2]), "voxel " + v[0] + "," + v[1] + "," + v[2] + " was removed");
        }
        assertOnlyNear(before, after, other, c);
    }

    @Test
    void negativeClickBesideThePositiveOneCutsTheMaskThere() {
        RealCases.RealCase c = RealCases.load("1720");
        BitMask whole = segmenter.segment(c.ct(), c.liver(), Prompt.click(120, 309, 30)).mask();
        Prompt.Click edge = farthestOnSlice(whole, 120, 309, 30);
        BitMask cut = segmenter.segment(c.ct(), c.liver(),
                new Prompt(List.of(new Prompt.Click(120, 309, 30)), List.of(edge), null)).mask();
        assertFalse(cut.get(edge.i(), edge.j(), edge.k()));
        assertTrue(cut.count() < whole.count());
    }

    private static void assertOnlyNear(BitMask before, BitMask after, Prompt.Click click, RealCases.RealCase c) {
        double[] sp = c.ct().geometry().spacingMm();
        var g = c.ct().geometry();
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    if (before.get(i, j, k) != after.get(i, j, k)) {
                        double dx = (i - click.i()) * sp[0];
                        double dy = (j - click.j()) * sp[1];
                        double dz = (k - click.k()) * sp[2];
                        double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                        assertTrue(d <= RegionCompetition.CORRECTION_RADIUS_MM + 1e-9,
                                "voxel " + i + "," + j + "," + k + " changed " + d + " mm from the click");
                    }
                }
            }
        }
    }

    private static Prompt.Click farthestOnSlice(BitMask m, int ci, int cj, int k) {
        Prompt.Click best = null;
        long bestD = -1;
        for (int[] v : RealCases.voxels(m)) {
            long d = (long) (v[0] - ci) * (v[0] - ci) + (long) (v[1] - cj) * (v[1] - cj);
            if (v[2] == k && d > bestD) {
                bestD = d;
                best = new Prompt.Click(v[0], v[1], v[2]);
            }
        }
        return best;
    }
}
