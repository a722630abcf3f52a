package org.liverlens.core.service;

import java.nio.file.Path;

import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Automatic liver and tumour segmentation with a model package, as {@code liverlens segment} does it:
 * the labels are on the CT's grid (0 background, 1 liver, 2 tumour). Long-running: both methods report
 * progress and stop with a {@link org.liverlens.core.work.CancelledException} when cancelled.
 */
public interface SegmentationService {

    /**
     * Segments a loaded CT volume (from {@link SeriesService#load}) with the model and device of
     * {@code options}.
     *
     * @throws org.liverlens.core.work.InvalidInputException for a bad model package or a device that
     *                                                       fails its self-test
     */
    SegmentationResult segment(HuVolume ct, SegmenterOptions options, Progress progress, Cancellation cancel);

    /**
     * Scans {@code folder}, loads the CT series in it (the one named by {@code seriesUid}, else the only
     * CT series, as {@code liverlens segment DIR [--series UID]} chooses) and segments it. Load warnings
     * go to {@code options.notices()}.
     *
     * @throws org.liverlens.core.work.InvalidInputException when no CT series qualifies, it cannot be
     *                                                       loaded, or the model cannot run
     */
    SegmentationResult segment(Path folder, String seriesUid, LoadOptions load, SegmenterOptions options,
                               Progress progress, Cancellation cancel);
}
