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
 * @param lesions   where the tumour label comes from (the network, the {@link LesionDetector} or both);
 *                  {@code null} for {@link LesionSource#DEFAULT}
 */
public record SegmenterOptions(String model, Device device, boolean mirrorTta, Consumer<String> notices,
                               LesionSource lesions) {
    public SegmenterOptions {
        if (device == null) {
            throw new IllegalArgumentException("device is required");
        }
        if (notices == null) {
            notices = m -> { };
        }
        if (lesions == null) {
            lesions = LesionSource.DEFAULT;
        }
    }

    /** Options with the default lesion source. */
    public SegmenterOptions(String model, Device device, boolean mirrorTta, Consumer<String> notices) {
        this(model, device, mirrorTta, notices, null);
    }

    /** The default model on the automatically chosen device, without test-time augmentation. */
    public static SegmenterOptions defaults() {
        return new SegmenterOptions(null, Device.AUTO, false, null);
    }

    /** These options with another lesion source. */
    public SegmenterOptions withLesions(LesionSource source) {
        return new SegmenterOptions(model, device, mirrorTta, notices, source);
    }
}
