package org.liverlens.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The click test both prompt methods share, on real CT with the manual liver: every manual lesion's
 * centroid click passes it, a click on 0697's normal parenchyma does not, and the reason is the
 * classical method's own for that click.
 */
class ClickTissueTest {
    @Test
    void lesionClicksPassAndAParenchymaClickIsRefusedWithTheClassicalReason() {
        for (String name : new String[] {"0697", "1720"}) {
            RealCases.RealCase c = RealCases.load(name);
            for (int l = 0; l < c.lesions().size(); l++) {
                Prompt.Click click = Prompt.Click.atCentroid(c.lesions().get(l));
                assertNull(ClickTissue.parenchymaReason(c.ct(), c.liver(), List.of(click)), name + " #" + (l + 1));
            }
        }
        RealCases.RealCase c = RealCases.load("0697");
        Prompt.Click parenchyma = new Prompt.Click(161, 242, 27); // the liver's centroid voxel, 97 HU
        String reason = ClickTissue.parenchymaReason(c.ct(), c.liver(), List.of(parenchyma));
        assertTrue(reason != null && reason.contains("normal parenchyma"), String.valueOf(reason));
        PromptResult classical = new RegionCompetition().segment(c.ct(), c.liver(), new Prompt(List.of(parenchyma),
                null, null));
        assertTrue(classical.isEmpty());
        assertEquals(reason.substring(reason.indexOf(')')), classical.reason().substring(classical.reason().indexOf(')')));
    }
}
