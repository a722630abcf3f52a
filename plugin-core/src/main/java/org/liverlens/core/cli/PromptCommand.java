package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.Problem;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.FindingsJson;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.PromptSegmenter;
import org.liverlens.core.render.Preview;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.seg.SegmentationType;
import org.liverlens.core.seg.SourceUids;
import org.liverlens.core.service.PromptMethods;
import org.liverlens.core.service.PromptedLesion;
import org.liverlens.core.segment.LocalCases;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code liverlens prompt DIR --point X,Y,Z ... -o OUT}: a lesion from clicks or a box (classical
 * region competition, no weights, by default; {@code --method learned} the prompt network) →
 * {@code OUT/seg.dcm}, {@code OUT/findings.json}, {@code OUT/preview.png}.
 */
@Command(name = "prompt", mixinStandardHelpOptions = true,
        description = {"Segment one lesion from clicks or a box on the CT series under DIR and write OUT/seg.dcm "
                + "(DICOM SEG), OUT/findings.json and OUT/preview.png. Coordinates are voxel indices (i column, "
                + "j row, k slice sorted by position, from 0) unless --mm gives patient LPS millimetres.",
            "With --seg, OUT/seg.dcm is a new SEG holding every segment of that SEG (from any tool) unchanged plus "
                + "the lesion as one more segment, and its liver segment keeps the lesion inside the liver. "
                + "Without --seg it holds the lesion alone (no model is run). A prompt that finds no lesion (air, "
                + "bone, normal parenchyma, negative clicks only) writes nothing and exits 3 with the reason. "
                + "See docs/prompt.md."})
final class PromptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder holding the CT series (searched recursively).")
    Path dir;

    @Option(names = "--point", paramLabel = "X,Y,Z", converter = TripleConverter.class,
            description = "A click on the lesion (repeatable).")
    List<Coordinates> points = new ArrayList<>();

    @Option(names = "--negative", paramLabel = "X,Y,Z", converter = TripleConverter.class,
            description = "A click on what is not lesion (repeatable).")
    List<Coordinates> negatives = new ArrayList<>();

    @Option(names = "--box", paramLabel = "X0,Y0,X1,Y1,Z", converter = BoxConverter.class,
            description = "A box around the lesion on one axial slice (two opposite corners).")
    Coordinates box;

    @Option(names = "--mm", description = "Coordinates are patient LPS millimetres, not voxel indices.")
    boolean mm;

    @Option(names = "--seg", paramLabel = "SEG", description = "A DICOM SEG of this CT (liver, lesions) to add the "
            + "lesion to; its liver segment keeps the lesion inside the liver.")
    Path seg;

    @Option(names = "--accept", paramLabel = "CASES", description = "Also save the CT and OUT/seg.dcm as a local "
            + "case, CASES/SERIES-UID/ (ct/ and seg.dcm), for 'train --fine-tune --case'. Needs --seg with a liver "
            + "segment; accepting the same series again replaces its seg.dcm.")
    Path accept;

    @Option(names = "--method", paramLabel = "NAME", defaultValue = PromptMethods.DEFAULT,
            description = "classical (region competition, no weights; the default) or learned (the prompt network, "
                    + "docs/models.md).")
    String method;

    @Option(names = "--prompt-model", paramLabel = "DIR", description = "With --method learned: a prompt model package "
            + "written by 'liverlens train-prompt' instead of the shipped network.")
    Path promptModel;

    @Option(names = "--series", paramLabel = "UID",
            description = "The CT series to use when DIR holds several (SeriesInstanceUID).")
    String series;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Output folder.")
    Path output;

    /** The numbers of one --point, --negative or --box value. */
    record Coordinates(double[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Coordinates c && java.util.Arrays.equals(v, c.v);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(v);
        }

        @Override
        public String toString() {
            return "Coordinates" + java.util.Arrays.toString(v);
        }
    }

    /** Parses X,Y,Z. */
    static final class TripleConverter implements ITypeConverter<Coordinates> {
        @Override
        public Coordinates convert(String value) {
            return numbers(value, 3, "X,Y,Z");
        }
    }

    /** Parses X0,Y0,X1,Y1,Z. */
    static final class BoxConverter implements ITypeConverter<Coordinates> {
        @Override
        public Coordinates convert(String value) {
            return numbers(value, 5, "X0,Y0,X1,Y1,Z");
        }
    }

    static Coordinates numbers(String value, int n, String form) {
        String[] parts = value.split(",", -1);
        if (parts.length != n) {
            throw new TypeConversionException("expected " + form + " (" + n + " numbers), found '" + value + "'");
        }
        double[] out = new double[n];
        for (int q = 0; q < n; q++) {
            try {
                out[q] = Double.parseDouble(parts[q].trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected " + form + ", found '" + parts[q] + "' in '" + value + "'");
            }
            if (!Double.isFinite(out[q])) {
                throw new TypeConversionException("expected finite numbers in " + form + ", found '" + value + "'");
            }
        }
        return new Coordinates(out);
    }

    @Override
    public Integer call() {
        OutputTarget.folder(output, "-o", SegmentCommand.SEG_FILE, SegmentCommand.FINDINGS_FILE,
                SegmentCommand.PREVIEW_FILE);
        LiverLensCommand root = (LiverLensCommand) spec.root().userObject();
        ConsoleProgress progress = root.progress();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        var segmenter = PromptMethods.byName(method, promptModel);
        if (accept != null && seg == null) {
            throw new InvalidInputException("--accept saves a training case, which needs the liver outlined, and no "
                    + "--seg was given", accept, "run 'liverlens segment' first and pass its SEG with --seg");
        }
        SegReader reader = new SegReader();
        SegmentSet input = null;
        LoadedVolume loaded = CtSeries.load(dir, series, root.loadOptions(), progress, Cancellation.NONE);
        for (Problem p : loaded.warnings()) {
            err.println("liverlens: note: " + PrintableText.escape(p.message()));
        }
        Stack stack = loaded.stack();
        HuVolume ct = loaded.volume();
        VolumeGeometry g = ct.geometry();
        Prompt prompt = prompt(g).inside(g);
        if (seg != null) {
            SegMapping m = reader.mapOnto(reader.read(seg), stack);
            for (String w : m.warnings()) {
                err.println("liverlens: note: " + PrintableText.escape(w));
            }
            input = m.segments();
            if (input.type() != SegmentationType.BINARY) {
                throw new InvalidInputException("the SEG is " + input.type() + "; a lesion can be added to a BINARY "
                        + "SEG only", seg, "convert it to BINARY, or leave out --seg");
            }
        }
        BitMask liver = input == null ? null : liver(input);
        if (accept != null && liver == null) {
            throw new InvalidInputException("--accept saves a training case, which needs the liver outlined, and this "
                    + "SEG has no liver segment (property type Liver, SCT 10200004)", seg,
                    "pass a SEG with the liver (e.g. from 'liverlens segment'), or leave out --accept");
        }

        long t0 = System.nanoTime();
        PromptResult r = segmenter.segment(ct, liver, prompt);
        long t1 = System.nanoTime();
        if (r.isEmpty()) {
            throw new InvalidInputException("no lesion found at the prompt: " + r.reason(), dir,
                    "click on the lesion itself, add clicks, or draw a box around it");
        }

        String seriesUid = SourceUids.of(stack).seriesInstanceUid();
        Written w = write(ct, stack, input, r, segmenter, seg == null ? "prompt" : "prompt on SEG " + seg.getFileName(),
                output);
        SegmentSet set = w.set();
        Measurements.Measured measured = w.measured();
        SegWriter.Result written = w.seg();

        int number = set.segments().get(set.segments().size() - 1).number();
        PrintableText.printf(out, "LiverLens prompt: series %s (%s)%n", seriesUid, dir);
        String tissues = Double.isNaN(r.parenchymaHu()) ? String.format(Locale.ROOT, "lesion %.0f HU", r.lesionHu())
                : String.format(Locale.ROOT, "lesion %.0f HU, parenchyma %.0f HU", r.lesionHu(), r.parenchymaHu());
        PrintableText.printf(out, "  lesion:   segment %d, %d voxels (%.2f mL), confidence %.2f (%s), %.0f ms, "
                + "method %s%n", number, r.mask().count(), r.mask().count() * g.voxelVolumeMl(), r.confidence(), tissues,
                (t1 - t0) / 1e6, method);
        for (LesionMeasurement l : measured.findings().lesions()) {
            if (l.segmentNumber() == number) {
                PrintableText.printf(out, "  RECIST:   %.1f × %.1f mm on slice %d%n", l.recist().longMm(),
                        l.recist().shortMm(), l.recist().slice());
            }
        }
        for (String n : written.notices()) {
            err.println("liverlens: note: " + PrintableText.escape(n));
        }
        PrintableText.printf(out, "  wrote:    %s (DICOM SEG, %d segment(s), %d frame(s))%n", written.file(),
                set.segments().size(), written.frames());
        out.println("            " + PrintableText.escape(output.resolve(SegmentCommand.FINDINGS_FILE)));
        out.println("            " + PrintableText.escape(output.resolve(SegmentCommand.PREVIEW_FILE)));
        if (accept != null) {
            Path c = LocalCases.save(accept, stack, written.file());
            out.println("  accepted: " + PrintableText.escape(c) + " (local case for 'train --fine-tune --case')");
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    /** What {@link #write} wrote: the segments (input's and the lesion), their findings, the SEG. */
    record Written(SegmentSet set, Measurements.Measured measured, SegWriter.Result seg) {
    }

    /**
     * The prompt's outputs, as {@code liverlens prompt} writes them (and {@code demo} does for its
     * prompted lesion): {@code output/seg.dcm}, a new SEG with the input's segments (or none) and the
     * lesion as the next segment, written with {@code method}'s algorithm name; {@code findings.json};
     * {@code preview.png}.
     */
    static Written write(HuVolume ct, Stack stack, SegmentSet input, PromptResult r, PromptSegmenter method,
                         String description, Path output) {
        SegmentSet set = withLesion(input, ct.geometry(), r, method);
        String seriesUid = SourceUids.of(stack).seriesInstanceUid();
        Findings.Source source = new Findings.Source(Findings.SourceKind.PROMPT, description);
        Measurements.Measured measured = Measurements.ofSegments(ct, set, seriesUid, source);
        SegWriterOptions options = SegWriterOptions.defaults().withSeries(902, "LiverLens prompted lesion");
        SegWriter.Result written = new SegWriter().write(set, stack, options, output.resolve(SegmentCommand.SEG_FILE));
        FindingsJson.write(measured.findings(), output.resolve(SegmentCommand.FINDINGS_FILE));
        Preview.write(Preview.render(ct, measured, source.description()), output.resolve(SegmentCommand.PREVIEW_FILE));
        return new Written(set, measured, written);
    }

    private Prompt prompt(VolumeGeometry g) {
        List<Prompt.Click> pos = new ArrayList<>();
        for (Coordinates c : points) {
            pos.add(click(c.v()[0], c.v()[1], c.v()[2], g));
        }
        List<Prompt.Click> neg = new ArrayList<>();
        for (Coordinates c : negatives) {
            neg.add(click(c.v()[0], c.v()[1], c.v()[2], g));
        }
        Prompt.Box b = null;
        if (box != null) {
            double[] v = box.v();
            Prompt.Click a = click(v[0], v[1], v[4], g);
            Prompt.Click c = click(v[2], v[3], v[4], g);
            b = new Prompt.Box(a.i(), a.j(), c.i(), c.j(), a.k());
        }
        return new Prompt(pos, neg, b);
    }

    private Prompt.Click click(double x, double y, double z, VolumeGeometry g) {
        if (mm) {
            return Prompt.Click.fromMm(new double[] {x, y, z}, g);
        }
        if (x != Math.rint(x) || y != Math.rint(y) || z != Math.rint(z)) {
            throw new InvalidInputException(String.format(Locale.ROOT, "voxel indices must be whole numbers, found "
                    + "%s,%s,%s", x, y, z), null, "give whole voxel indices, or millimetres with --mm");
        }
        return new Prompt.Click((int) x, (int) y, (int) z);
    }

    /** The liver as an organ for the prompt ({@link PromptedLesion#liver}); null when the SEG has no liver segment. */
    static BitMask liver(SegmentSet set) {
        return PromptedLesion.liver(set.geometry(), set.segments(), set::mask);
    }

    /** The input's segments unchanged (or none) and the lesion as the next segment number. */
    private static SegmentSet withLesion(SegmentSet input, VolumeGeometry g, PromptResult r, PromptSegmenter method) {
        SegmentSet set = SegmentSet.binary(g);
        int number = 1;
        if (input != null) {
            for (Segment s : input.segments()) {
                set.addBinary(s).addAll(input.mask(s.number()));
                number = Math.max(number, s.number() + 1);
            }
        }
        Segment lesion = PromptedLesion.segment(number, "Prompted lesion", r, method);
        set.addBinary(lesion).addAll(r.mask());
        return set;
    }
}
