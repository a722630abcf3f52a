package org.liverlens.core.prompt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverlens.core.volume.BitMask;

/**
 * One click on each manual lesion of the real cases, at the voxel nearest its centroid and at five
 * voxels of its inner half (fixed seed), with the manual liver as the liver mask. The issue's goal is
 * Dice ≥ 0.80; the classical method does not reach it on these faint lesions (9 to 30 HU below the
 * liver; docs/prompt.md gives every figure), so this test holds what it reaches today (2026-12-05,
 * with masks clipped to the liver, and samples outside the liver no longer pulling the outline: centroid
 * 0.687, 0.619, 0.843; inner clicks 0.60–0.85 but for one miss and one explained empty result on 1720 #1;
 * masks at most 1.9 × the manual volume): a centroid
 * click reaches each lesion's floor ({@link #CENTROID_DICE_FLOOR}), four of five inner clicks find it
 * (Dice ≥ 0.58) or say why not, and no mask floods (under 2.2 × the manual volume). Each click's
 * picture goes to {@link #PICTURES}.
 */
class RealCasePromptTest {
    /**
     * Per lesion: what a centroid click reaches today, rounded down (0697 #1 reached 0.585 before the masks were
     * clipped to the liver; 1720 #1 0.565 before samples outside the liver stopped pulling the outline, now 0.619).
     */
    static final Map<String, Double> CENTROID_DICE_FLOOR = Map.of("0697 #1", 0.68, "1720 #1", 0.60, "1720 #2", 0.82);
    static final double INNER_DICE_FLOOR = 0.58;
    static final double MAX_VOLUME_RATIO = 2.2;
    private static final String FLOOD = "flood: ";
    /** Where each click's picture goes ({@link Overlay}): reference red, mask cyan. */
    static final Path PICTURES = Path.of(System.getProperty("java.io.tmpdir"), "liverlens-prompt-real");
    private final RegionCompetition segmenter = new RegionCompetition();

    @ParameterizedTest
    @ValueSource(strings = {"0697", "1720"})
    void clickNearestTheCentroidFindsTheManualLesionWithoutFlooding(String name) {
        RealCases.RealCase c = RealCases.load(name);
        List<String> failures = new ArrayList<>();
        for (int l = 0; l < c.lesions().size(); l++) {
            check(c, l, Prompt.Click.atCentroid(c.lesions().get(l)), false, failures);
        }
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0697", "1720"})
    void clickInTheInnerHalfFindsTheManualLesionOrSaysWhyWithoutFlooding(String name) {
        RealCases.RealCase c = RealCases.load(name);
        List<String> failures = new ArrayList<>();
        for (int l = 0; l < c.lesions().size(); l++) {
            List<String> lesion = new ArrayList<>();
            double min = 1;
            double sum = 0;
            List<Prompt.Click> clicks = RealCases.innerHalfClicks(c.lesions().get(l), 5, 20261205L + l);
            for (Prompt.Click click : clicks) {
                double d = check(c, l, click, true, lesion);
                min = Math.min(min, d);
                sum += d;
            }
            System.out.printf(Locale.ROOT, "%s lesion %d inner clicks: Dice min %.3f, mean %.3f%n", name, l + 1, min,
                    sum / clicks.size());
            // At most one of the five may miss (a faint lesion's iso-dense spot); none may flood.
            if (lesion.size() > 1 || lesion.stream().anyMatch(f -> f.contains(FLOOD))) {
                failures.addAll(lesion);
            }
        }
        assertTrue(failures.isEmpty(), String.join("; ", failures));
    }

    /** Segments from one click, prints and draws it, adds a failure when it floods or misses; its Dice. */
    private double check(RealCases.RealCase c, int l, Prompt.Click click, boolean inner, List<String> failures) {
        String kind = inner ? "inner" : "centroid";
        BitMask ref = c.lesions().get(l);
        PromptResult r = segmenter.segment(c.ct(), c.liver(), new Prompt(List.of(click), null, null));
        double d = r.mask().dice(ref);
        String line = String.format(Locale.ROOT, "%s lesion %d %s click %s: Dice %.3f, %d vs %d voxels, "
                + "confidence %.2f, lesion %.0f HU, parenchyma %.0f HU%s", c.name(), l + 1, kind, click, d,
                r.mask().count(), ref.count(), r.confidence(), r.lesionHu(), r.parenchymaHu(),
                r.reason() == null ? "" : ", " + r.reason());
        System.out.println(line + " | mask " + RealCases.measured(c.ct(), r.mask()) + " | manual "
                + RealCases.measured(c.ct(), ref));
        Overlay.write(PICTURES.resolve(String.format(Locale.ROOT, "%s-%d-%s-%d_%d_%d.png", c.name(), l + 1, kind,
                click.i(), click.j(), click.k())), c.ct(), c.liver(), ref, r.mask(), click,
                ref.count() > 5000 ? 60 : 35);
        boolean explained = inner && r.isEmpty() && r.reason() != null;
        if (r.mask().count() > MAX_VOLUME_RATIO * ref.count()) {
            failures.add(FLOOD + line);
        } else if (d < (inner ? INNER_DICE_FLOOR : CENTROID_DICE_FLOOR.get(c.name() + " #" + (l + 1))) && !explained) {
            failures.add(line);
        }
        return d;
    }
}
