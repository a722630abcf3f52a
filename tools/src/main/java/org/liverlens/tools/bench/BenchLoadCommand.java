package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.VolumeLoader;
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
 * {@code liverlens bench load DIR}: time to scan and load a CT series into a HU volume, in a fresh
 * JVM (cold) and in a warmed-up one, against pydicom + numpy reading the same files into a HU
 * array in the same run. Files are in the OS page cache for both (each tool reads them first).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Scan + load a CT series (cold and warm JVM) against pydicom reading the same files.")
final class BenchLoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder with one CT series.")
    Path dir;

    @Option(names = "--runs", defaultValue = "7", description = "Measured warm runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up runs before measuring (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--cold-runs", defaultValue = "3", description = "Fresh processes for the cold figure (default ${DEFAULT-VALUE}).")
    int coldRuns;

    @Option(names = "--no-peer", description = "Skip pydicom.")
    boolean noPeer;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--once", hidden = true, description = "Load once and print JSON (a cold child run).")
    boolean once;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (once) {
            long t0 = System.nanoTime();
            int slices = loadOnce();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("seconds", seconds);
            r.put("slices", slices);
            r.put("peakRssMiB", BenchSupport.peakRssMiB());
            r.put("peakHeapMiB", BenchSupport.peakHeapMiB());
            out.println(new ObjectMapper().writeValueAsString(r));
            out.flush();
            return ExitCodes.OK;
        }
        int slices = loadOnce(); // also brings the files into the page cache
        List<Double> cold = new ArrayList<>();
        List<Double> coldProcess = new ArrayList<>();
        double coldRss = 0;
        double coldHeap = 0;
        for (int i = 0; i < coldRuns; i++) {
            long t0 = System.nanoTime();
            JsonNode child = childRun();
            coldProcess.add((System.nanoTime() - t0) / 1e9);
            cold.add(child.get("seconds").asDouble());
            coldRss = Math.max(coldRss, child.get("peakRssMiB").asDouble());
            coldHeap = Math.max(coldHeap, child.get("peakHeapMiB").asDouble());
        }
        for (int i = 0; i < warmup; i++) {
            loadOnce();
        }
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            loadOnce();
            warm.add((System.nanoTime() - t0) / 1e9);
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("dir", dir.toAbsolutePath().toString());
        report.put("slices", slices);
        report.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("coldSeconds", cold);
        ours.put("coldProcessSeconds", coldProcess);
        ours.put("warmSeconds", warm);
        ours.put("coldMedian", BenchSupport.median(cold));
        ours.put("coldProcessMedian", BenchSupport.median(coldProcess));
        ours.put("warmMedian", BenchSupport.median(warm));
        ours.put("warmMsPerSlice", 1000 * BenchSupport.median(warm) / slices);
        ours.put("coldPeakRssMiB", coldRss);
        ours.put("coldPeakHeapMiB", coldHeap);
        report.put("liverlens", ours);

        if (!noPeer) {
            Map<String, Object> peer = new LinkedHashMap<>();
            List<Double> peerCold = new ArrayList<>();
            List<Double> peerColdProcess = new ArrayList<>();
            double peerRss = 0;
            for (int i = 0; i < coldRuns; i++) {
                long t0 = System.nanoTime();
                JsonNode r = pydicom(1);
                peerColdProcess.add((System.nanoTime() - t0) / 1e9);
                peerCold.add(r.get("seconds").get(0).asDouble());
                peerRss = Math.max(peerRss, r.get("peakRssMiB").asDouble());
                peer.put("reader", r.get("reader").asText());
            }
            JsonNode r = pydicom(warmup + runs);
            List<Double> peerWarm = new ArrayList<>();
            for (int i = warmup; i < warmup + runs; i++) {
                peerWarm.add(r.get("seconds").get(i).asDouble());
            }
            peer.put("coldSeconds", peerCold);
            peer.put("coldProcessSeconds", peerColdProcess);
            peer.put("warmSeconds", peerWarm);
            peer.put("coldMedian", BenchSupport.median(peerCold));
            peer.put("coldProcessMedian", BenchSupport.median(peerColdProcess));
            peer.put("warmMedian", BenchSupport.median(peerWarm));
            peer.put("warmMsPerSlice", 1000 * BenchSupport.median(peerWarm) / slices);
            peer.put("peakRssMiB", Math.max(peerRss, r.get("peakRssMiB").asDouble()));
            report.put("pydicom", peer);
            Map<String, Object> ratio = new LinkedHashMap<>();
            ratio.put("warm", BenchSupport.median(peerWarm) / BenchSupport.median(warm));
            ratio.put("cold", BenchSupport.median(peerCold) / BenchSupport.median(cold));
            ratio.put("coldProcess", BenchSupport.median(peerColdProcess) / BenchSupport.median(coldProcess));
            report.put("speedupOverPydicom", ratio);
        }
        if (json) {
            out.println(mapper.writeValueAsString(report));
        } else {
            printText(report, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Map<String, Object> report, PrintWriter out) {
        Map<String, Object> ours = (Map<String, Object>) report.get("liverlens");
        Map<String, Object> peer = (Map<String, Object>) report.get("pydicom");
        out.printf(Locale.ROOT, "bench load: %s (%s slices), %s, %s CPUs%n", report.get("dir"), report.get("slices"),
                report.get("java"), report.get("cpus"));
        out.printf(Locale.ROOT, "%-34s %14s %14s %10s%n", "", "LiverLens", peer == null ? "" : "pydicom", peer == null ? "" : "ratio");
        row(out, "cold, load in fresh process (s)", ours.get("coldMedian"), peer == null ? null : peer.get("coldMedian"));
        row(out, "cold, whole process (s)", ours.get("coldProcessMedian"), peer == null ? null : peer.get("coldProcessMedian"));
        row(out, "warm, median (s)", ours.get("warmMedian"), peer == null ? null : peer.get("warmMedian"));
        row(out, "warm, ms per slice", ours.get("warmMsPerSlice"), peer == null ? null : peer.get("warmMsPerSlice"));
        out.printf(Locale.ROOT, "%-34s %14.0f %14s%n", "peak RSS, cold process (MiB)", (Double) ours.get("coldPeakRssMiB"),
                peer == null ? "" : String.format(Locale.ROOT, "%.0f", (Double) peer.get("peakRssMiB")));
        out.printf(Locale.ROOT, "%-34s %14.0f%n", "peak Java heap, cold process (MiB)", (Double) ours.get("coldPeakHeapMiB"));
        if (peer != null) {
            out.println("ratio = pydicom time / LiverLens time (above 1: LiverLens is faster); " + peer.get("reader"));
        }
    }

    private static void row(PrintWriter out, String label, Object ours, Object peer) {
        double a = (Double) ours;
        if (peer == null) {
            out.printf(Locale.ROOT, "%-34s %14.3f%n", label, a);
        } else {
            double b = (Double) peer;
            out.printf(Locale.ROOT, "%-34s %14.3f %14.3f %10.2f%n", label, a, b, b / a);
        }
    }

    private int loadOnce() {
        ScanResult scan = new DicomScanner().scan(dir, Progress.NONE, Cancellation.NONE);
        SeriesInfo ct = scan.series().stream().filter(s -> "CT".equals(s.modality())).findFirst()
                .orElseThrow(() -> new InvalidInputException("no CT series found", dir, "benchmark a folder with one CT series"));
        LoadedVolume v = new VolumeLoader().load(ct.primaryStack().orElseThrow(), LoadOptions.STRICT, Progress.NONE,
                Cancellation.NONE);
        return v.volume().geometry().slices();
    }

    private JsonNode childRun() throws IOException, InterruptedException {
        return BenchSupport.run(BenchSupport.javaChild("bench", "load", "--once", dir.toString()));
    }

    private JsonNode pydicom(int count) throws IOException, InterruptedException {
        return BenchSupport.python("pydicom_ct.py", "bench", dir.toString(), String.valueOf(count));
    }
}
