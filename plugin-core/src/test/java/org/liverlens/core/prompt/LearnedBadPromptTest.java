package org.liverlens.core.prompt;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.liverlens.core.promptnet.LearnedPrompt;
import org.liverlens.core.promptnet.PromptNet;

/**
 * The prompt contract ({@link PromptSegmenterContract}) for the learned method: the shipped network, or
 * the package {@code -Dliverlens.promptModel=DIR} names. Skipped (with the reason) in a build that ships
 * no network and names none.
 */
class LearnedBadPromptTest extends PromptSegmenterContract {
    private static LearnedPrompt learned;

    @BeforeEach
    void aNetworkIsThere() {
        Assumptions.assumeTrue(System.getProperty("liverlens.promptModel") != null || PromptNet.shippedExists(),
                "no prompt network ships in this build (train one: liverlens train-prompt; test it with "
                        + "-Dliverlens.promptModel=DIR)");
    }

    @Override
    synchronized PromptSegmenter segmenter() {
        if (learned == null) {
            learned = LearnedPrompt.shippedOr(System.getProperty("liverlens.promptModel"));
        }
        return learned;
    }
}
