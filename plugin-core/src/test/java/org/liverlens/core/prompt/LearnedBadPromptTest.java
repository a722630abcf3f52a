package org.liverlens.core.prompt;

import org.liverlens.core.promptnet.LearnedPrompt;

/** The prompt contract ({@link PromptSegmenterContract}) for the learned method, with the shipped network. */
class LearnedBadPromptTest extends PromptSegmenterContract {
    private static LearnedPrompt learned;

    @Override
    synchronized PromptSegmenter segmenter() {
        if (learned == null) {
            learned = LearnedPrompt.shippedOr(System.getProperty("liverlens.promptModel"));
        }
        return learned;
    }
}
