package org.liverlens.core.prompt;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * Clicks or a box → one 3D lesion mask. Implementations: {@link RegionCompetition} (classical, no
 * weights) and {@code promptnet.LearnedPrompt} (a small network, docs/models.md). Bad prompts (outside the series, a zero-size box) throw {@link InvalidPromptException};
 * prompts that find no lesion (air, bone, normal parenchyma, negative clicks only) give an empty
 * result with a reason, never a mask flooding the liver.
 */
public interface PromptSegmenter {
    /**
     * The lesion that {@code prompt} points at.
     *
     * @param liver the liver mask on the CT grid, or null when unknown; when given, the lesion stays inside it
     */
    PromptResult segment(HuVolume ct, BitMask liver, Prompt prompt);

    /**
     * {@code current} corrected by one more click: a positive click adds the lesion part under it, a
     * negative click removes the part of the mask around it. Voxels farther than the correction radius
     * from the click never change.
     */
    PromptResult correct(HuVolume ct, BitMask liver, BitMask current, Prompt.Click click, boolean positive);

    /**
     * The Segment Algorithm Name (0062,0009) a lesion of this method is written with in a SEG (at most
     * 64 characters), so that a reader of the SEG knows which method drew it.
     */
    String algorithmName();

    /** The version written beside {@link #algorithmName} (at most 64 characters). */
    String algorithmVersion();
}
