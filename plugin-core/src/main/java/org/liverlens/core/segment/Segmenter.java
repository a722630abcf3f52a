package org.liverlens.core.segment;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Automatic liver and tumour segmentation of a CT volume. Implementations run a model package
 * (see docs/models.md); the result is on the CT's own grid.
 */
public interface Segmenter {

    /** Label of liver voxels in {@link SegmentationResult#labels()}. */
    int LIVER = 1;
    /** Label of tumour voxels (inside the liver) in {@link SegmentationResult#labels()}. */
    int TUMOUR = 2;

    /** Segments {@code ct}; long-running, reports progress and stops when cancelled. */
    SegmentationResult segment(HuVolume ct, Progress progress, Cancellation cancel);

    /** The model this segmenter runs. */
    ModelInfo model();
}
