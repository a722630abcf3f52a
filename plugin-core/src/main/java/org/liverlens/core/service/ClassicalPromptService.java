package org.liverlens.core.service;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.PromptSegmenter;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link PromptService} DS component of the classical method ({@code method=classical}, the default:
 * it ranks above {@link LearnedPromptService}): delegates to {@link RegionCompetition} (no weights).
 */
@Component(service = PromptService.class, property = {"method=" + PromptMethods.CLASSICAL, "service.ranking:Integer=10"})
public final class ClassicalPromptService implements PromptService {
    private final PromptSegmenter segmenter = new RegionCompetition();

    @Override
    public PromptResult segment(HuVolume ct, BitMask liver, Prompt prompt) {
        return segmenter.segment(ct, liver, prompt);
    }

    @Override
    public PromptResult correct(HuVolume ct, BitMask liver, BitMask current, Prompt.Click click, boolean positive) {
        return segmenter.correct(ct, liver, current, click, positive);
    }

    @Override
    public String algorithmName() {
        return segmenter.algorithmName();
    }

    @Override
    public String algorithmVersion() {
        return segmenter.algorithmVersion();
    }
}
