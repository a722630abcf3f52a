package org.liverlens.tools.edit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.edit.ClassicalBackend;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.volume.BitMask;

/**
 * Issue 16's flip for the promptable tool: a click at a removed lesion's centre gives an empty or
 * low-confidence mask ({@link EditEvaluation#PROMPT_CONFIDENCE}, under 2 mL), where the same click
 * before the removal gives the lesion with high confidence.
 */
class RemovedLesionClickTest {
    @Test
    void aClickAtARemovedLesionsCentreFindsNoLesion() {
        for (long seed = 7000; seed < 7003; seed++) {
            EditScene scene = EditEvaluation.scene(seed);
            BitMask lesion = scene.lesions().get(0);
            Prompt click = new Prompt(List.of(Prompt.Click.atCentroid(lesion)), List.of(), null);
            PromptResult before = new RegionCompetition().segment(scene.ct(), scene.liver(), click);
            assertFalse(before.isEmpty(), "seed " + seed + ": no lesion before the removal: " + before.reason());
            assertTrue(before.confidence() >= EditEvaluation.PROMPT_CONFIDENCE,
                    "seed " + seed + ": confidence before the removal " + before.confidence());

            EditResult r = new ClassicalBackend().apply(scene, new EditParser().parse("remove lesion 1"), seed);
            PromptResult after = new RegionCompetition().segment(r.edited(), scene.liver(), click);
            double ml = after.mask().count() * scene.ct().geometry().voxelVolumeMl();
            assertTrue(after.isEmpty() || (after.confidence() < EditEvaluation.PROMPT_CONFIDENCE
                    && ml < EditEvaluation.PROMPT_ML), "seed " + seed + ": after the removal " + ml + " mL at "
                    + "confidence " + after.confidence());
        }
    }
}
