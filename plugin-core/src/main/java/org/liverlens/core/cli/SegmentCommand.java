package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.Problem;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.service.SegmentWorkflow;
import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.LesionSource;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens segment DIR -o OUT}: the CT series under DIR → liver and lesion labels from the
 * model → {@code OUT/seg.dcm} (liver + one segment per lesion), {@code OUT/findings.json} and
 * {@code OUT/preview.png}.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = {"Segment the liver and its lesions in the CT series under DIR and write OUT/seg.dcm (DICOM SEG: "
                + "segment 1 the liver, segment n+1 lesion n), OUT/findings.json (volumes, RECIST axes, HU, "
                + "centroids, tumour burden) and OUT/preview.png (axial slice through the largest lesion beside a "
                + "coronal reformat, with overlays).",
            "A CT with no liver in view gives an empty result with a note, not an error. Non-CT input is refused "
                + "(exit 3)."})
public final class SegmentCommand implements Callable<Integer> {
    /** File names written into OUT. */
    static final String SEG_FILE = SegmentWorkflow.SEG_FILE;
    static final String FINDINGS_FILE = SegmentWorkflow.FINDINGS_FILE;
    static final String PREVIEW_FILE = SegmentWorkflow.PREVIEW_FILE;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder holding the CT series (searched recursively).")
    Path dir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output folder.")
    Path output;

    @Option(names = "--model", paramLabel = "PKG",
            description = "Model package folder or zip, or the name of an installed one (default: the model shipped "
                    + "with LiverLens).")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto", converter = DeviceConverter.class,
            description = "Where inference runs (default: ${DEFAULT-VALUE}: the GPU when one passes its self-test, "
                    + "else the CPU).")
    Device device;

    @Option(names = "--tta", description = "Mirror test-time augmentation (slower, a little smoother).")
    boolean tta;

    @Option(names = "--lesions", paramLabel = "network|detector|combined", defaultValue = "network",
            converter = LesionSourceConverter.class,
            description = "Where lesions come from: the network's tumour class, the classical candidate detector "
                    + "inside the network's liver, or both (default: ${DEFAULT-VALUE}; docs/segmentation.md).")
    LesionSource lesions;

    @Option(names = "--series", paramLabel = "UID",
            description = "The CT series to use when DIR holds several (SeriesInstanceUID or the key 'info' prints).")
    String series;

    /**
     * Opens and checks the model package (before the CT is loaded), and the segmenter when called;
     * tests replace it with a segmenter of known labels.
     */
    Function<SegmenterOptions, Supplier<Segmenter>> opener = ModelSegmenter::prepare;

    /** Converts --device values with {@link Device#parse}. */
    static final class DeviceConverter implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            return Device.parse(value);
        }
    }

    /** Converts --lesions values with {@link LesionSource#parse}. */
    static final class LesionSourceConverter implements ITypeConverter<LesionSource> {
        @Override
        public LesionSource convert(String value) {
            try {
                return LesionSource.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        OutputTarget.folder(output, "-o", SEG_FILE, FINDINGS_FILE, PREVIEW_FILE); // before the minutes of work
        LiverLensCommand root = (LiverLensCommand) spec.root().userObject();
        ConsoleProgress progress = root.progress();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        SegmenterOptions options = new SegmenterOptions(model, device, tta, m -> {
            err.println("liverlens: " + PrintableText.escape(m));
            err.flush();
        }, lesions);
        Supplier<Segmenter> segmenterOfPackage = opener.apply(options); // a bad package is refused before the CT load

        long t0 = System.nanoTime();
        LoadedVolume loaded = CtSeries.load(dir, series, root.loadOptions(), progress, Cancellation.NONE);
        Stack stack = loaded.stack();
        for (Problem p : loaded.warnings()) {
            err.println("liverlens: note: " + PrintableText.escape(p.message()));
        }
        loaded.skipped().forEach(s -> err.println("liverlens: note: " + s.note()));
        long t1 = System.nanoTime();
        SegmentWorkflow.Result r;
        try (Segmenter segmenter = segmenterOfPackage.get()) {
            r = SegmentWorkflow.run(segmenter, loaded.volume(), stack, loaded.skipped(), output, progress, Cancellation.NONE);
        }
        long t2 = System.nanoTime();

        HuVolume ct = loaded.volume();
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacingMm();
        ModelInfo mi = r.segmentation().model();
        PrintableText.printf(out, "LiverLens segment: series %s (%s)%n", blankAs(stack.first().seriesInstanceUid(), "without UID"),
                blankAs(stack.first().seriesDescription(), "no description"));
        PrintableText.printf(out, "  CT:       %s, %d × %d × %d voxels of %.3f × %.3f × %.3f mm%n", dir, g.columns(),
                g.rows(), g.slices(), sp[0], sp[1], sp[2]);
        PrintableText.printf(out, "  model:    %s %s%s%n", mi.name(), mi.version(),
                mi.sha256() == null ? "" : " (sha256 " + mi.sha256().substring(0, Math.min(12, mi.sha256().length()))
                        + "…)");
        for (String notice : r.seg().notices()) {
            err.println("liverlens: note: " + PrintableText.escape(notice));
        }
        FindingsReport.print(r.findings(), out);
        PrintableText.printf(out, "  wrote:    %s (DICOM SEG, %d segment(s), %d frame(s))%n", r.seg().file(),
                r.segments(), r.seg().frames());
        out.println("            " + PrintableText.escape(r.findingsFile()));
        out.println("            " + PrintableText.escape(r.previewFile()));
        PrintableText.printf(out, "  timings:  scan + load %.1f s, segment %.1f s%s, measure + write %.1f s%n",
                (t1 - t0) / 1e9, r.segmentSeconds(), stages(r.segmentation().stageSeconds()), r.writeSeconds());
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    private static String stages(Map<String, Double> seconds) {
        if (seconds.isEmpty()) {
            return "";
        }
        return seconds.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static String blankAs(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }
}
