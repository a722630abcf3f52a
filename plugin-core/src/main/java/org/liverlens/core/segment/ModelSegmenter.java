package org.liverlens.core.segment;

import org.liverlens.core.work.InvalidInputException;

/**
 * Opens the {@link Segmenter} of a model package: verifies the package, starts the inference engine
 * on the chosen device (with its numeric self-test) and loads the network.
 */
public final class ModelSegmenter {
    private ModelSegmenter() {
    }

    /**
     * Opens a segmenter.
     *
     * @throws InvalidInputException (exit 3) for a missing or damaged package (hash mismatch, missing
     *                               file, unknown architecture) or a device that fails its self-test
     */
    public static Segmenter open(SegmenterOptions options) {
        throw new UnsupportedOperationException("the model runtime is being built (issue 5)");
    }
}
