package org.liverlens.ui.view;

import java.nio.file.Path;
import java.util.Locale;

import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Times the stages before the viewer's first image with a SEG (docs/benchmarks.md, "Viewer"): scan,
 * SEG read, CT load, mapping, measuring, layers; not a test. Runs them ROUNDS times in one JVM (the
 * first round is the cold one the viewer pays).
 * {@code java -cp ... org.liverlens.ui.view.LoadBench CT_DIR SEG [ROUNDS [viewer]]}; with {@code viewer}, the
 * whole of {@code ViewerData.load} (the same stages, two pairs of them side by side) instead.
 */
public final class LoadBench {
    private LoadBench() {
    }

    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        Path seg = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        DicomSeriesService series = new DicomSeriesService();
        if (args.length > 3 && args[3].equals("viewer")) { // ViewerData.load: SEG read and mapping beside scan and load
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                ViewerData.load(series, folder, seg, Progress.NONE, Cancellation.NONE);
                System.out.printf(Locale.ROOT, "round %d: ViewerData.load %d ms%n", r + 1,
                        (System.nanoTime() - t0) / 1_000_000);
            }
            return;
        }
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            ScanResult scan = series.scan(folder, Progress.NONE, Cancellation.NONE);
            long t1 = System.nanoTime();
            SegReader reader = new SegReader();
            SegDocument doc = reader.read(seg);
            Stack stack = SegReader.findSourceStack(doc, scan);
            long t2 = System.nanoTime();
            LoadedVolume loaded = series.load(stack, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE);
            long t3 = System.nanoTime();
            SegMapping mapping = reader.mapOnto(doc, stack);
            long t4 = System.nanoTime();
            Measurements.Measured measured = Measurements.ofSegments(loaded.volume(), mapping.segments(),
                    stack.first().seriesInstanceUid(), new Findings.Source(Findings.SourceKind.SEG, "bench"));
            long t5 = System.nanoTime();
            SegOverlay.layersOf(mapping.segments(), measured.findings());
            long t6 = System.nanoTime();
            System.out.printf(Locale.ROOT, "round %d: scan %d ms, SEG read %d ms, CT load %d ms, map %d ms, "
                    + "measure %d ms, layers %d ms, total %d ms%n", r + 1, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000,
                    (t6 - t5) / 1_000_000, (t6 - t0) / 1_000_000);
        }
    }
}
