package org.liverlens.core.segment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The CUDA build of libtorch that matches the shipped DJL JNI ({@code pytorch-native-cu124}
 * 2.5.1, linux-x86_64, 2.46 GB, in the local Maven repository): whether to fetch it (the
 * launcher's install step asks {@link #main}), and whether a process may load it. One place for
 * both decisions, tested without a GPU against recorded driver outputs.
 *
 * <p>A driver too old for CUDA 12.4 gets the CPU. {@code pytorch-native-cu121} 2.1.1 exists for
 * older drivers, but its JNI is built for DJL 0.26 (pytorch-jni 2.1.1-0.26.0): no build pairs it
 * with our DJL 0.33, and one JVM holds one DJL, so it is not offered.
 */
public final class CudaNatives {
    static final String GROUP = "ai.djl.pytorch";
    static final String ARTIFACT = "pytorch-native-cu124";
    /** The libtorch version of the shipped CPU natives and of DJL's JNI: the CUDA build must match it. */
    static final String LIBTORCH = "2.5.1";
    static final String FLAVOR = "cu124";
    static final String CLASSIFIER = "linux-x86_64";
    /** Size of the jar on Maven Central, for the line that announces the download. */
    static final String SIZE = "2.46 GB";
    /** What libtorch cu124 needs of the driver. */
    static final NvidiaDriver.CudaVersion NEEDED = new NvidiaDriver.CudaVersion(12, 4);
    static final String NEEDED_DRIVER = "550.54.14";
    /** The environment variable that turns the GPU set-up off. */
    static final String SWITCH = "LIVERLENS_GPU";

    private CudaNatives() {
    }

    /** What the install step does. */
    public enum Action {
        /** fetch the jar into the local Maven repository */
        FETCH,
        /** the jar is there already */
        PRESENT,
        /** nothing: no GPU, switched off, CI, or a driver too old (the message says which) */
        NONE
    }

    /**
     * A decision and the one line that explains it ({@code null} when there is nothing to say:
     * a machine without an NVIDIA driver hears nothing about GPUs).
     */
    public record Decision(Action action, String message) {
    }

    /** {@code ai.djl.pytorch:pytorch-native-cu124:2.5.1:jar:linux-x86_64}, as {@code mvn dependency:get} takes it. */
    public static String coordinates() {
        return GROUP + ":" + ARTIFACT + ":" + LIBTORCH + ":jar:" + CLASSIFIER;
    }

    /** The local Maven repository the launcher fetches into: {@code LIVERLENS_M2_REPO}, else {@code $HOME/.m2/repository}. */
    public static Path m2Repository(Map<String, String> env) {
        String repo = env.get("LIVERLENS_M2_REPO");
        if (repo != null && !repo.isBlank()) {
            return Path.of(repo);
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".m2", "repository");
    }

    /** Where the jar lies in a Maven repository. */
    public static Path jar(Path m2Repository) {
        return m2Repository.resolve(GROUP.replace('.', '/')).resolve(ARTIFACT).resolve(LIBTORCH)
                .resolve(ARTIFACT + "-" + LIBTORCH + "-" + CLASSIFIER + ".jar");
    }

    /**
     * The install step's decision: fetch only on linux-x86_64 with an NVIDIA driver that runs
     * CUDA 12.4, not in CI (environment {@code CI} set), not with {@code LIVERLENS_GPU=off}, and
     * only when the jar is not in {@code m2Repository} yet.
     */
    public static Decision install(Optional<NvidiaDriver> driver, Map<String, String> env, String osArch,
                                   Path m2Repository) {
        if ("off".equalsIgnoreCase(env.getOrDefault(SWITCH, "").trim())) {
            return new Decision(Action.NONE, null);
        }
        String ci = env.getOrDefault("CI", "").trim();
        if (!ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
            return new Decision(Action.NONE, null);
        }
        if (driver.isEmpty()) {
            return new Decision(Action.NONE, null);
        }
        if (!osArch.equals("amd64") && !osArch.equals("x86_64")) {
            return new Decision(Action.NONE, "an NVIDIA driver was found, but CUDA libtorch " + LIBTORCH
                    + " is built for x86_64 only (this machine: " + osArch + "); running on the CPU");
        }
        String tooOld = driverTooOld(driver.get());
        if (tooOld != null) {
            return new Decision(Action.NONE, tooOld);
        }
        Path jar = jar(m2Repository);
        if (Files.isRegularFile(jar)) {
            return new Decision(Action.PRESENT, null);
        }
        return new Decision(Action.FETCH, String.format(Locale.ROOT,
                "NVIDIA GPU found (%s): fetching the CUDA natives once, %s (%s) into %s",
                driver.get().describe(), ARTIFACT + " " + LIBTORCH, SIZE, m2Repository));
    }

    /**
     * Whether this process may load the CUDA natives: they are installed, a driver is present and
     * runs CUDA 12.4, and the GPU is not switched off. Otherwise the reason, for the device
     * notice; the CPU natives on the class path then run everything.
     */
    public static Decision runtime(Optional<NvidiaDriver> driver, Map<String, String> env, Path m2Repository) {
        if ("off".equalsIgnoreCase(env.getOrDefault(SWITCH, "").trim())) {
            return new Decision(Action.NONE, SWITCH + "=off");
        }
        Path jar = jar(m2Repository);
        boolean installed = Files.isRegularFile(jar);
        if (driver.isEmpty()) {
            return new Decision(Action.NONE, installed
                    ? "the CUDA natives are installed but no NVIDIA driver is loaded (" + NvidiaDriver.PROC_VERSION
                            + " is missing and nvidia-smi does not answer)"
                    : "no NVIDIA GPU (no driver: " + NvidiaDriver.PROC_VERSION + " is missing)");
        }
        String tooOld = driverTooOld(driver.get());
        if (tooOld != null) {
            return new Decision(Action.NONE, tooOld);
        }
        if (!installed) {
            return new Decision(Action.NONE, "NVIDIA GPU found (" + driver.get().describe()
                    + ") but the CUDA natives are not installed (" + jar + ")");
        }
        return new Decision(Action.PRESENT, null);
    }

    /** The message for a driver that cannot run CUDA 12.4, or {@code null} when it can. */
    static String driverTooOld(NvidiaDriver driver) {
        if (driver.cudaVersion().compareTo(NEEDED) >= 0) {
            return null;
        }
        return "NVIDIA driver " + driver.version() + " runs CUDA up to " + driver.cudaVersion()
                + "; LiverLens' GPU runtime (libtorch " + LIBTORCH + " for CUDA " + NEEDED + ") needs driver "
                + NEEDED_DRIVER + " or newer: running on the CPU. Update the NVIDIA driver to use the GPU.";
    }

    /**
     * Unpacks the jar's libraries into {@code cacheDir} (once; a folder is complete or absent) and
     * returns that folder: what DJL loads when {@code PYTORCH_LIBRARY_PATH} names it. Also links
     * {@code libcudart.so} to the bundled CUDA runtime so that DJL's GPU queries (JNA) find it on
     * a machine with only the driver installed.
     */
    static Path unpack(Path jar, Path cacheDir) throws IOException {
        Path dir = cacheDir.resolve(LIBTORCH + "-" + FLAVOR + "-" + CLASSIFIER);
        if (Files.isRegularFile(dir.resolve("libtorch.so"))) {
            return dir;
        }
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempDirectory(cacheDir, "unpack");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> libraries = libraries(zip);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (!e.isDirectory() && libraries.contains(name)) {
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, tmp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (Stream<Path> files = Files.list(tmp)) {
                Optional<Path> cudart = files.filter(f -> f.getFileName().toString().startsWith("libcudart"))
                        .min(Comparator.naturalOrder());
                if (cudart.isPresent()) {
                    Files.createSymbolicLink(tmp.resolve("libcudart.so"), cudart.get().getFileName());
                }
            }
            if (!Files.isRegularFile(tmp.resolve("libtorch.so"))) {
                throw new IOException("no libtorch.so in " + jar);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } finally {
            if (Files.exists(tmp)) {
                try (Stream<Path> files = Files.walk(tmp)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    /** The library names that the jar's {@code native/lib/pytorch.properties} lists. */
    private static Set<String> libraries(ZipFile zip) throws IOException {
        ZipEntry props = zip.getEntry("native/lib/pytorch.properties");
        if (props == null) {
            throw new IOException("no native/lib/pytorch.properties in " + zip.getName());
        }
        Properties p = new Properties();
        try (InputStream in = zip.getInputStream(props)) {
            p.load(in);
        }
        String flavor = p.getProperty("flavor", "");
        if (!flavor.equals(FLAVOR)) {
            throw new IOException(zip.getName() + " holds flavour '" + flavor + "', expected " + FLAVOR);
        }
        return Set.copyOf(List.of(p.getProperty("libraries", "").split(",")));
    }

    /**
     * For the launcher: {@code decide M2_REPOSITORY} prints {@code fetch|present|none}, a tab, the
     * coordinates, a tab and the message (or nothing). Exit 0 always: the decision is the output.
     */
    public static void main(String[] args) {
        Path m2 = args.length > 1 ? Path.of(args[1]) : m2Repository(System.getenv());
        Decision d = install(NvidiaDriver.detect(), System.getenv(), System.getProperty("os.arch"), m2);
        System.out.println(d.action().name().toLowerCase(Locale.ROOT) + "\t" + coordinates() + "\t"
                + (d.message() == null ? "" : d.message()));
    }
}
