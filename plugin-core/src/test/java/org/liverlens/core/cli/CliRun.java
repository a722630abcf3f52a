package org.liverlens.core.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine;

/**
 * Runs the {@code liverlens} command line in this JVM with stdout and stderr captured, and with a
 * given {@link Segmenter} in place of the model package for {@code segment} and {@code demo}: the
 * way tests check what happens downstream of the labels without a trained network. The run's
 * LiverLens home is a test folder (tests must never write to the user's real home).
 */
public final class CliRun {
    private static Path temporaryHome;

    private CliRun() {
    }

    /** Exit code and captured output of one run. */
    public record Result(int exitCode, String out, String err) {
    }

    /**
     * Runs {@code args}; {@code segmenter} (may be null) answers every segmenter the commands open.
     * The LiverLens home is the test JVM's ({@value UserHome#PROPERTY}, set by the build for every
     * test), else a temporary folder of this JVM: never the user's real one.
     */
    public static synchronized Result run(Segmenter segmenter, String... args) {
        return run(testHome(), segmenter, args);
    }

    /** As above, with {@code home} as the LiverLens home (config, outbox, logs, model cache). */
    public static synchronized Result run(Path home, Segmenter segmenter, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        String oldHome = System.getProperty(UserHome.PROPERTY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setProperty(UserHome.PROPERTY, home.toAbsolutePath().toString());
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            if (segmenter != null) {
                ((SegmentCommand) cli.getSubcommands().get("segment").getCommand()).opener = options -> () -> segmenter;
                ((DemoCommand) cli.getSubcommands().get("demo").getCommand()).opener = options -> segmenter;
            }
            int code = cli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            if (oldHome == null) {
                System.clearProperty(UserHome.PROPERTY);
            } else {
                System.setProperty(UserHome.PROPERTY, oldHome);
            }
        }
    }

    private static Path testHome() {
        String set = System.getProperty(UserHome.PROPERTY);
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        if (temporaryHome == null) {
            try {
                temporaryHome = Files.createTempDirectory("liverlens-test-home");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return temporaryHome;
    }
}
