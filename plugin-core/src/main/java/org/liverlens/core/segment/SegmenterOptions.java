package org.liverlens.core.segment;

import java.util.function.Consumer;

/**
 * How to open a {@link Segmenter}.
 *
 * @param model     a model package folder or zip, or the name of an installed package
 *                  ({@code liverlens models list}); {@code null} for the default model shipped with
 *                  LiverLens
 * @param device    where inference runs
 * @param mirrorTta average the prediction over left-right mirrored input (slower, a little smoother)
 * @param notices   receives one-line notices for the user (device fall-back, model chosen); never null
 */
public record SegmenterOptions(String model, Device device, boolean mirrorTta, Consumer<String> notices) {
    public SegmenterOptions {
        if (device == null) {
            throw new IllegalArgumentException("device is required");
        }
        if (notices == null) {
            notices = m -> { };
        }
    }

    /** The default model on the automatically chosen device, without test-time augmentation. */
    public static SegmenterOptions defaults() {
        return new SegmenterOptions(null, Device.AUTO, false, null);
    }
}
