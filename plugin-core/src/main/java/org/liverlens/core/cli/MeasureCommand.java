package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.FindingsJson;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.render.Preview;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.seg.SegmentationType;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liverlens measure DIR --seg SEG [--json]}: findings for an existing SEG on its CT. */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = {"Measure the liver and lesion segments of an existing DICOM SEG on the CT under DIR: liver "
                + "volume (tumours included), each lesion's volume, RECIST 1.1 long and short axis, HU and centroid, "
                + "and the tumour burden, as a table or as findings.json (--json).",
            "Liver segments have the property type Liver (SCT 10200004). Lesion segments have the type Neoplasm "
                + "(SCT 108369006) or the category Morphologically Altered Structure (SCT 49755003). One lesion "
                + "segment is split into its 26-connected components; several lesion segments are one lesion each. "
                + "Other segments are listed and not measured. See docs/measurements.md."})
final class MeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of the CT series the SEG was made from.")
    Path ctDir;

    @Option(names = "--seg", required = true, paramLabel = "SEG",
            description = "The DICOM SEG. Repeat it for liver and tumours in separate SEGs of the same CT; their "
                    + "segments are then numbered 1, 2, … through the SEGs in the order given.")
    List<Path> segs;

    @Option(names = "--json", description = "Print findings.json instead of the table.")
    boolean json;

    @Option(names = "--preview", paramLabel = "PNG", description = "Also write the preview image (axial slice "
            + "through the largest lesion and a coronal reformat, with overlays) to this file.")
    Path preview;

    @Override
    public Integer call() {
        if (preview != null) {
            OutputTarget.file(preview, "--preview", "preview.png"); // before loading and measuring
        }
        LiverLensCommand root = (LiverLensCommand) spec.root().userObject();
        ConsoleProgress progress = root.progress();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        SegReader reader = new SegReader();
        List<SegDocument> docs = new ArrayList<>();
        for (Path s : segs) {
            docs.add(reader.read(s));
        }
        ScanResult scan = new DicomScanner().scan(ctDir, progress, Cancellation.NONE);
        Stack stack = SegReader.findSourceStack(docs.get(0), scan);
        LoadedVolume loaded = CtSeries.load(scan, stack, root.loadOptions(), progress, Cancellation.NONE);
        List<String> notes = new ArrayList<>();
        SegmentSet set = combined(reader, docs, stack, notes);
        String seriesUid = stack.first().seriesInstanceUid();
        Findings.Source source = new Findings.Source(Findings.SourceKind.SEG, segs.size() == 1
                ? "SEG " + segs.get(0).getFileName() : "SEGs " + segs.stream().map(p -> p.getFileName().toString())
                .toList());
        Measurements.Measured measured = Measurements.ofSegments(loaded.volume(), set, seriesUid, source);
        Findings f = measured.findings();
        for (String n : notes) {
            err.println("liverlens: note: " + PrintableText.escape(n));
        }
        scan.skipped().forEach(s -> err.println("liverlens: note: " + s.note()));
        if (preview != null) {
            String caption = "SEG " + segs.get(0).getFileName() + (segs.size() > 1 ? " + " + (segs.size() - 1)
                    + " more" : "");
            Preview.write(Preview.render(loaded.volume(), measured, caption), preview);
        }
        if (json) {
            out.print(FindingsJson.toJson(f, scan.skipped()));
        } else {
            PrintableText.printf(out, "Findings of %s on series %s (%s)%n", source.description(), seriesUid, ctDir);
            FindingsReport.print(f, out);
            if (preview != null) {
                out.println("  preview:  " + PrintableText.escape(preview.toAbsolutePath()));
            }
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    /**
     * The segments of every SEG on the CT grid as one set; with several SEGs, segments are renumbered
     * 1, 2, … in the order given and a note says which is which.
     */
    private SegmentSet combined(SegReader reader, List<SegDocument> docs, Stack stack, List<String> notes) {
        if (docs.size() == 1) {
            SegMapping m = reader.mapOnto(docs.get(0), stack);
            notes.addAll(m.warnings());
            return m.segments();
        }
        SegmentSet set = SegmentSet.binary(stack.geometry());
        int number = 1;
        for (int d = 0; d < docs.size(); d++) {
            SegDocument doc = docs.get(d);
            SegMapping m = reader.mapOnto(doc, stack);
            notes.addAll(m.warnings());
            SegmentSet one = m.segments();
            if (one.type() == SegmentationType.FRACTIONAL) {
                throw new InvalidInputException("several SEGs can be measured together only when they are BINARY",
                        doc.file(), "measure a FRACTIONAL SEG on its own");
            }
            for (Segment s : one.segments()) {
                Segment renumbered = new Segment(number, s.label(), s.category(), s.type(), s.algorithmType(),
                        s.algorithmName(), s.algorithmVersion(), s.cieLab(), s.description());
                set.addBinary(renumbered).addAll(one.mask(s.number()));
                notes.add(String.format(Locale.ROOT, "segment %d is segment %d \"%s\" of %s", number, s.number(),
                        s.label(), doc.file().getFileName()));
                number++;
            }
        }
        return set;
    }
}
