package org.liverlens.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.seg.CodedConcept;
import org.liverlens.core.seg.FractionalMask;
import org.liverlens.core.seg.ReferencedSeries;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.seg.SegmentationType;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.PrintableText;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code liverlens seg info SEG [--ct DIR]}: segments, type, frames and references; with a CT, sizes on its grid. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a SEG's segments (number, label, codes, algorithm), segmentation type, frames and "
                + "referenced series; with --ct, each segment's voxel count, volume (mL) and bounding box on the CT "
                + "grid, and whatever does not match.")
final class SegInfoCommand implements Callable<Integer> {
    @ParentCommand
    SegCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SEG", description = "The DICOM SEG file.")
    Path segFile;

    @Option(names = "--ct", paramLabel = "DIR", description = "Folder of the CT series the SEG was made from.")
    Path ct;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SegReader reader = new SegReader();
        SegDocument seg = reader.read(segFile);
        SegMapping mapping = null;
        Stack stack = null;
        String gridUnavailable = null;
        if (ct != null) {
            ScanResult scan = new DicomScanner().scan(ct, parent.parent.progress(), Cancellation.NONE);
            stack = SegReader.findSourceStack(seg, scan);
            PrintWriter err = spec.commandLine().getErr();
            scan.skipped().forEach(s -> err.println("liverlens: note: " + s.note()));
            err.flush();
            stack.requireUsable(parent.parent.loadOptions(), false);
            mapping = reader.mapOnto(seg, stack);
        } else {
            try {
                mapping = reader.mapOnto(seg);
            } catch (InvalidInputException e) {
                gridUnavailable = e.getMessage();
            }
        }
        Map<String, Object> report = report(seg, mapping, stack, gridUnavailable);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            printText(report, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The report as plain maps and lists (serialised to JSON or printed as text). */
    static Map<String, Object> report(SegDocument seg, SegMapping mapping, Stack ct, String gridUnavailable) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", seg.file().toString());
        r.put("sopClassUid", seg.sopClassUid());
        r.put("sopInstanceUid", seg.sopInstanceUid());
        r.put("studyInstanceUid", seg.studyInstanceUid());
        r.put("seriesInstanceUid", seg.seriesInstanceUid());
        r.put("frameOfReferenceUid", seg.frameOfReferenceUid());
        r.put("transferSyntaxUid", seg.transferSyntaxUid());
        r.put("segmentationType", seg.type().name());
        r.put("fractionalType", seg.fractionalType() == null ? null : seg.fractionalType().name());
        r.put("maxFractionalValue", seg.type() == SegmentationType.FRACTIONAL ? seg.maxFractionalValue() : null);
        r.put("segmentsOverlap", seg.segmentsOverlap().isEmpty() ? null : seg.segmentsOverlap());
        r.put("rows", seg.rows());
        r.put("columns", seg.columns());
        r.put("frames", seg.numberOfFrames());
        r.put("bitsAllocated", seg.bitsAllocated());
        r.put("background", seg.backgroundLabel());
        List<Object> refs = new ArrayList<>();
        for (ReferencedSeries rs : seg.referencedSeries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seriesInstanceUid", rs.seriesInstanceUid());
            m.put("instances", rs.instances().size());
            refs.add(m);
        }
        r.put("referencedSeries", refs);
        SegmentSet set = mapping == null ? null : mapping.segments();
        VolumeGeometry g = set == null ? null : set.geometry();
        List<Object> segments = new ArrayList<>();
        for (Segment s : seg.segments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", s.number());
            m.put("label", s.label());
            m.put("description", s.description());
            m.put("category", code(s.category()));
            m.put("type", code(s.type()));
            m.put("algorithmType", s.algorithmType().name());
            m.put("algorithmName", s.algorithmName());
            m.put("algorithmVersion", s.algorithmVersion());
            m.put("frames", seg.framesOf(s.number()));
            m.put("pixels", seg.pixelsOf(s.number()));
            if (set != null) {
                long[] stats = set.type() == SegmentationType.FRACTIONAL
                        ? stats(set.fractional(s.number()), g) : stats(set.mask(s.number()));
                m.put("voxels", stats[0]);
                m.put("volumeMl", stats[0] * g.voxelVolumeMl());
                if (set.type() == SegmentationType.FRACTIONAL) {
                    // Probability- or occupancy-weighted volume: the sum of values over MaximumFractionalValue.
                    m.put("fractionalVolumeMl", stats[7] * g.voxelVolumeMl() / set.maxFractionalValue());
                }
                if (stats[0] > 0) {
                    Map<String, Object> box = new LinkedHashMap<>();
                    box.put("i", new long[] {stats[1], stats[4]});
                    box.put("j", new long[] {stats[2], stats[5]});
                    box.put("k", new long[] {stats[3], stats[6]});
                    m.put("bbox", box);
                } else {
                    m.put("bbox", null);
                }
            }
            segments.add(m);
        }
        r.put("segments", segments);
        if (g != null) {
            Map<String, Object> grid = new LinkedHashMap<>();
            grid.put("source", mapping.ownGrid() ? "seg" : "ct");
            grid.put("ctFolder", ct == null ? null : ct.first().file().getParent().toString());
            grid.put("ctSeriesInstanceUid", ct == null ? null : ct.first().seriesInstanceUid());
            grid.put("size", g.size());
            grid.put("spacingMm", g.spacingMm());
            grid.put("origin", g.originMm());
            grid.put("voxelVolumeMl", g.voxelVolumeMl());
            r.put("grid", grid);
        } else {
            r.put("grid", null);
        }
        r.put("gridUnavailable", gridUnavailable);
        List<String> warnings = new ArrayList<>(seg.warnings());
        if (mapping != null) {
            warnings.addAll(mapping.warnings());
        }
        r.put("warnings", warnings);
        return r;
    }

    private static Map<String, Object> code(CodedConcept c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", c.value());
        m.put("scheme", c.scheme());
        m.put("meaning", c.meaning());
        return m;
    }

    /** {voxels, iMin, jMin, kMin, iMax, jMax, kMax, sum} of a binary mask. */
    private static long[] stats(BitMask m) {
        long n = m.count();
        int[] b = m.boundingBox();
        return b == null ? new long[] {0, 0, 0, 0, 0, 0, 0, n}
                : new long[] {n, b[0], b[1], b[2], b[3], b[4], b[5], n};
    }

    /** {voxels (non-zero), iMin, jMin, kMin, iMax, jMax, kMax, sum of values} of a fractional segment. */
    private static long[] stats(FractionalMask m, VolumeGeometry g) {
        long[] s = {0, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, -1, -1, -1, 0};
        int columns = g.columns();
        for (int k = 0; k < g.slices(); k++) {
            if (m.isSliceEmpty(k)) {
                continue;
            }
            byte[] v = m.slice(k);
            for (int p = 0; p < v.length; p++) {
                int x = v[p] & 0xff;
                if (x == 0) {
                    continue;
                }
                long i = p % columns;
                long j = p / columns;
                s[0]++;
                s[7] += x;
                s[1] = Math.min(s[1], i);
                s[2] = Math.min(s[2], j);
                s[3] = Math.min(s[3], k);
                s[4] = Math.max(s[4], i);
                s[5] = Math.max(s[5], j);
                s[6] = Math.max(s[6], k);
            }
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Map<String, Object> r, PrintWriter out) {
        PrintableText.printf(out, "SEG %s%n", r.get("file"));
        String type = (String) r.get("segmentationType");
        if (r.get("fractionalType") != null) {
            type += " (" + r.get("fractionalType") + ", maximum " + r.get("maxFractionalValue") + ")";
        }
        List<Map<String, Object>> segments = (List<Map<String, Object>>) r.get("segments");
        PrintableText.printf(out, "  %s, %s frame(s) of %s×%s, %d segment(s)%s, %s%n", type, r.get("frames"),
                r.get("columns"), r.get("rows"), segments.size(),
                r.get("background") == null ? "" : " + background \"" + r.get("background") + "\"",
                TransferSyntaxes.name((String) r.get("transferSyntaxUid")));
        PrintableText.printf(out, "  study %s, series %s%n", r.get("studyInstanceUid"), r.get("seriesInstanceUid"));
        PrintableText.printf(out, "  frame of reference %s%n", blankAs(r.get("frameOfReferenceUid"), "(none)"));
        for (Map<String, Object> rs : (List<Map<String, Object>>) r.get("referencedSeries")) {
            PrintableText.printf(out, "  references series %s (%s instance(s))%n", rs.get("seriesInstanceUid"),
                    rs.get("instances"));
        }
        Map<String, Object> grid = (Map<String, Object>) r.get("grid");
        out.println("  Segments:");
        for (Map<String, Object> s : segments) {
            Map<String, Object> cat = (Map<String, Object>) s.get("category");
            Map<String, Object> typ = (Map<String, Object>) s.get("type");
            String algorithm = (String) s.get("algorithmType");
            if (s.get("algorithmName") != null) {
                algorithm += " \"" + s.get("algorithmName") + "\""
                        + (s.get("algorithmVersion") == null ? "" : " " + s.get("algorithmVersion"));
            }
            PrintableText.printf(out, "    #%s \"%s\": category (%s, %s, \"%s\"), type (%s, %s, \"%s\"); %s%n",
                    s.get("number"), s.get("label"), cat.get("value"), cat.get("scheme"), cat.get("meaning"),
                    typ.get("value"), typ.get("scheme"), typ.get("meaning"), algorithm);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "        %s frame(s), %s pixel(s)",
                    s.get("frames"), s.get("pixels")));
            if (grid != null) {
                line.append(String.format(Locale.ROOT, "; on the %s grid: %s voxel(s), %.2f mL",
                        "ct".equals(grid.get("source")) ? "CT" : "SEG's own", s.get("voxels"), (Double) s.get("volumeMl")));
                if (s.get("fractionalVolumeMl") != null) {
                    line.append(String.format(Locale.ROOT, " (weighted %.2f mL)", (Double) s.get("fractionalVolumeMl")));
                }
                Map<String, Object> box = (Map<String, Object>) s.get("bbox");
                if (box != null) {
                    long[] i = (long[]) box.get("i");
                    long[] j = (long[]) box.get("j");
                    long[] k = (long[]) box.get("k");
                    line.append(String.format(Locale.ROOT, ", bbox i %d–%d, j %d–%d, k %d–%d",
                            i[0], i[1], j[0], j[1], k[0], k[1]));
                }
            }
            out.println(line);
        }
        if (grid != null) {
            int[] size = (int[]) grid.get("size");
            double[] sp = (double[]) grid.get("spacingMm");
            PrintableText.printf(out, "  Grid: %s, %d×%d×%d voxels of %.4g × %.4g × %.4g mm%n",
                    "ct".equals(grid.get("source")) ? "CT series " + grid.get("ctSeriesInstanceUid") + " in "
                            + grid.get("ctFolder") : "built from the SEG's own frame positions",
                    size[0], size[1], size[2], sp[0], sp[1], sp[2]);
        } else {
            PrintableText.printf(out, "  Grid: none (%s)%n", r.get("gridUnavailable"));
        }
        List<String> warnings = (List<String>) r.get("warnings");
        if (!warnings.isEmpty()) {
            out.println("  Warnings:");
            for (String w : warnings) {
                PrintableText.printf(out, "    - %s%n", w);
            }
        }
    }

    private static Object blankAs(Object v, String fallback) {
        return v == null || v.toString().isEmpty() ? fallback : v;
    }
}
