package org.liverlens.core.segment;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Automatic liver and tumour segmentation of a CT volume. Implementations run a model package
 * (see docs/models.md); the result is on the CT's own grid. Open one with
 * {@link ModelSegmenter#open(SegmenterOptions)}; close it to release the network's native memory.
 */
public interface Segmenter extends AutoCloseable {

    /** Label of liver voxels in {@link SegmentationResult#labels()}. */
    int LIVER = 1;
    /** Label of tumour voxels (inside the liver) in {@link SegmentationResult#labels()}. */
    int TUMOUR = 2;

    /**
     * Segments {@code ct}; long-running, reports progress and stops with a
     * {@link org.liverlens.core.work.CancelledException} when cancelled. A CT in which no liver is
     * found gives an empty label volume, not an error.
     */
    SegmentationResult segment(HuVolume ct, Progress progress, Cancellation cancel);

    /** The model this segmenter runs. */
    ModelInfo model();

    /** Releases native memory; the segmenter cannot be used afterwards. */
    @Override
    default void close() {
    }
}
