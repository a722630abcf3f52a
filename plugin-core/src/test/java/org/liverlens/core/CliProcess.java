package org.liverlens.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line ({@code org.liverlens.core.cli.Main}) in a child JVM on the test class
 * path, with {@code LIVERLENS_HOME} pointing at a test folder: the real process, its exit code,
 * its environment, and a PID that can be killed.
 */
public final class CliProcess {
    private CliProcess() {
    }

    /** Exit code, standard output and standard error of one run. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs to completion (at most 3 minutes). */
    public static Result run(Path home, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(home, env, List.of(), args);
    }

    /** Runs to completion (at most 3 minutes) with extra JVM options (e.g. {@code -Xmx256m}). */
    public static Result run(Path home, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("liverlens-cli", ".out");
        Path err = Files.createTempFile("liverlens-cli", ".err");
        try {
            Process p = start(home, env, jvmOptions, out, err, args);
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("liverlens " + String.join(" ", args) + " did not finish in 3 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts a run, its output going to the given files. */
    public static Process start(Path home, Map<String, String> env, Path stdout, Path stderr, String... args)
            throws IOException {
        return start(home, env, List.of(), stdout, stderr, args);
    }

    private static Process start(Path home, Map<String, String> env, List<String> jvmOptions, Path stdout, Path stderr,
                                 String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m"));
        cmd.addAll(jvmOptions);
        // Class path of this JVM (surefire hands it over as a manifest-only jar, which java -cp honours).
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.liverlens.core.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("LIVERLENS_HOME", home.toAbsolutePath().toString());
        pb.environment().putAll(env);
        return pb.start();
    }
}
