package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.liverlens.core.export.OutboxSender;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.export.PacsNode;
import org.liverlens.core.export.SendReport;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;
import org.liverlens.tools.orthanc.LocalOrthanc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens bench send CT_DIR [SEG...]}: instances per second to a private Orthanc by
 * C-STORE and by STOW-RS, through the outbox (headers read, job queued with its journal, every
 * confirmation recorded, job removed), against dcmtk's {@code storescu} sending the same files to
 * the same Orthanc in the same run. Orthanc is emptied before every send, so each one stores new
 * instances; the order of the three senders rotates from run to run.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send a CT series (+ SEGs) to a private Orthanc by C-STORE and STOW-RS through the outbox, "
                + "against dcmtk's storescu sending the same files in the same run.")
final class BenchSendCommand implements Callable<Integer> {
    static final String STORESCU = "/usr/bin/storescu";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CT_DIR", description = "Folder with the CT series.")
    Path dir;

    @Parameters(index = "1..*", paramLabel = "SEG", description = "More files to send with it (e.g. a SEG).")
    List<Path> extra = List.of();

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs of each sender (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up sends of each kind (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--cold-runs", defaultValue = "3",
            description = "Whole 'liverlens send' processes by C-STORE, for the cold figure (default ${DEFAULT-VALUE}).")
    int coldRuns;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        files.addAll(extra);
        if (files.isEmpty()) {
            throw new InvalidInputException("no files to send", dir, "give the folder of a CT series");
        }
        if (!Files.isExecutable(Path.of(STORESCU))) {
            throw new InvalidInputException(STORESCU + " is missing", null, "install Debian's dcmtk");
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        int n = files.size();
        Path home = Files.createTempDirectory("liverlens-bench-send");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        List<Double> cold = new ArrayList<>();
        try (LocalOrthanc orthanc = LocalOrthanc.start(LocalOrthanc.Options.defaults())) {
            PacsExport export = new PacsExport(new UserHome(home), Map.of());
            // The same AE with one association at a time: the shape of storescu's traffic.
            export.config().add(new PacsNode.Dimse("one-association", orthanc.aet(), "127.0.0.1", orthanc.dicomPort(),
                    "LIVERLENS", false, 1), false);
            Map<String, Sender> senders = new LinkedHashMap<>();
            senders.put("storescu", () -> storescu(orthanc, files));
            senders.put("C-STORE", () -> send(export, files, orthanc.dicomUri()));
            senders.put("C-STORE, 1 association", () -> send(export, files, "one-association"));
            senders.put("STOW-RS", () -> send(export, files, orthanc.dicomWebUrl().toString()));
            senders.keySet().forEach(k -> seconds.put(k, new ArrayList<>()));
            List<String> order = new ArrayList<>(senders.keySet());
            for (int r = 0; r < warmup + runs; r++) {
                for (String name : order) {
                    orthanc.clear();
                    long t0 = System.nanoTime();
                    senders.get(name).send();
                    double s = (System.nanoTime() - t0) / 1e9;
                    int held = orthanc.sopInstanceUids().size();
                    if (held != n) {
                        throw new IllegalStateException(name + " left " + held + " of " + n + " instances on Orthanc");
                    }
                    if (r >= warmup) {
                        seconds.get(name).add(s);
                    }
                }
                order.add(order.remove(0));
            }
            for (int r = 0; r < coldRuns; r++) {
                orthanc.clear();
                long t0 = System.nanoTime();
                coldProcess(home, files, orthanc.dicomUri());
                cold.add((System.nanoTime() - t0) / 1e9);
            }
        } finally {
            deleteTree(home);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("dir", dir.toAbsolutePath().toString());
        report.put("instances", n);
        report.put("mebibytes", bytes / (1024.0 * 1024.0));
        report.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        double peer = BenchSupport.median(seconds.get("storescu"));
        Map<String, Object> figures = new LinkedHashMap<>();
        seconds.forEach((name, list) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            double median = BenchSupport.median(list);
            m.put("seconds", list);
            m.put("medianSeconds", median);
            m.put("instancesPerSecond", n / median);
            m.put("speedVsStorescu", peer / median);
            figures.put(name, m);
        });
        Map<String, Object> coldFigure = new LinkedHashMap<>();
        coldFigure.put("seconds", cold);
        coldFigure.put("medianSeconds", BenchSupport.median(cold));
        coldFigure.put("instancesPerSecond", n / BenchSupport.median(cold));
        coldFigure.put("speedVsStorescu", peer / BenchSupport.median(cold));
        figures.put("C-STORE, whole process", coldFigure);
        report.put("senders", figures);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            printText(report, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @FunctionalInterface
    private interface Sender {
        void send() throws Exception;
    }

    /** Through the outbox, as {@code liverlens send} does in a warm JVM. */
    private static void send(PacsExport export, List<Path> files, String destination) {
        SendReport r = export.send(files, destination, OutboxSender.Options.defaults().withRetries(0), Progress.NONE,
                Cancellation.NONE);
        if (!r.removed() || !r.failures().isEmpty()) {
            throw new IllegalStateException("send to " + destination + " did not deliver everything: "
                    + r.confirmed() + " of " + r.instances().size() + " instance(s) confirmed, " + r.failures().size()
                    + " failed" + (r.unavailable() != null ? ", " + r.unavailable().getMessage() : ""));
        }
    }

    private static void storescu(LocalOrthanc orthanc, List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(STORESCU, "--required", "-aet", "LIVERLENS", "-aec", orthanc.aet(), "127.0.0.1",
                String.valueOf(orthanc.dicomPort())));
        files.forEach(f -> cmd.add(f.toString()));
        run(cmd, Map.of());
    }

    /** {@code liverlens send} in a fresh JVM: start-up, class loading and JIT included. */
    private static void coldProcess(Path home, List<Path> files, String destination) throws IOException, InterruptedException {
        List<String> cmd = BenchSupport.javaChild("send", "--to", destination, "--retries", "0", "--json");
        files.forEach(f -> cmd.add(f.toString()));
        JsonNode r = new ObjectMapper().readTree(run(cmd, Map.of("LIVERLENS_HOME", home.toString())));
        if (!r.path("removedFromOutbox").asBoolean()) {
            throw new IllegalStateException("the cold send did not deliver everything: " + r);
        }
    }

    private static String run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd.subList(0, Math.min(8, cmd.size()))) + " ...");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void printText(Map<String, Object> report, PrintWriter out) {
        out.printf(Locale.ROOT, "bench send: %s, %s instance(s), %.1f MiB, %s, %s CPUs%n", report.get("dir"),
                report.get("instances"), (Double) report.get("mebibytes"), report.get("java"), report.get("cpus"));
        out.printf(Locale.ROOT, "%-24s %12s %14s %16s%n", "sender", "median (s)", "instances/s", "vs storescu");
        ((Map<String, Object>) report.get("senders")).forEach((name, v) -> {
            Map<String, Object> m = (Map<String, Object>) v;
            out.printf(Locale.ROOT, "%-24s %12.3f %14.1f %16.2f%n", name, (Double) m.get("medianSeconds"),
                    (Double) m.get("instancesPerSecond"), (Double) m.get("speedVsStorescu"));
        });
        out.println("vs storescu = storescu's median time / this sender's (above 1: faster than storescu); LiverLens "
                + "sends go through the outbox (journal, links, state.json, removal) in a warm JVM, except the "
                + "whole-process row; C-STORE uses up to " + PacsNode.Dimse.DEFAULT_ASSOCIATIONS + " associations, "
                + "storescu one");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
