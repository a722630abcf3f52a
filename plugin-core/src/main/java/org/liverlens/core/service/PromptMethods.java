package org.liverlens.core.service;

import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.prompt.PromptSegmenter;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.promptnet.LearnedPrompt;
import org.liverlens.core.promptnet.PromptNet;
import org.liverlens.core.work.InvalidInputException;

/**
 * The prompt segmenters by name, for {@code prompt --method} and the {@link PromptService}
 * components: {@value #CLASSICAL} (region competition, no weights; the default) and {@value #LEARNED}
 * (the 2.5D prompt network, {@code promptnet}: the shipped one, or a package of
 * {@code liverlens train-prompt}). The classical method stays the default until the learned one beats
 * it on the real cases (docs/models.md, "The learned promptable network").
 */
public final class PromptMethods {
    public static final String CLASSICAL = "classical";
    public static final String LEARNED = "learned";
    public static final List<String> NAMES = List.of(CLASSICAL, LEARNED);
    /** The method used when none is named. */
    public static final String DEFAULT = CLASSICAL;

    private static LearnedPrompt shipped;

    private PromptMethods() {
    }

    /**
     * The segmenter called {@code name}; {@code model} (a prompt model package folder, or null for the
     * shipped network) applies to the learned method only. Exit 3 for an unknown name, a model given
     * to the classical method, or a learned method this build has no network for.
     */
    public static PromptSegmenter byName(String name, Path model) {
        if (CLASSICAL.equals(name)) {
            if (model != null) {
                throw new InvalidInputException("--prompt-model is for the learned method; the classical method has no "
                        + "weights", model, "add --method learned, or leave out --prompt-model");
            }
            return new RegionCompetition();
        }
        if (LEARNED.equals(name)) {
            return model != null ? new LearnedPrompt(PromptNet.open(model)) : shippedLearned();
        }
        throw new InvalidInputException("unknown prompt method '" + name + "'", null, "give one of " + NAMES);
    }

    /** The learned segmenter with the shipped network, loaded once per JVM. */
    static synchronized LearnedPrompt shippedLearned() {
        if (shipped == null) {
            shipped = new LearnedPrompt(PromptNet.shipped());
        }
        return shipped;
    }
}
