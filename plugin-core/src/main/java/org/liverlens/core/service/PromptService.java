package org.liverlens.core.service;

import org.liverlens.core.prompt.PromptSegmenter;

/**
 * Clicks or a box → one 3D lesion mask, and local corrections of it, for the viewer's prompt tool: the
 * {@link PromptSegmenter} API as an OSGi service (components {@link ClassicalPromptService} and
 * {@link LearnedPromptService}, told apart by their {@code method} property). Bad prompts throw
 * {@code InvalidPromptException} (outside the series, zero-size box) or give an empty result with a
 * reason. Calls take tens to hundreds of milliseconds: run them off the UI thread. Its lesions are
 * written with its {@link #algorithmName} ({@link PromptedLesion#segment}).
 */
public interface PromptService extends PromptSegmenter {
}
