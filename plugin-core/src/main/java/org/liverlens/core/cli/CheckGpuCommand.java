package org.liverlens.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.segment.CudaNatives;
import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.NvidiaDriver;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code liverlens check-gpu}: segments the demo CT (and every {@code --ct}) on the GPU and on the
 * CPU, each in a fresh process as {@code segment} would run, and prints whether the labels are
 * identical (else the Dice of each label), the time per stage on each device and the GPU memory
 * the GPU process peaked at. Exit 0 when every Dice is at least 0.999; 3 when this machine has no
 * usable NVIDIA GPU (no driver, a driver too old, natives not installed: the message says which);
 * 1 when the devices disagree. The launcher installs the CUDA natives before it starts.
 */
@Command(name = "check-gpu", mixinStandardHelpOptions = true,
        description = {"Check the GPU path: segment the demo CT (and each --ct) on the GPU and on the CPU, compare the labels,",
            "print time per stage per device and the peak GPU memory. Exit 3 when no usable NVIDIA GPU is present."})
final class CheckGpuCommand implements Callable<Integer> {
    /** Least Dice between the GPU's and the CPU's labels that passes. */
    static final double MIN_DICE = 0.999;

    @Spec
    CommandSpec spec;

    @Option(names = "--ct", paramLabel = "DIR", description = "Another CT series folder to check (repeatable), e.g. a real CT.")
    List<Path> cts = new ArrayList<>();

    @Option(names = "--model", paramLabel = "PKG", description = "Model package (default: the shipped model).")
    String model;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/liverlens-check-gpu",
            description = "Folder for the demo CT and the label files (default ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--child", hidden = true, arity = "3", description = "DEVICE CT OUT: one segmentation (a child run).")
    List<String> child;

    @Override
    public Integer call() throws Exception {
        if (child != null) {
            return runChild(Device.parse(child.get(0)), Path.of(child.get(1)), Path.of(child.get(2)));
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<NvidiaDriver> driver = NvidiaDriver.detect();
        if (driver.isEmpty()) {
            throw new InvalidInputException("no NVIDIA GPU on this machine: " + NvidiaDriver.PROC_VERSION
                    + " is missing and nvidia-smi does not answer, so the GPU path cannot be checked here", null,
                    "nothing to do: segment runs on the CPU; on a machine with an NVIDIA GPU and its driver, "
                            + "run ./liverlens check-gpu there");
        }
        CudaNatives.Decision natives = CudaNatives.runtime(driver, System.getenv(),
                CudaNatives.m2Repository(System.getenv()));
        if (natives.action() != CudaNatives.Action.PRESENT) {
            throw new InvalidInputException("the GPU cannot be used: " + natives.message(), null,
                    "start it through ./liverlens check-gpu (the launcher fetches the CUDA natives when the driver "
                            + "allows) and without LIVERLENS_GPU=off");
        }
        out.println("check-gpu: " + driver.get().describe());
        List<Path> series = new ArrayList<>();
        series.add(demoCt());
        series.addAll(cts);
        boolean pass = true;
        for (Path ct : series) {
            out.println("CT " + ct);
            Run gpu = segmentInChild(Device.GPU, ct, true);
            Run cpu = segmentInChild(Device.CPU, ct, false);
            out.printf(Locale.ROOT, "  %-14s %10s %10s%n", "stage (s)", "GPU", "CPU");
            for (var stage : gpu.stages().properties()) {
                out.printf(Locale.ROOT, "  %-14s %10.2f %10.2f%n", stage.getKey(), stage.getValue().asDouble(),
                        cpu.stages().path(stage.getKey()).asDouble(Double.NaN));
            }
            out.printf(Locale.ROOT, "  %-14s %10.2f %10.2f%n", "process", gpu.seconds(), cpu.seconds());
            out.printf(Locale.ROOT, "  peak GPU memory of the GPU process: %d MiB%n", gpu.peakGpuMiB());
            short[][] a = readLabels(gpu.labels());
            short[][] b = readLabels(cpu.labels());
            if (identical(a, b)) {
                out.println("  labels: identical on GPU and CPU");
                continue;
            }
            for (int label : new int[] {Segmenter.LIVER, Segmenter.TUMOUR}) {
                double d = dice(a, b, label);
                out.printf(Locale.ROOT, "  label %d Dice GPU vs CPU: %.5f%s%n", label, d, d >= MIN_DICE ? "" : "  (below " + MIN_DICE + ")");
                pass &= d >= MIN_DICE;
            }
        }
        out.println(pass ? "check-gpu: passed" : "check-gpu: FAILED: the GPU's labels differ from the CPU's");
        out.flush();
        return pass ? ExitCodes.OK : 1;
    }

    /** One child run: its label file, stage times (JSON), wall time and the peak GPU memory seen. */
    record Run(Path labels, JsonNode stages, double seconds, long peakGpuMiB) {
    }

    private Path demoCt() {
        Path ct = work.resolve("demo-ct");
        if (Files.isDirectory(ct)) {
            return ct;
        }
        DemoData data = ServiceLoader.load(DemoData.class, CheckGpuCommand.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new InvalidInputException("the synthetic CT generator (test-dicom) is not on the class path",
                        null, "run ./liverlens from the repository root so that it builds every module"));
        data.writeDefaultSeries(ct, Progress.NONE);
        return ct;
    }

    private Run segmentInChild(Device device, Path ct, boolean watchGpu) throws IOException, InterruptedException {
        Path labels = work.resolve("labels-" + device + "-" + Integer.toHexString(ct.toAbsolutePath().hashCode()) + ".bin");
        Files.createDirectories(work);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "check-gpu"));
        if (model != null) {
            cmd.addAll(List.of("--model", model));
        }
        cmd.addAll(List.of("--child", device.toString(), ct.toString(), labels.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        AtomicLong peak = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (watchGpu && p.isAlive()) {
                peak.accumulateAndGet(NvidiaDriver.processMemoryMiB("nvidia-smi", p.pid()), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gpu-memory");
        watcher.setDaemon(true);
        watcher.start();
        String json = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("segmenting " + ct + " on the " + device + " failed (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + "); its messages are above");
        }
        watcher.interrupt();
        JsonNode stages = new ObjectMapper().readTree(json).path("stages");
        return new Run(labels, stages, (System.nanoTime() - t0) / 1e9, peak.get());
    }

    /** The child: loads the CT, segments it on {@code device} (refusing a fall-back), writes the labels and prints the stage times. */
    private int runChild(Device device, Path ct, Path labelsFile) throws IOException {
        LiverLensCommand root = (LiverLensCommand) spec.root().userObject();
        LoadedVolume loaded = CtSeries.load(ct, null, root.loadOptions(), Progress.NONE, Cancellation.NONE);
        SegmentationResult r;
        try (Segmenter s = ModelSegmenter.open(new SegmenterOptions(model, device, false, m -> { }))) {
            r = s.segment(loaded.volume(), Progress.NONE, Cancellation.NONE);
        }
        writeLabels(r.labels(), labelsFile);
        ObjectNode o = new ObjectMapper().createObjectNode();
        ObjectNode st = o.putObject("stages");
        for (Map.Entry<String, Double> e : r.stageSeconds().entrySet()) {
            st.put(e.getKey(), e.getValue());
        }
        spec.commandLine().getOut().println(o);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static void writeLabels(LabelVolume labels, Path file) throws IOException {
        int slices = labels.geometry().slices();
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            o.writeInt(slices);
            for (int k = 0; k < slices; k++) {
                short[] s = labels.slice(k);
                o.writeInt(s.length);
                for (short v : s) {
                    o.writeShort(v);
                }
            }
        }
    }

    static short[][] readLabels(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            short[][] v = new short[in.readInt()][];
            for (int k = 0; k < v.length; k++) {
                v[k] = new short[in.readInt()];
                for (int i = 0; i < v[k].length; i++) {
                    v[k][i] = in.readShort();
                }
            }
            return v;
        }
    }

    static boolean identical(short[][] a, short[][] b) {
        return java.util.Arrays.deepEquals(a, b);
    }

    /** Dice of {@code label} between two label volumes of the same grid; 1 when neither holds it. */
    static double dice(short[][] a, short[][] b, int label) {
        if (a.length != b.length) {
            return 0;
        }
        long inA = 0;
        long inB = 0;
        long both = 0;
        for (int k = 0; k < a.length; k++) {
            for (int i = 0; i < a[k].length; i++) {
                boolean x = a[k][i] == label;
                boolean y = b[k][i] == label;
                inA += x ? 1 : 0;
                inB += y ? 1 : 0;
                both += x && y ? 1 : 0;
            }
        }
        return inA + inB == 0 ? 1.0 : 2.0 * both / (inA + inB);
    }
}
