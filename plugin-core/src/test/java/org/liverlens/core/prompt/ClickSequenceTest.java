package org.liverlens.core.prompt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.liverlens.core.service.PromptMethods;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;

/**
 * Dice against the number of clicks on the real cases, as a user would correct: the first click at
 * the lesion voxel nearest its centroid, each next one at the voxel of the largest error region
 * (26-connected) farthest in-plane from its outline (the usual simulated user), positive where the mask misses the manual lesion, negative
 * where it covers what the manual mask does not, applied with {@code correct}. Prints Dice after 1,
 * 3 and 5 clicks (docs/benchmarks.md) and checks that corrections never leave the lesion worse than
 * the first click did, for the classical method and the shipped learned network alike.
 */
class ClickSequenceTest {
    static final int CLICKS = 5;

    /** Each prompt method on each real case: the classical default and the shipped learned network. */
    @ParameterizedTest
    @CsvSource({"0697, classical", "1720, classical", "0697, learned", "1720, learned"})
    void correctiveClicksAtTheLargestErrorNeverLowerTheFirstClicksDice(String name, String method) {
        PromptSegmenter segmenter = PromptMethods.byName(method, null);
        RealCases.RealCase c = RealCases.load(name);
        List<String> failures = new ArrayList<>();
        for (int l = 0; l < c.lesions().size(); l++) {
            BitMask ref = c.lesions().get(l);
            double[] local = sequence(segmenter, c, ref, true);
            double[] all = sequence(segmenter, c, ref, false);
            String line = String.format(Locale.ROOT, "%s %s lesion %d: Dice after 1, 3, 5 clicks: correct() %.3f, "
                    + "%.3f, %.3f; segment() with every click so far %.3f, %.3f, %.3f", method, name, l + 1, local[0],
                    local[2], local[4], all[0], all[2], all[4]);
            System.out.println(line);
            if (local[4] < local[0] - 1e-9) {
                failures.add("correct() lowered Dice: " + line);
            }
            if (Arrays.stream(all).anyMatch(d -> d == 0)) {
                failures.add("a further positive click emptied the mask: " + line);
            }
        }
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    /**
     * Dice after each of {@link #CLICKS} clicks: each corrective click applied to the mask with
     * {@code correct} ({@code local}), or every click so far given to {@code segment} at once.
     */
    private static double[] sequence(PromptSegmenter segmenter, RealCases.RealCase c, BitMask ref, boolean local) {
        List<Prompt.Click> positives = new ArrayList<>(List.of(Prompt.Click.atCentroid(ref)));
        List<Prompt.Click> negatives = new ArrayList<>();
        BitMask mask = segmenter.segment(c.ct(), c.liver(), new Prompt(positives, negatives, null)).mask();
        double[] dice = new double[CLICKS];
        dice[0] = mask.dice(ref);
        StringBuilder clicks = new StringBuilder("+" + positives.get(0));
        for (int n = 1; n < CLICKS; n++) {
            BitMask fn = largest(difference(ref, mask));
            BitMask fp = largest(difference(mask, ref));
            boolean positive = fn.count() >= fp.count();
            BitMask error = positive ? fn : fp;
            if (error.count() == 0) {
                dice[n] = dice[n - 1];
                continue;
            }
            Prompt.Click click = deepest(error);
            (positive ? positives : negatives).add(click);
            PromptResult r = local ? segmenter.correct(c.ct(), c.liver(), mask, click, positive)
                    : segmenter.segment(c.ct(), c.liver(), new Prompt(positives, negatives, null));
            mask = r.mask();
            if (r.reason() != null) {
                clicks.append(" (").append(r.reason()).append(')');
            }
            dice[n] = mask.dice(ref);
            clicks.append(positive ? " +" : " -").append(click).append(String.format(Locale.ROOT, " %.3f", dice[n]));
        }
        System.out.println((local ? "correct(): " : "segment(): ") + clicks);
        return dice;
    }

    /** The voxel of {@code m} farthest in-plane from its outline (first found on ties). */
    static Prompt.Click deepest(BitMask m) {
        List<int[]> all = RealCases.voxels(m);
        double[] depth = RealCases.depths(m, all);
        int best = 0;
        for (int q = 1; q < depth.length; q++) {
            if (depth[q] > depth[best]) {
                best = q;
            }
        }
        int[] v = all.get(best);
        return new Prompt.Click(v[0], v[1], v[2]);
    }

    /** Voxels of {@code a} not in {@code b}. */
    static BitMask difference(BitMask a, BitMask b) {
        BitMask out = new BitMask(a.geometry());
        for (int k = 0; k < a.geometry().slices(); k++) {
            if (a.isSliceEmpty(k)) {
                continue;
            }
            long[] x = a.words(k);
            long[] y = b.isSliceEmpty(k) ? null : b.words(k);
            long[] o = out.words(k);
            for (int w = 0; w < x.length; w++) {
                o[w] = x[w] & (y == null ? -1L : ~y[w]);
            }
        }
        return out;
    }

    /** The largest 26-connected component (empty when there is none). */
    static BitMask largest(BitMask m) {
        Components.Labelling l = Components.label(m, Components.Connectivity.FULL);
        int best = 0;
        for (int id = 1; id <= l.count(); id++) {
            if (best == 0 || l.voxels()[id] > l.voxels()[best]) {
                best = id;
            }
        }
        return best == 0 ? new BitMask(m.geometry()) : l.mask(best);
    }
}
