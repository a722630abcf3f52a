package org.liverlens.core.service;

import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.dicom.SkippedFile;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.FindingsJson;
import org.liverlens.core.measure.LiverLesionSegments;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.render.Preview;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.seg.SourceUids;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * The automatic segmentation workflow that {@code liverlens segment}, {@code demo}, {@code bench
 * segment} and the viewer's auto-segment tool share: segment → measure → segment set (liver + one
 * segment per lesion), then, for the command line, SEG + findings.json + preview.png in a folder.
 * The viewer stops after {@link #measure} and keeps the segments in memory until the user saves.
 */
public final class SegmentWorkflow {
    /** File names written into the output folder. */
    public static final String SEG_FILE = "seg.dcm";
    public static final String FINDINGS_FILE = "findings.json";
    public static final String PREVIEW_FILE = "preview.png";
    /** Series number and description of the SEG the workflow writes. */
    public static final int SEG_SERIES_NUMBER = 901;
    public static final String SEG_SERIES_DESCRIPTION = "LiverLens liver and lesions";

    private SegmentWorkflow() {
    }

    /**
     * A segmentation measured on its CT: the labels, the findings, and the SEG's segments.
     *
     * @param segmentSeconds how long the model took
     * @param measureSeconds how long measuring and laying out the segments took
     */
    public record Segmented(SegmentationResult segmentation, Measurements.Measured measured, SegmentSet segments,
                            Findings.Source source, double segmentSeconds, double measureSeconds) {
        public Findings findings() {
            return measured.findings();
        }
    }

    /** What {@link #run} produced. */
    public record Result(SegmentationResult segmentation, Findings findings, SegWriter.Result seg, int segments,
                         Path findingsFile, Path previewFile, double segmentSeconds, double writeSeconds) {
    }

    /** Segments {@code ct} (loaded from {@code stack}) with {@code segmenter} and measures the labels. */
    public static Segmented segment(Segmenter segmenter, HuVolume ct, Stack stack, Progress progress,
                                    Cancellation cancel) {
        long t0 = System.nanoTime();
        SegmentationResult seg = segmenter.segment(ct, progress, cancel);
        return measure(seg, ct, stack, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Measures labels the model produced (by a {@link Segmenter} or the {@link SegmentationService})
     * and lays them out as the SEG's segments ({@link LiverLesionSegments}).
     */
    public static Segmented measure(SegmentationResult seg, HuVolume ct, Stack stack, double segmentSeconds) {
        long t0 = System.nanoTime();
        ModelInfo model = seg.model();
        Findings.Source source = new Findings.Source(Findings.SourceKind.MODEL,
                "model " + model.name() + " " + model.version());
        // The series findings.json names is the one the SEG references (a stand-in when the CT has none).
        String seriesUid = SourceUids.of(stack).seriesInstanceUid();
        Measurements.Measured measured = Measurements.ofLabels(ct, seg.labels(), seriesUid, model, source);
        SegmentSet segments = LiverLesionSegments.of(measured, model);
        return new Segmented(seg, measured, segments, source, segmentSeconds, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Writes {@code OUTPUT/seg.dcm}, {@code findings.json} (listing {@code skipped}, the files of the
     * CT folder that could not be used) and {@code preview.png}.
     */
    public static Result write(Segmented s, HuVolume ct, Stack stack, List<SkippedFile> skipped, Path output) {
        long t0 = System.nanoTime();
        SegWriterOptions options = SegWriterOptions.defaults().withSeries(SEG_SERIES_NUMBER, SEG_SERIES_DESCRIPTION);
        SegWriter.Result written = new SegWriter().write(s.segments(), stack, options, output.resolve(SEG_FILE));
        Path findingsFile = output.resolve(FINDINGS_FILE);
        FindingsJson.write(s.findings(), skipped, findingsFile);
        Path previewFile = output.resolve(PREVIEW_FILE);
        Preview.write(Preview.render(ct, s.measured(), s.source().description()), previewFile);
        return new Result(s.segmentation(), s.findings(), written, s.segments().segments().size(), findingsFile,
                previewFile, s.segmentSeconds(), s.measureSeconds() + (System.nanoTime() - t0) / 1e9);
    }

    /** {@link #segment} then {@link #write}: what {@code liverlens segment} does after loading the CT. */
    public static Result run(Segmenter segmenter, HuVolume ct, Stack stack, List<SkippedFile> skipped, Path output,
                             Progress progress, Cancellation cancel) {
        return write(segment(segmenter, ct, stack, progress, cancel), ct, stack, skipped, output);
    }
}
