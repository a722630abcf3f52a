package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.liverlens.core.cli.Main;
import org.liverlens.core.work.InvalidInputException;

/** What the {@code bench} commands share: medians, memory peaks, and running the peer tools. */
final class BenchSupport {
    static final String PYTHON = "/usr/bin/python3";

    private BenchSupport() {
    }

    /** The shared test data: {@code given}, else LIVERLENS_TEST_DATA, else ../shared/test-data. */
    static java.nio.file.Path testData(java.nio.file.Path given) {
        return org.liverlens.core.cli.SharedTestData.location(given);
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The nearest-rank percentile {@code q} (0…100) of the values. */
    static double percentile(List<Double> values, double q) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v[Math.min(v.length - 1, Math.max(0, (int) Math.ceil(q / 100 * v.length) - 1))];
    }

    /** Peak resident set size of this process (VmHWM), MiB. */
    static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Sum of the heap pools' peaks since the last {@link #resetHeapPeak()}, MiB. */
    static double peakHeapMiB() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
    }

    static void resetHeapPeak() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    /** Runs one of our peer scripts (a class-path resource of this package) with Debian's python3. */
    static JsonNode python(String resource, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new InvalidInputException(PYTHON + " is missing", null, "install python3-pydicom and python3-numpy");
        }
        Path script = Files.createTempFile("liverlens-peer", ".py");
        try (InputStream in = BenchSupport.class.getResourceAsStream(resource)) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
            cmd.addAll(List.of(args));
            return run(cmd);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Runs a command that prints one JSON document on stdout. */
    static JsonNode run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("benchmark child failed: " + String.join(" ", cmd));
        }
        return new ObjectMapper().readTree(out);
    }

    /** This JVM's command line for a child run of {@link Main} with the given arguments. */
    static List<String> javaChild(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Longest case file name kept whole; longer names are cut and carry a hash of the whole name. */
    static final int MAX_CASE_FILE_CHARS = 100;

    /**
     * The file of a case in a cache folder: its name made safe for a file name, followed by
     * {@code suffix}; a name longer than {@link #MAX_CASE_FILE_CHARS} (synthetic case names describe
     * the case at length) is cut there and followed by a hash of the whole name, so that the file
     * system takes it and two cases still get two files.
     */
    static java.nio.file.Path caseFile(java.nio.file.Path dir, String caseName, String suffix) {
        String safe = caseName.replaceAll("[^0-9A-Za-z.-]", "_");
        if (safe.length() > MAX_CASE_FILE_CHARS) {
            safe = safe.substring(0, MAX_CASE_FILE_CHARS) + "-" + String.format(java.util.Locale.ROOT, "%08x",
                    caseName.hashCode());
        }
        return dir.resolve(safe + suffix);
    }
}
