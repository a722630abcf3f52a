package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.edit.ClassicalBackend;
import org.liverlens.core.edit.CounterfactualPreview;
import org.liverlens.core.edit.EditOutput;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.FindingsJson;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.render.Preview;
import org.liverlens.core.seg.LabelMapAlignment;
import org.liverlens.core.seg.LabelMapIo;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.segment.DefaultModel;
import org.liverlens.core.service.SegmentWorkflow;
import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.Evaluation;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.service.CounterfactualEditService;
import org.liverlens.core.service.EditService;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code liverlens demo}: the main job on the bundled synthetic CT. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job on the bundled synthetic CT (fixed seed): generate it, load it, segment the liver "
                + "and its lesions with the default model, and write seg.dcm, findings.json and preview.png as "
                + "'segment' does, with the Dice against the known truth, and one counterfactual ('remove lesion 1') "
                + "into counterfactual/ with preview.png, the original beside the counterfactual.",
            "The phantom's ground truth is measured too, into ground-truth/findings.json and ground-truth/preview.png, "
                + "labelled as ground truth. Without a default model in the build, segmentation is skipped with a note."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    LiverLensCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "liverlens-demo",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    /** The model package's segmenter; compared by identity to know whether a test replaced it. */
    static final Function<SegmenterOptions, Segmenter> MODEL_PACKAGE = ModelSegmenter::open;

    /** The demo's counterfactual. */
    static final String DEMO_EDIT = "remove lesion 1";

    /** Opens the segmenter; tests replace it with a segmenter of known labels. */
    Function<SegmenterOptions, Segmenter> opener = MODEL_PACKAGE;

    @Override
    public Integer call() {
        DemoData data = ServiceLoader.load(DemoData.class, DemoCommand.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new InvalidInputException("the synthetic CT generator (test-dicom) is not on the class path",
                        null, "run ./liverlens from the repository root so that it builds every module"));
        OutputTarget.folder(output, "-o", SegmentCommand.SEG_FILE, SegmentCommand.FINDINGS_FILE,
                SegmentCommand.PREVIEW_FILE); // before generating and loading the CT
        ConsoleProgress progress = parent.progress();
        PrintWriter out = spec.commandLine().getOut();
        Path ctFolder = output.resolve("ct");

        long t0 = System.nanoTime();
        String description = data.writeDefaultSeries(ctFolder, progress);
        long t1 = System.nanoTime();
        ScanResult scan = new DicomScanner().scan(ctFolder, progress, Cancellation.NONE);
        SeriesInfo series = scan.series().stream().filter(s -> "CT".equals(s.modality())).findFirst()
                .orElseThrow(() -> new InvalidInputException("the generator wrote no CT series", ctFolder, "report this bug"));
        Stack stack = series.primaryStack().orElseThrow();
        LoadedVolume loaded = new VolumeLoader().load(stack, parent.loadOptions(), progress, Cancellation.NONE);
        long t2 = System.nanoTime();

        HuVolume v = loaded.volume();
        VolumeGeometry g = v.geometry();
        short[] range = v.range();
        out.println("LiverLens demo");
        out.println("  data:     " + description);
        PrintableText.printf(out, "  series:   %s (%s)%n", series.seriesInstanceUid(), series.first().seriesDescription());
        out.printf(Locale.ROOT, "  volume:   %d × %d × %d voxels, spacing %.3f × %.3f × %.3f mm, HU %d … %d%n",
                g.columns(), g.rows(), g.slices(), g.spacingMm()[0], g.spacingMm()[1], g.spacingMm()[2], range[0], range[1]);
        double[] c = g.toMm(g.columns() / 2.0, g.rows() / 2.0, g.slices() / 2.0);
        out.printf(Locale.ROOT, "  centre:   (%.1f, %.1f, %.1f) mm LPS, HU there %d%n", c[0], c[1], c[2],
                v.get(g.columns() / 2, g.rows() / 2, g.slices() / 2));
        out.printf(Locale.ROOT, "  timings:  generate %.2f s, scan + load %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        out.println("  output:   " + PrintableText.escape(ctFolder.toAbsolutePath()) + " (DICOM), "
                + PrintableText.escape(output.resolve("ground-truth").toAbsolutePath()) + " (labels and lesion list)");

        Path truthFolder = output.resolve("ground-truth");
        Path labelsFile = truthFolder.resolve("labels.nrrd");
        LabelVolume truthLabels = Files.isRegularFile(labelsFile) ? liverAndTumour(labelsFile, g) : null;

        // The main job: segment, measure, write SEG + findings + preview, as 'segment' does.
        if (opener != MODEL_PACKAGE || defaultModelShipped()) {
            PrintWriter err = spec.commandLine().getErr();
            SegmenterOptions options = new SegmenterOptions(null, Device.AUTO, false, m -> {
                err.println("liverlens: " + PrintableText.escape(m));
                err.flush();
            });
            SegmentWorkflow.Result r;
            try (Segmenter segmenter = opener.apply(options)) {
                r = SegmentWorkflow.run(segmenter, v, stack, List.of(), output, progress, Cancellation.NONE);
            }
            ModelInfo model = r.segmentation().model();
            out.printf(Locale.ROOT, "Segmentation by model %s %s:%n", model.name(), model.version());
            FindingsReport.print(r.findings(), out);
            if (truthLabels != null) {
                Evaluation.CaseScore score = Evaluation.score("demo", truthLabels, r.segmentation().labels(), true,
                        Map.of());
                out.printf(Locale.ROOT, "  vs truth: liver Dice %.3f, tumour Dice %.3f (ground truth below)%n",
                        score.liverDice(), score.tumourDice());
            }
            PrintableText.printf(out, "  wrote:    %s (DICOM SEG, %d segment(s))%n", r.seg().file().toAbsolutePath(),
                    r.segments());
            out.println("            " + PrintableText.escape(r.findingsFile().toAbsolutePath()));
            out.println("            " + PrintableText.escape(r.previewFile().toAbsolutePath()));
            out.printf(Locale.ROOT, "  timings:  segment %.1f s, measure + write %.1f s%n", r.segmentSeconds(),
                    r.writeSeconds());
            promptedLesion(v, stack, r, truthLabels, out);
            counterfactual(v, stack, r.seg().file(), series.seriesInstanceUid(), progress, out);
        } else {
            out.println("Segmentation: skipped, the default model is not part of this build yet (train it with "
                    + "'liverlens train', docs/models.md); the ground truth is measured below");
        }

        // The phantom's known labels, measured and drawn exactly as a model's would be, and named
        // for what they are: no segmentation model made them.
        if (truthLabels != null) {
            Findings.Source source = new Findings.Source(Findings.SourceKind.GROUND_TRUTH,
                    "ground truth of the synthetic CT (" + labelsFile.getFileName() + "), not a model result");
            Measurements.Measured truth = Measurements.ofLabels(v, truthLabels, series.seriesInstanceUid(), null,
                    source);
            Path findingsFile = truthFolder.resolve("findings.json");
            Path previewFile = truthFolder.resolve("preview.png");
            FindingsJson.write(truth.findings(), findingsFile);
            Preview.write(Preview.render(v, truth, "GROUND TRUTH of the synthetic CT, not a model result"),
                    previewFile);
            out.println("Ground truth of the phantom, measured (known labels, not a model result):");
            FindingsReport.print(truth.findings(), out);
            out.println("  wrote:    " + PrintableText.escape(findingsFile.toAbsolutePath()));
            out.println("            " + PrintableText.escape(previewFile.toAbsolutePath()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * One counterfactual of the demo CT, "remove lesion 1" on the SEG just written, into
     * {@code counterfactual/} (derived series, edit-seg.dcm, edit.json) with preview.png, the original
     * beside the counterfactual.
     */
    private void counterfactual(HuVolume v, Stack stack, Path segFile, String seriesUid, ConsoleProgress progress,
                                PrintWriter out) {
        EditService edits = new CounterfactualEditService();
        SegReader reader = new SegReader();
        SegMapping mapped = reader.mapOnto(reader.read(segFile), stack);
        EditScene scene = edits.scene(v, mapped.segments(), seriesUid, progress, Cancellation.NONE);
        if (scene.lesions().isEmpty()) {
            out.println("Counterfactual: skipped, the model found no lesion to remove");
            return;
        }
        Path folder = output.resolve("counterfactual");
        long t0 = System.nanoTime();
        EditResult edit = edits.edit(scene, edits.parse(DEMO_EDIT), ClassicalBackend.NAME, 1);
        EditOutput.Written w = edits.write(stack, scene, edit, folder);
        Path preview = folder.resolve("preview.png");
        Preview.write(CounterfactualPreview.render(v, edit), preview);
        out.printf(Locale.ROOT, "Counterfactual '%s' (classical backend, seed 1): %d voxel(s) changed, %.1f s%n",
                DEMO_EDIT, edit.changed().count(), (System.nanoTime() - t0) / 1e9);
        PrintableText.printf(out, "  wrote:    %s (derived series, %d instance(s), marked COUNTERFACTUAL)%n",
                w.seriesFolder().toAbsolutePath(), w.instances());
        out.println("            " + PrintableText.escape(w.seg().toAbsolutePath()));
        out.println("            " + PrintableText.escape(w.json().toAbsolutePath()));
        out.println("            " + PrintableText.escape(preview.toAbsolutePath()) + " (original beside counterfactual)");
    }

    /**
     * One prompted lesion, as {@code liverlens prompt CT --seg seg.dcm --point ...} writes it, into
     * {@code prompt/}: a click on the model's lesion 1 (its voxel nearest its centroid), with the
     * model's liver (and lesions) as the liver. Said so, and nothing written, when there is no lesion
     * to click or the prompt finds none.
     */
    private void promptedLesion(HuVolume v, Stack stack, SegmentWorkflow.Result r, LabelVolume truth, PrintWriter out) {
        if (r.findings().lesions().isEmpty()) {
            out.println("Prompted lesion: skipped, the model found no lesion to click on");
            return;
        }
        SegReader reader = new SegReader();
        SegmentSet model = reader.mapOnto(reader.read(r.seg().file()), stack).segments();
        LesionMeasurement first = r.findings().lesions().get(0);
        Prompt.Click click = Prompt.Click.atCentroid(model.mask(first.segmentNumber()));
        long t0 = System.nanoTime();
        RegionCompetition method = new RegionCompetition();
        PromptResult p = method.segment(v, PromptCommand.liver(model), Prompt.click(click.i(), click.j(), click.k()));
        double ms = (System.nanoTime() - t0) / 1e6;
        if (p.isEmpty()) {
            out.println("Prompted lesion: a click at " + click + " on lesion 1 found none: " + p.reason());
            return;
        }
        Path dir = output.resolve("prompt");
        PromptCommand.Written w = PromptCommand.write(v, stack, model, p, method, "prompt on SEG "
                + SegmentCommand.SEG_FILE + " (demo: one click on lesion 1)", dir);
        out.printf(Locale.ROOT, "Prompted lesion (liverlens prompt %s --seg %s --point %d,%d,%d):%n",
                PrintableText.escape(output.resolve("ct")), PrintableText.escape(r.seg().file()), click.i(), click.j(),
                click.k());
        int number = w.set().segments().get(w.set().segments().size() - 1).number();
        for (LesionMeasurement l : w.measured().findings().lesions()) {
            if (l.segmentNumber() == number) {
                out.printf(Locale.ROOT, "  segment %d: %.2f mL, RECIST %.1f × %.1f mm on slice %d, confidence %.2f, "
                        + "%.0f ms%n", number, l.volumeMl(), l.recist().longMm(), l.recist().shortMm(), l.recist().slice(),
                        p.confidence(), ms);
            }
        }
        out.printf(Locale.ROOT, "  Dice against the model's lesion 1: %.3f%s%n", p.mask().dice(model.mask(first.segmentNumber())),
                truth == null ? "" : String.format(Locale.ROOT, "; against the true lesion there: %.3f",
                        p.mask().dice(trueLesionAt(truth, click))));
        PrintableText.printf(out, "  wrote:    %s (DICOM SEG, %d segment(s))%n", w.seg().file().toAbsolutePath(),
                w.set().segments().size());
        out.println("            " + PrintableText.escape(dir.resolve(SegmentCommand.FINDINGS_FILE).toAbsolutePath()));
        out.println("            " + PrintableText.escape(dir.resolve(SegmentCommand.PREVIEW_FILE).toAbsolutePath()));
    }

    /** The connected true lesion holding the click (empty when the click is not on one). */
    private static BitMask trueLesionAt(LabelVolume truth, Prompt.Click c) {
        Components.Labelling parts = Components.label(truth.mask(Segmenter.TUMOUR), Components.Connectivity.FULL);
        int id = parts.ids().get(c.i(), c.j(), c.k());
        return id == 0 ? new BitMask(truth.geometry()) : parts.mask(id);
    }

    /** Whether the default model package is on the class path (it is once trained and committed). */
    private static boolean defaultModelShipped() {
        return DemoCommand.class.getResource(DefaultModel.RESOURCE_FOLDER + ModelPackage.MODEL_JSON) != null;
    }

    /** The liver (1) and liver lesion (2) labels of the generator's label map on the CT grid; other organs dropped. */
    private static LabelVolume liverAndTumour(Path labelsFile, VolumeGeometry ct) {
        LabelVolume all = LabelMapAlignment.onto(LabelMapIo.read(labelsFile), ct, labelsFile);
        LabelVolume out = new LabelVolume(ct);
        for (int k = 0; k < ct.slices(); k++) {
            if (all.isSliceEmpty(k)) {
                continue;
            }
            short[] from = all.slice(k);
            for (int p = 0; p < from.length; p++) {
                if (from[p] == Segmenter.LIVER || from[p] == Segmenter.TUMOUR) {
                    out.slice(k)[p] = from[p];
                }
            }
        }
        return out;
    }
}
