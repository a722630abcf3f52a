package org.liverlens.runtime;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The assembled runtime folder (target/liverlens) as the integration tests use it: the CLI's plain
 * class path {@code lib/}, run in a child JVM or loaded in a class loader of its own, and the Felix
 * folder {@code felix/}.
 */
final class CliLib {
    private CliLib() {
    }

    /** What a child JVM printed (stdout and stderr together) and its exit code. */
    record Run(int exitCode, String output) {
    }

    /** The runtime folder that {@code mvn package} assembled. */
    static Path dist() {
        return Path.of(System.getProperty("liverlens.dist", "target/liverlens"));
    }

    /** The CLI's class path folder. */
    static Path lib() {
        return dist().resolve("lib");
    }

    /** A class loader over every jar of {@code lib/}, with only the JDK as parent. */
    static URLClassLoader classLoader() throws IOException {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib())) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        return new URLClassLoader("liverlens-cli", jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM on the class path {@code lib/*}, as
     * {@code ./liverlens} does; fails when it does not finish within {@code timeout}.
     */
    static Run run(Duration timeout, String mainClass, String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", lib().toAbsolutePath() + "/*", mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read before waiting: a child that fills the pipe would block forever.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(mainClass + " did not finish within " + timeout + ":\n" + output);
        }
        return new Run(process.exitValue(), output);
    }
}
