package org.liverlens.core.service;

import java.nio.file.Path;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.Problem;
import org.liverlens.core.segment.InferenceEngine;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link SegmentationService} DS component: delegates to {@link CtSeries} and
 * {@link ModelSegmenter}, opening the model for each call and closing it afterwards (the engine and its
 * natives stay loaded). The work runs with the DJL bundle's loader as the thread's context class loader,
 * whatever thread the caller (a viewer's worker, a test) uses.
 */
@Component(service = SegmentationService.class)
public final class ModelSegmentationService implements SegmentationService {

    @Override
    public SegmentationResult segment(HuVolume ct, SegmenterOptions options, Progress progress, Cancellation cancel) {
        return InferenceEngine.withDjlClassLoader(() -> {
            try (Segmenter segmenter = ModelSegmenter.open(options)) {
                return segmenter.segment(ct, progress, cancel);
            }
        });
    }

    @Override
    public SegmentationResult segment(Path folder, String seriesUid, LoadOptions load, SegmenterOptions options,
                                      Progress progress, Cancellation cancel) {
        LoadedVolume loaded = CtSeries.load(folder, seriesUid, load, progress, cancel);
        for (Problem p : loaded.warnings()) {
            options.notices().accept("note: " + p.message());
        }
        return segment(loaded.volume(), options, progress, cancel);
    }
}
