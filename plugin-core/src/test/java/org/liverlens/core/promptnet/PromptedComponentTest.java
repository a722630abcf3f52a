package org.liverlens.core.promptnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

/** One prompt, one lesion: the learned method keeps the part of its mask the prompt points at. */
class PromptedComponentTest {
    private static BitMask twoParts() {
        BitMask m = new BitMask(VolumeGeometry.axial(new int[] {40, 40, 5}, new double[3], new double[] {1, 1, 5}));
        for (int k = 1; k <= 3; k++) {
            for (int j = 5; j < 20; j++) {
                for (int i = 5; i < 20; i++) {
                    m.set(i, j, k, true); // the large part: 15 × 15 × 3
                }
            }
        }
        m.set(30, 30, 2, true); // a two-voxel fragment apart from it
        m.set(31, 30, 2, true);
        return m;
    }

    @Test
    void thePartHoldingTheClickIsKeptAndTheOthersLeftOut() {
        BitMask m = twoParts();
        assertEquals(675, LearnedPrompt.keepPromptedComponent(m, 2, List.of(new Prompt.Click(10, 10, 2))).count());
        assertEquals(2, LearnedPrompt.keepPromptedComponent(m, 2, List.of(new Prompt.Click(30, 30, 2))).count());
    }

    @Test
    void withoutAClickInTheMaskTheLargestPartOnThePromptsSliceIsKept() {
        BitMask m = twoParts();
        assertEquals(675, LearnedPrompt.keepPromptedComponent(m, 2, List.of()).count());
        assertEquals(675, LearnedPrompt.keepPromptedComponent(m, 2, List.of(new Prompt.Click(25, 25, 2))).count());
    }
}
