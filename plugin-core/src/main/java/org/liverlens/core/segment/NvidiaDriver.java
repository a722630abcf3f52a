package org.liverlens.core.segment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA driver as this machine shows it: the kernel module's version from
 * {@code /proc/driver/nvidia/version}, and from {@code nvidia-smi} the highest CUDA version the
 * driver runs and the GPUs with their memory. Plain text in, values out, so that detection is
 * tested against recorded outputs on machines without a GPU.
 *
 * @param version     the driver version, e.g. {@code 550.54.14}
 * @param cudaVersion the highest CUDA version the driver supports, as nvidia-smi prints it
 *                    ({@code 12.4}), or derived from the driver version when nvidia-smi is missing
 * @param gpus        the GPUs nvidia-smi lists (empty when it is missing or lists none)
 */
public record NvidiaDriver(String version, CudaVersion cudaVersion, List<Gpu> gpus) {
    /** The kernel module's version file. */
    public static final Path PROC_VERSION = Path.of("/proc/driver/nvidia/version");

    private static final Pattern PROC = Pattern.compile("NVRM version:.*?\\s(\\d{2,4}\\.\\d{1,3}(?:\\.\\d{1,3})?)\\s");
    private static final Pattern SMI_DRIVER = Pattern.compile("Driver Version:\\s*(\\d{2,4}\\.\\d{1,3}(?:\\.\\d{1,3})?)");
    private static final Pattern SMI_CUDA = Pattern.compile("CUDA Version:\\s*(\\d+)\\.(\\d+)");

    public NvidiaDriver {
        gpus = List.copyOf(gpus);
    }

    /** A CUDA version, {@code major.minor}. */
    public record CudaVersion(int major, int minor) implements Comparable<CudaVersion> {
        @Override
        public int compareTo(CudaVersion o) {
            return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /** One GPU as {@code nvidia-smi --query-gpu=index,name,memory.total,memory.free} lists it. */
    public record Gpu(int index, String name, long totalMiB, long freeMiB) {
    }

    /**
     * Looks for the driver: the version file must exist or {@code nvidia-smi} must answer; empty
     * when neither does (no NVIDIA driver, the common case).
     *
     * @param procVersion {@link #PROC_VERSION}, or a recorded file in tests
     * @param nvidiaSmi   the {@code nvidia-smi} command (a name looked up on PATH, or a path)
     */
    public static Optional<NvidiaDriver> detect(Path procVersion, String nvidiaSmi) {
        String proc = null;
        try {
            if (Files.isReadable(procVersion)) {
                proc = Files.readString(procVersion, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            proc = null;
        }
        String header = run(nvidiaSmi);
        String query = header == null ? null
                : run(nvidiaSmi, "--query-gpu=index,name,memory.total,memory.free", "--format=csv,noheader,nounits");
        return fromOutputs(proc, header, query);
    }

    /** The machine's driver: {@link #PROC_VERSION} and {@code nvidia-smi} on the PATH. */
    public static Optional<NvidiaDriver> detect() {
        return detect(PROC_VERSION, "nvidia-smi");
    }

    /**
     * The driver from the texts of the version file, of plain {@code nvidia-smi} and of its GPU
     * query (each {@code null} when missing). Empty when no driver version can be read.
     */
    static Optional<NvidiaDriver> fromOutputs(String proc, String smiHeader, String smiQuery) {
        String version = null;
        if (proc != null) {
            Matcher m = PROC.matcher(proc);
            if (m.find()) {
                version = m.group(1);
            }
        }
        CudaVersion cuda = null;
        if (smiHeader != null) {
            Matcher d = SMI_DRIVER.matcher(smiHeader);
            if (version == null && d.find()) {
                version = d.group(1);
            }
            Matcher c = SMI_CUDA.matcher(smiHeader);
            if (c.find()) {
                cuda = new CudaVersion(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)));
            }
        }
        if (version == null) {
            return Optional.empty();
        }
        if (cuda == null) {
            cuda = cudaOfDriver(version);
        }
        return Optional.of(new NvidiaDriver(version, cuda, parseGpus(smiQuery)));
    }

    /**
     * The highest CUDA version a Linux driver runs (NVIDIA's CUDA toolkit release notes, table 3,
     * minimum driver per toolkit), for when nvidia-smi does not say it.
     */
    static CudaVersion cudaOfDriver(String version) {
        long v = numeric(version);
        long[][] table = {
                {560_028_003L, 12, 6}, {555_042_002L, 12, 5}, {550_054_014L, 12, 4}, {545_023_006L, 12, 3},
                {535_054_003L, 12, 2}, {530_030_002L, 12, 1}, {525_060_013L, 12, 0}, {520_061_005L, 11, 8},
                {515_043_004L, 11, 7}, {450_080_002L, 11, 0},
        };
        for (long[] row : table) {
            if (v >= row[0]) {
                return new CudaVersion((int) row[1], (int) row[2]);
            }
        }
        return new CudaVersion(10, 0);
    }

    /** {@code 550.54.14} as 550_054_014, for ordering. */
    static long numeric(String version) {
        String[] p = version.split("\\.");
        long v = 0;
        for (int i = 0; i < 3; i++) {
            v = v * 1000 + (i < p.length ? Long.parseLong(p[i]) : 0);
        }
        return v;
    }

    static List<Gpu> parseGpus(String query) {
        List<Gpu> gpus = new ArrayList<>();
        if (query == null) {
            return gpus;
        }
        for (String line : query.split("\\R")) {
            String[] f = line.split(",");
            if (f.length < 4) {
                continue;
            }
            try {
                gpus.add(new Gpu(Integer.parseInt(f[0].trim()), f[1].trim(), Long.parseLong(f[2].trim()),
                        Long.parseLong(f[3].trim())));
            } catch (NumberFormatException e) {
                // "[N/A]" memory on some boards: leave the GPU out of the memory figures
                gpus.add(new Gpu(gpus.size(), f[1].trim(), -1, -1));
            }
        }
        return gpus;
    }

    /** Free memory of GPU {@code index} now, in MiB, from nvidia-smi; -1 when unknown. */
    public static long freeMemoryMiB(String nvidiaSmi, int index) {
        String out = run(nvidiaSmi, "--query-gpu=memory.free", "--format=csv,noheader,nounits", "-i",
                Integer.toString(index));
        try {
            return out == null ? -1 : Long.parseLong(out.trim().lines().findFirst().orElse("-1").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** GPU memory used by process {@code pid} now, in MiB, from nvidia-smi; 0 when it uses none. */
    public static long processMemoryMiB(String nvidiaSmi, long pid) {
        String out = run(nvidiaSmi, "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits");
        long sum = 0;
        if (out != null) {
            for (String line : out.split("\\R")) {
                String[] f = line.split(",");
                if (f.length == 2 && f[0].trim().equals(Long.toString(pid))) {
                    try {
                        sum += Long.parseLong(f[1].trim());
                    } catch (NumberFormatException e) {
                        // [N/A] without permission to see other processes: nothing to add
                    }
                }
            }
        }
        return sum;
    }

    /** Standard output of a short command, or {@code null} when it cannot run or fails. */
    static String run(String command, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code driver 550.54.14 (CUDA 12.4), NVIDIA H200 (143771 MiB)}. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "driver %s (CUDA %s)", version, cudaVersion));
        for (Gpu g : gpus) {
            s.append(", ").append(g.name());
            if (g.totalMiB() > 0) {
                s.append(" (").append(g.totalMiB()).append(" MiB)");
            }
        }
        return s.toString();
    }
}
