package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code liverlens bench seg CT_DIR}: writing and reading a BINARY SEG on the grid of a CT series,
 * with 2 and 10 segments (sizes like a liver and organs), median times and peak heap, against
 * pydicom reading the same SEG (dcmread + pixel_array) in the same run.
 */
@Command(name = "seg", mixinStandardHelpOptions = true,
        description = "Write and read SEGs with N segments on a CT's grid; pydicom reads the same SEG beside it.")
final class BenchSegCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CT_DIR", description = "Folder with one CT series (the SEG's source).")
    Path dir;

    @Option(names = "--segments", split = ",", defaultValue = "2,10", description = "Segment counts (default ${DEFAULT-VALUE}).")
    List<Integer> segmentCounts;

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up runs (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-peer", description = "Skip pydicom.")
    boolean noPeer;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SeriesInfo ct = new DicomScanner().scan(dir, Progress.NONE, Cancellation.NONE).series().stream()
                .filter(s -> "CT".equals(s.modality())).findFirst()
                .orElseThrow(() -> new InvalidInputException("no CT series found", dir, "give the folder of one CT series"));
        Stack stack = ct.primaryStack().orElseThrow();
        VolumeGeometry g = stack.geometry();
        Path work = Files.createTempDirectory("liverlens-bench-seg");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ct", dir.toAbsolutePath().toString());
        report.put("grid", g.columns() + "x" + g.rows() + "x" + g.slices());
        report.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        List<Object> cases = new ArrayList<>();
        try {
            for (int n : segmentCounts) {
                SegmentSet set = segments(g, n);
                Path file = work.resolve("seg-" + n + ".dcm");
                List<Double> write = new ArrayList<>();
                List<Double> read = new ArrayList<>();
                double writeHeap = 0;
                double readHeap = 0;
                int frames = 0;
                SegWriter writer = new SegWriter();
                SegReader reader = new SegReader();
                for (int r = 0; r < warmup + runs; r++) {
                    BenchSupport.resetHeapPeak();
                    long t0 = System.nanoTime();
                    frames = writer.write(set, stack, SegWriterOptions.defaults(), file).frames();
                    double w = (System.nanoTime() - t0) / 1e9;
                    double wh = BenchSupport.peakHeapMiB();
                    BenchSupport.resetHeapPeak();
                    long t1 = System.nanoTime();
                    SegDocument doc = reader.read(file);
                    SegMapping mapped = reader.mapOnto(doc, stack);
                    double rd = (System.nanoTime() - t1) / 1e9;
                    double rh = BenchSupport.peakHeapMiB();
                    if (mapped.segments().segments().size() != n) {
                        throw new IllegalStateException("read back " + mapped.segments().segments().size() + " segments, wrote " + n);
                    }
                    if (r >= warmup) {
                        write.add(w);
                        read.add(rd);
                        writeHeap = Math.max(writeHeap, wh);
                        readHeap = Math.max(readHeap, rh);
                    }
                }
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("segments", n);
                c.put("frames", frames);
                c.put("fileMiB", Files.size(file) / (1024.0 * 1024.0));
                c.put("writeSeconds", write);
                c.put("readSeconds", read);
                c.put("writeMedian", BenchSupport.median(write));
                c.put("readMedian", BenchSupport.median(read));
                c.put("writePeakHeapMiB", writeHeap);
                c.put("readPeakHeapMiB", readHeap);
                if (!noPeer) {
                    JsonNode peer = BenchSupport.python("pydicom_seg.py", "--bench", file.toString(),
                            String.valueOf(warmup + runs));
                    List<Double> peerRead = new ArrayList<>();
                    for (int r = warmup; r < warmup + runs; r++) {
                        peerRead.add(peer.get("seconds").get(r).asDouble());
                    }
                    c.put("pydicomReader", peer.get("reader").asText());
                    c.put("pydicomReadSeconds", peerRead);
                    c.put("pydicomReadMedian", BenchSupport.median(peerRead));
                    c.put("pydicomPeakRssMiB", peer.get("peakRssMiB").asDouble());
                    c.put("readSpeedupOverPydicom", BenchSupport.median(peerRead) / BenchSupport.median(read));
                }
                cases.add(c);
                Files.deleteIfExists(file);
            }
        } finally {
            Files.deleteIfExists(work);
        }
        report.put("cases", cases);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            printText(report, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Map<String, Object> report, PrintWriter out) {
        out.printf(Locale.ROOT, "bench seg: BINARY SEG on %s (%s), max heap %.0f MiB%n", report.get("ct"), report.get("grid"),
                (Double) report.get("maxHeapMiB"));
        out.printf(Locale.ROOT, "%8s %7s %8s %10s %10s %10s %10s %12s %8s%n", "segments", "frames", "MiB", "write s",
                "read s", "write heap", "read heap", "pydicom read", "ratio");
        for (Object o : (List<Object>) report.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            out.printf(Locale.ROOT, "%8d %7d %8.1f %10.3f %10.3f %10.0f %10.0f %12s %8s%n", c.get("segments"), c.get("frames"),
                    (Double) c.get("fileMiB"), (Double) c.get("writeMedian"), (Double) c.get("readMedian"),
                    (Double) c.get("writePeakHeapMiB"), (Double) c.get("readPeakHeapMiB"),
                    c.containsKey("pydicomReadMedian") ? String.format(Locale.ROOT, "%.3f", (Double) c.get("pydicomReadMedian")) : "-",
                    c.containsKey("readSpeedupOverPydicom")
                            ? String.format(Locale.ROOT, "%.2f", (Double) c.get("readSpeedupOverPydicom")) : "-");
        }
        out.println("times are medians in seconds; heap in MiB (peak during the operation); ratio = pydicom read / LiverLens read");
    }

    /**
     * Segment 1 is a liver-sized ellipsoid; the others organ-sized ellipsoids spread over the
     * volume, each spanning about a third of the slices (like a multi-organ segmentation).
     */
    static SegmentSet segments(VolumeGeometry g, int n) {
        SegmentSet set = SegmentSet.binary(g);
        for (int s = 1; s <= n; s++) {
            Segment seg = s == 1
                    ? Segment.automatic(1, "Liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER, "LiverLens bench", "1",
                            CieLab.fromRgb(221, 130, 101))
                    : Segment.automatic(s, "Structure " + s, Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.NEOPLASM,
                            "LiverLens bench", "1", CieLab.fromRgb((37 * s) % 256, (91 * s) % 256, (173 * s) % 256));
            BitMask m = set.addBinary(seg);
            double angle = 2 * Math.PI * s / n;
            double ci = g.columns() * (s == 1 ? 0.35 : 0.5 + 0.25 * Math.cos(angle));
            double cj = g.rows() * (s == 1 ? 0.45 : 0.5 + 0.25 * Math.sin(angle));
            double ck = g.slices() * (s == 1 ? 0.5 : 0.3 + 0.4 * ((s * 7) % n) / Math.max(1, n - 1));
            double ri = g.columns() * (s == 1 ? 0.2 : 0.08);
            double rj = g.rows() * (s == 1 ? 0.18 : 0.07);
            double rk = g.slices() * (s == 1 ? 0.3 : 0.17);
            for (int k = Math.max(0, (int) (ck - rk)); k <= Math.min(g.slices() - 1, (int) (ck + rk)); k++) {
                double z = (k - ck) / rk;
                double scale = 1 - z * z;
                if (scale <= 0) {
                    continue;
                }
                for (int j = Math.max(0, (int) (cj - rj)); j <= Math.min(g.rows() - 1, (int) (cj + rj)); j++) {
                    double y = (j - cj) / rj;
                    for (int i = Math.max(0, (int) (ci - ri)); i <= Math.min(g.columns() - 1, (int) (ci + ri)); i++) {
                        double x = (i - ci) / ri;
                        if (x * x + y * y <= scale) {
                            m.setIndex(k, j * g.columns() + i);
                        }
                    }
                }
            }
        }
        return set;
    }
}
