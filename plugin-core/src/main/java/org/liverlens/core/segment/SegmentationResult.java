package org.liverlens.core.segment;

import java.util.Map;

import org.liverlens.core.volume.LabelVolume;

/**
 * What a {@link Segmenter} produced: labels on the CT grid (0 background, {@link Segmenter#LIVER},
 * {@link Segmenter#TUMOUR}), the model that made them, and seconds per pipeline stage (resample,
 * normalise, inference, resample-back, post-process) in run order, for benchmarks and logs. Lesion
 * instances are the connected components of the tumour label
 * ({@link org.liverlens.core.volume.Components}); the post-processing already dropped the ones
 * below the model's minimum lesion volume.
 */
public record SegmentationResult(LabelVolume labels, ModelInfo model, Map<String, Double> stageSeconds) {
    public SegmentationResult {
        if (labels == null || model == null) {
            throw new IllegalArgumentException("a segmentation result needs labels and a model");
        }
        stageSeconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageSeconds));
    }
}
