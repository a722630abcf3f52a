package org.liverlens.core.segment;

import java.util.Map;

import org.liverlens.core.volume.LabelVolume;

/**
 * What a {@link Segmenter} produced: labels on the CT grid (0 background, {@link Segmenter#LIVER},
 * {@link Segmenter#TUMOUR}), the model that made them, and seconds per pipeline stage (resample,
 * inference, post-process, ...) for benchmarks and logs.
 */
public record SegmentationResult(LabelVolume labels, ModelInfo model, Map<String, Double> stageSeconds) {
    public SegmentationResult {
        stageSeconds = Map.copyOf(stageSeconds);
    }
}
