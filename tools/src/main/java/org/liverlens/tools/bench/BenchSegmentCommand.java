package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.service.SegmentWorkflow;
import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.ModelInput;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.PatchBatches;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code liverlens bench segment DIR}: end-to-end segmentation of a CT series in fresh JVMs, per
 * stage (load, engine + model, resample, inference, resample back, post-process, measure + SEG
 * write) and peak memory, with the native allocator the launcher uses (jemalloc) and with glibc
 * malloc; then the same network as TorchScript in Debian's python3-torch on the very tiles
 * LiverLens fed its network, for the runtime overhead ratio.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "End-to-end segment of a CT series per stage (jemalloc and glibc malloc), against the same "
                + "network as TorchScript in python3-torch on the same input.")
final class BenchSegmentCommand implements Callable<Integer> {
    static final String JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder with one CT series (e.g. 512×512×200 from GenerateMain).")
    Path dir;

    @Option(names = "--model", paramLabel = "PKG", description = "Model package (default: the shipped model).")
    String model;

    @Option(names = "--runs", defaultValue = "3", description = "Fresh processes per allocator (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--no-peer", description = "Skip python3-torch.")
    boolean noPeer;

    @Option(names = "--no-glibc", description = "Skip the runs with glibc malloc.")
    boolean noGlibc;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--once", hidden = true, description = "One measured run, printing JSON (a child run).")
    boolean once;

    @Option(names = "--dump", hidden = true, paramLabel = "DIR", description = "With --once: write tiles and weights for the peer.")
    Path dump;

    @Option(names = "--compare", hidden = true, paramLabel = "DIR",
            description = "Time the runtimes on the tiles and peer exports in DIR, printing JSON (a child run).")
    Path compare;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (once || compare != null) {
            Object r = compare != null ? BenchRuntimes.compare(compare, model, runs) : runOnce();
            out.println(new ObjectMapper().writeValueAsString(r));
            out.flush();
            return ExitCodes.OK;
        }
        Path work = Files.createTempDirectory("liverlens-bench-segment");
        try {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("dir", dir.toAbsolutePath().toString());
            report.put("cpus", Runtime.getRuntime().availableProcessors());
            report.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            runOnceChild(true); // brings the files into the page cache and unpacks the natives
            Map<String, Object> allocators = new LinkedHashMap<>();
            allocators.put("jemalloc", children(true));
            if (!noGlibc) {
                allocators.put("glibc", children(false));
            }
            report.put("liverlens", allocators);
            if (!noPeer) {
                Map<String, Object> runtimes = runtimes(work.resolve("dump"));
                report.put("runtimes", runtimes);
                // what segment runs (our block, batch norm folded) against the peer given the same folding, same run
                @SuppressWarnings("unchecked")
                Map<String, Object> ratios = (Map<String, Object>) runtimes.get("ratios");
                report.put("overheadRatio", ratios.get("folded: block / python3-torch frozen"));
            }
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                printText(report, out);
            }
            out.flush();
            return ExitCodes.OK;
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The dump run (tiles, weights, our logits), then twice in turn: the peer script (exports and
     * times TorchScript traced and frozen) and our runtime comparison on the same tiles; medians
     * over all rounds of both turns, and the overhead ratios.
     */
    private Map<String, Object> runtimes(Path dumpDir) throws IOException, InterruptedException {
        JsonNode ours = runChild(true, "--once", "--dump", dumpDir.toString());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("labelVoxelsDifferingUnfolded", ours.get("labelVoxelsDifferingUnfolded").asLong());
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        JsonNode peer = null;
        JsonNode mine = null;
        for (int turn = 0; turn < 2; turn++) {
            peer = BenchSupport.python("torchscript_unet.py", dumpDir.toString(), String.valueOf(ours.get("batch").asInt()),
                    String.valueOf(ours.get("threads").asInt()), String.valueOf(runs));
            addAll(seconds, "python3-torch traced", peer.get("seconds"));
            addAll(seconds, "python3-torch folded", peer.get("foldedSeconds"));
            mine = runChild(true, "--compare", dumpDir.toString(), "--runs", String.valueOf(runs));
            for (String k : List.of("block", "blockFolded", "torchscriptTraced", "torchscriptFolded")) {
                addAll(seconds, k, mine.get(k).get("seconds"));
            }
        }
        Map<String, Object> py = new LinkedHashMap<>();
        py.put("torch", peer.get("torch").asText());
        py.put("threads", peer.get("threads").asInt());
        py.put("tiles", peer.get("tiles").asInt());
        py.put("tracedMedian", BenchSupport.median(seconds.get("python3-torch traced")));
        py.put("foldedMedian", BenchSupport.median(seconds.get("python3-torch folded")));
        py.put("maxAbsLogitDifference", peer.get("maxAbsLogitDifference").asDouble());
        py.put("foldedMaxAbsLogitDifference", peer.get("foldedMaxAbsLogitDifference").asDouble());
        py.put("peakRssMiB", peer.get("peakRssMiB").asDouble());
        r.put("python3-torch", py);
        Map<String, Object> djl = new LinkedHashMap<>();
        djl.put("engine", mine.get("engine").asText());
        for (var e : seconds.entrySet()) {
            if (!e.getKey().startsWith("python3-torch")) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("median", BenchSupport.median(e.getValue()));
                v.put("seconds", e.getValue());
                v.put("maxAbsProbabilityDifference", mine.get(e.getKey()).get("maxAbsProbabilityDifference").asDouble());
                djl.put(e.getKey(), v);
            }
        }
        r.put("djl", djl);
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("unfolded: block / python3-torch traced", median(seconds, "block") / (Double) py.get("tracedMedian"));
        ratios.put("folded: block / python3-torch frozen", median(seconds, "blockFolded") / (Double) py.get("foldedMedian"));
        ratios.put("same .pt traced: DJL / python3-torch", median(seconds, "torchscriptTraced") / (Double) py.get("tracedMedian"));
        ratios.put("same .pt frozen: DJL / python3-torch", median(seconds, "torchscriptFolded") / (Double) py.get("foldedMedian"));
        r.put("ratios", ratios);
        return r;
    }

    private static void addAll(Map<String, List<Double>> seconds, String key, JsonNode values) {
        values.forEach(v -> seconds.computeIfAbsent(key, k -> new ArrayList<>()).add(v.asDouble()));
    }

    private static double median(Map<String, List<Double>> seconds, String key) {
        return BenchSupport.median(seconds.get(key));
    }

    private Map<String, Object> children(boolean jemalloc) throws IOException, InterruptedException {
        List<JsonNode> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            results.add(runOnceChild(jemalloc));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        for (String key : List.of("loadSeconds", "openSeconds", "resample", "inference", "resampleBack", "postprocess",
                "writeSeconds", "totalSeconds", "forwardSeconds", "warmForwardSeconds")) {
            List<Double> v = new ArrayList<>();
            results.forEach(n -> v.add(n.get(key).asDouble()));
            r.put(key.replace("Seconds", "") + "Median", BenchSupport.median(v));
        }
        r.put("peakRssMiB", results.stream().mapToDouble(n -> n.get("peakRssMiB").asDouble()).max().orElse(Double.NaN));
        r.put("peakHeapMiB", results.stream().mapToDouble(n -> n.get("peakHeapMiB").asDouble()).max().orElse(Double.NaN));
        r.put("slices", results.get(0).get("slices").asInt());
        r.put("tiles", results.get(0).get("tiles").asInt());
        r.put("runs", results);
        return r;
    }

    /** A fresh JVM running {@code bench segment --once}, with or without jemalloc preloaded. */
    private JsonNode runOnceChild(boolean jemalloc) throws IOException, InterruptedException {
        return runChild(jemalloc, "--once");
    }

    /** A fresh JVM running {@code bench segment DIR} with the given hidden options, with or without jemalloc. */
    private JsonNode runChild(boolean jemalloc, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(BenchSupport.javaChild("bench", "segment", dir.toString()));
        if (model != null) {
            cmd.addAll(List.of("--model", model));
        }
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        String preload = pb.environment().getOrDefault("LD_PRELOAD", "");
        String withoutJemalloc = String.join(":", java.util.Arrays.stream(preload.split(":"))
                .filter(s -> !s.isBlank() && !s.contains("jemalloc")).toList());
        if (jemalloc) {
            if (!Files.exists(Path.of(JEMALLOC))) {
                throw new InvalidInputException(JEMALLOC + " is missing", null, "install libjemalloc2");
            }
            pb.environment().put("LD_PRELOAD", withoutJemalloc.isEmpty() ? JEMALLOC : JEMALLOC + ":" + withoutJemalloc);
            pb.environment().putIfAbsent("MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1,retain:true");
        } else {
            pb.environment().put("LD_PRELOAD", withoutJemalloc);
        }
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("benchmark child failed: " + String.join(" ", cmd));
        }
        return new ObjectMapper().readTree(text);
    }

    /** One run in this JVM: load, open, segment, measure + write; timings and peaks as JSON. */
    private ObjectNode runOnce() throws IOException {
        long t0 = System.nanoTime();
        ScanResult scan = new DicomScanner().scan(dir, Progress.NONE, Cancellation.NONE);
        Stack stack = CtSeries.choose(scan, null, dir);
        LoadedVolume loaded = new VolumeLoader().load(stack, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE);
        long t1 = System.nanoTime();
        ModelPackage pkg = ModelPackage.resolve(model, UserHome.fromEnvironment());
        ObjectNode r = new ObjectMapper().createObjectNode();
        try (ModelSegmenter s = ModelSegmenter.open(pkg, new SegmenterOptions(null, Device.CPU, false, null))) {
            long t2 = System.nanoTime();
            Path outDir = Files.createTempDirectory("liverlens-bench-segment-out");
            SegmentWorkflow.Result result = SegmentWorkflow.run(s, loaded.volume(), stack, List.of(), outDir, Progress.NONE,
                    Cancellation.NONE);
            long t3 = System.nanoTime();
            // the batches the segmenter fed its network, computed again by the same public code
            List<float[]> batches = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            int tiles = 0;
            int batch = 0;
            PatchBatches next = new PatchBatches(ModelInput.onModelGrid(loaded.volume(), pkg.spec().input()), pkg.spec());
            while (next.next()) {
                long[] shape = next.shape();
                batches.add(Arrays.copyOf(next.values(), (int) (shape[0] * shape[1] * shape[2] * shape[3])));
                shapes.add(shape);
                tiles += next.count();
                batch = Math.max(batch, next.count());
            }
            if (dump != null) {
                PeerExport.weights(s, dump);
                PeerExport.tiles(batches, shapes, dump);
                PeerExport.logits(s, batches.get(0), shapes.get(0), dump);
                // the labels of the network with batch norm as separate operations: folding may change only rounding
                try (ModelSegmenter unfolded = ModelSegmenter.open(pkg, new SegmenterOptions(null, Device.CPU, false, null), false)) {
                    var a = result.segmentation().labels();
                    var b = unfolded.segment(loaded.volume(), Progress.NONE, Cancellation.NONE).labels();
                    long differing = 0;
                    for (int k = 0; k < a.geometry().slices(); k++) {
                        short[] sa = a.slice(k);
                        short[] sb = b.slice(k);
                        for (int i = 0; i < sa.length; i++) {
                            differing += sa[i] != sb[i] ? 1 : 0;
                        }
                    }
                    r.put("labelVoxelsDifferingUnfolded", differing);
                }
            }
            try (var walk = Files.walk(outDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            // the same forward passes again in the now warm JVM and engine: what the peer is compared with
            long tw = System.nanoTime();
            for (int b = 0; b < batches.size(); b++) {
                s.probabilities(batches.get(b), shapes.get(b));
            }
            r.put("warmForwardSeconds", (System.nanoTime() - tw) / 1e9);
            r.put("slices", loaded.volume().geometry().slices());
            r.put("loadSeconds", (t1 - t0) / 1e9);
            r.put("openSeconds", (t2 - t1) / 1e9);
            result.segmentation().stageSeconds().forEach(r::put);
            r.put("forwardSeconds", s.lastForwardSeconds());
            r.put("writeSeconds", result.writeSeconds());
            r.put("totalSeconds", (t3 - t0) / 1e9);
            r.put("tiles", tiles);
            r.put("batch", batch);
            r.put("threads", Runtime.getRuntime().availableProcessors());
            r.put("engine", s.describeEngine());
            r.put("liverVoxels", result.segmentation().labels().count(1) + result.segmentation().labels().count(2));
        }
        r.put("peakRssMiB", BenchSupport.peakRssMiB());
        r.put("peakHeapMiB", BenchSupport.peakHeapMiB());
        r.put("ldPreload", System.getenv().getOrDefault("LD_PRELOAD", ""));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Map<String, Object> report, PrintWriter out) {
        out.printf(Locale.ROOT, "bench segment: %s, %s CPUs, %s%n", report.get("dir"), report.get("cpus"), report.get("java"));
        Map<String, Object> alloc = (Map<String, Object>) report.get("liverlens");
        out.printf(Locale.ROOT, "%-32s", "stage (median s, fresh JVM)");
        alloc.keySet().forEach(k -> out.printf(Locale.ROOT, " %12s", k));
        out.println();
        for (String key : List.of("loadMedian", "openMedian", "resampleMedian", "inferenceMedian", "forwardMedian",
                "warmForwardMedian",
                "resampleBackMedian", "postprocessMedian", "writeMedian", "totalMedian", "peakRssMiB", "peakHeapMiB")) {
            out.printf(Locale.ROOT, "%-32s", key);
            for (Object v : alloc.values()) {
                out.printf(Locale.ROOT, " %12.2f", (Double) ((Map<String, Object>) v).get(key));
            }
            out.println();
        }
        Map<String, Object> rt = (Map<String, Object>) report.get("runtimes");
        if (rt != null) {
            Map<String, Object> py = (Map<String, Object>) rt.get("python3-torch");
            out.printf(Locale.ROOT, "same tiles, warm, median s over %s tiles (python3-torch %s, %s threads; %s):%n",
                    py.get("tiles"), py.get("torch"), py.get("threads"), ((Map<String, Object>) rt.get("djl")).get("engine"));
            out.printf(Locale.ROOT, "  %-34s %8.2f   (max |logit difference| to ours %.2e)%n", "python3-torch TorchScript traced",
                    (Double) py.get("tracedMedian"), (Double) py.get("maxAbsLogitDifference"));
            out.printf(Locale.ROOT, "  %-34s %8.2f   (max |logit difference| to ours %.2e)%n", "python3-torch TorchScript frozen",
                    (Double) py.get("foldedMedian"), (Double) py.get("foldedMaxAbsLogitDifference"));
            ((Map<String, Object>) rt.get("djl")).forEach((k, v) -> {
                if (v instanceof Map<?, ?> m) {
                    out.printf(Locale.ROOT, "  %-34s %8.2f   (max |probability difference| to block %.2e)%n", "DJL " + k,
                            (Double) m.get("median"), (Double) m.get("maxAbsProbabilityDifference"));
                } else if (!k.equals("engine")) {
                    out.printf(Locale.ROOT, "  %-34s %s%n", "DJL " + k, v);
                }
            });
            ((Map<String, Object>) rt.get("ratios")).forEach((k, v) ->
                    out.printf(Locale.ROOT, "  ratio %-44s %6.2f%n", k, (Double) v));
            out.printf(Locale.ROOT, "label voxels differing, batch norm folded vs not: %s%n", rt.get("labelVoxelsDifferingUnfolded"));
            out.printf(Locale.ROOT, "overhead ratio (our block, batch norm folded / python3-torch TorchScript frozen): %.2f%n",
                    (Double) report.get("overheadRatio"));
        }
    }
}
