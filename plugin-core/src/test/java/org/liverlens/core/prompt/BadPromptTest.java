package org.liverlens.core.prompt;

/** The prompt contract ({@link PromptSegmenterContract}) for the classical method. */
class BadPromptTest extends PromptSegmenterContract {
    @Override
    PromptSegmenter segmenter() {
        return new RegionCompetition();
    }
}
