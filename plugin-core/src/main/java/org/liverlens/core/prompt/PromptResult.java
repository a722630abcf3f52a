package org.liverlens.core.prompt;

import org.liverlens.core.volume.BitMask;

/**
 * The lesion a prompt gave: its mask on the CT grid, a confidence in 0…1 (how clearly the clicked
 * tissue differs from the parenchyma around it, docs/prompt.md), the HU of the two intensity models,
 * and, when the mask is empty, why.
 *
 * @param lesionHu     HU the lesion model was learned at (NaN when none)
 * @param parenchymaHu HU of the surrounding parenchyma (NaN when none)
 * @param reason       why the mask is empty, or null
 */
public record PromptResult(BitMask mask, double confidence, double lesionHu, double parenchymaHu, String reason) {
    public PromptResult {
        if (mask == null) {
            throw new IllegalArgumentException("mask is required");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be 0…1, got " + confidence);
        }
    }

    /** An empty mask, confidence 0, with the reason. */
    public static PromptResult empty(BitMask grid, String reason) {
        return new PromptResult(grid, 0, Double.NaN, Double.NaN, reason);
    }

    public boolean isEmpty() {
        return mask.count() == 0;
    }
}
