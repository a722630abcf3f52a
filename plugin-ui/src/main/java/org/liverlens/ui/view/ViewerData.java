package org.liverlens.ui.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.service.SeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * What one viewer window shows: the folder's scan (for the series list and its problems), the CT
 * volume, and the SEG overlay when one was opened.
 *
 * @param folder  the folder that was scanned
 * @param overlay null without a SEG
 */
public record ViewerData(Path folder, ScanResult scan, LoadedVolume loaded, SegOverlay overlay) {

    /**
     * Scans {@code folder} and loads its CT: the SEG's source series when a SEG is given (mapped onto
     * it and measured), else the folder's CT series as {@code segment} picks it. Blocks: call it off
     * the event dispatch thread.
     *
     * @param seg null for none
     * @throws org.liverlens.core.work.InvalidInputException with what to do, for folders, series or
     *                                                       SEGs that cannot be shown
     */
    public static ViewerData load(SeriesService series, Path folder, Path seg, Progress progress, Cancellation cancel) {
        return load(series, folder, null, seg, progress, cancel);
    }

    /**
     * As above, showing the series {@code seriesUid} (SeriesInstanceUID or the key {@code info}
     * prints; null: as {@code segment} picks it) when no SEG names it.
     */
    public static ViewerData load(SeriesService series, Path folder, String seriesUid, Path seg, Progress progress,
                                  Cancellation cancel) {
        if (seg == null) {
            ScanResult scan = series.scan(folder, progress, cancel);
            Stack stack = CtSeries.choose(scan, seriesUid, folder);
            return new ViewerData(folder, scan, series.load(stack, LoadOptions.STRICT, progress, cancel), null);
        }
        // The SEG is read while the folder is scanned, and mapped onto the CT's grid while the CT
        // loads: on a cold start each pair costs about the longer of the two (docs/benchmarks.md).
        SegReader reader = new SegReader();
        CompletableFuture<SegDocument> reading = CompletableFuture.supplyAsync(() -> reader.read(seg));
        ScanResult scan = series.scan(folder, progress, cancel);
        SegDocument doc = join(reading);
        Stack stack = SegReader.findSourceStack(doc, scan);
        CompletableFuture<SegMapping> mapping = CompletableFuture.supplyAsync(() -> reader.mapOnto(doc, stack));
        LoadedVolume loaded;
        try {
            loaded = series.load(stack, LoadOptions.STRICT, progress, cancel);
        } catch (RuntimeException e) {
            mapping.cancel(false);
            throw e;
        }
        SegMapping mapped = join(mapping);
        Findings.Source source = new Findings.Source(Findings.SourceKind.SEG, "SEG " + seg.getFileName());
        Measurements.Measured measured = Measurements.ofSegments(loaded.volume(), mapped.segments(),
                stack.first().seriesInstanceUid(), source);
        List<String> notes = new ArrayList<>(mapped.warnings());
        notes.addAll(measured.findings().messages());
        SegOverlay overlay = new SegOverlay(seg, SegOverlay.layersOf(mapped.segments(), measured.findings()),
                measured.findings(), notes);
        return new ViewerData(folder, scan, loaded, overlay);
    }

    /** The result of work run beside this thread, with its own exception (a LiverLensException says what to do). */
    private static <T> T join(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The scanned series the loaded stack belongs to. */
    public SeriesInfo series() {
        return scan.series().stream().filter(s -> s.stacks().contains(loaded.stack())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the loaded stack is not in the scan"));
    }

    /** The segment layers, empty without a SEG. */
    public List<SegmentLayer> layers() {
        return overlay == null ? List.of() : overlay.layers();
    }

    /** The voxel the views start on (see {@link SegOverlay#startVoxel}); the middle without a SEG. */
    public int[] startVoxel() {
        var g = loaded.volume().geometry();
        return overlay == null ? new int[] {g.columns() / 2, g.rows() / 2, g.slices() / 2} : overlay.startVoxel(g);
    }
}
