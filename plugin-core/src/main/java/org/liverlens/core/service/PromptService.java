package org.liverlens.core.service;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * Clicks or a box → one 3D lesion mask, and local corrections of it, for the viewer's prompt tool.
 * Bad prompts throw {@code InvalidPromptException} (outside the series, zero-size box) or give an
 * empty result with a reason. Calls take tens to hundreds of milliseconds: run them off the UI thread.
 */
public interface PromptService {
    /** The lesion {@code prompt} points at; {@code liver} (or null) keeps it inside the liver. */
    PromptResult segment(HuVolume ct, BitMask liver, Prompt prompt);

    /** {@code current} with one more positive or negative click; voxels far from the click never change. */
    PromptResult correct(HuVolume ct, BitMask liver, BitMask current, Prompt.Click click, boolean positive);
}
