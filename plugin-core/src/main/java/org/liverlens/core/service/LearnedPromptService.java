package org.liverlens.core.service;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link PromptService} DS component of the learned method ({@code method=learned}): the shipped
 * prompt network (liverlens-prompt-unet2.5d, docs/models.md), loaded on the first call. It ranks below
 * the classical component, so a viewer that asks for any prompt service gets the default; with the
 * classical component gone, it serves the lesion tool (ViewerFelixIT).
 */
@Component(service = PromptService.class,
        property = {"method=" + PromptMethods.LEARNED, "service.ranking:Integer=0"})
public final class LearnedPromptService implements PromptService {
    @Override
    public PromptResult segment(HuVolume ct, BitMask liver, Prompt prompt) {
        return PromptMethods.shippedLearned().segment(ct, liver, prompt);
    }

    @Override
    public PromptResult correct(HuVolume ct, BitMask liver, BitMask current, Prompt.Click click, boolean positive) {
        return PromptMethods.shippedLearned().correct(ct, liver, current, click, positive);
    }

    @Override
    public String algorithmName() {
        return PromptMethods.shippedLearned().algorithmName();
    }

    @Override
    public String algorithmVersion() {
        return PromptMethods.shippedLearned().algorithmVersion();
    }
}
