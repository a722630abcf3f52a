package org.liverlens.core.service;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link PromptService} DS component of the learned method ({@code method=learned}): the shipped
 * prompt network, loaded on the first call (a build without it answers with exit 3 saying so). It
 * ranks below the classical component, so a viewer that asks for any prompt service gets the default.
 *
 * <p>Disabled in the runtime while no prompt network ships in the core bundle: enabled, a service that
 * answers every call with exit 3 would take the lesion tool's place whenever the classical component
 * is gone (ViewerFelixIT). Enable it ({@code ServiceComponentRuntime.enableComponent}, or set
 * {@code enabled = true} in the build that ships weights) once a network ships.
 */
@Component(service = PromptService.class, enabled = false,
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
}
