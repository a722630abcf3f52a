package org.liverlens.core.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.liverlens.core.segment.Segmenter;

import picocli.CommandLine;

/**
 * Runs the {@code liverlens} command line in this JVM with stdout and stderr captured, and with a
 * given {@link Segmenter} in place of the model package for {@code segment} and {@code demo}: the
 * way tests check what happens downstream of the labels without a trained network.
 */
public final class CliRun {
    private CliRun() {
    }

    /** Exit code and captured output of one run. */
    public record Result(int exitCode, String out, String err) {
    }

    /** Runs {@code args}; {@code segmenter} (may be null) answers every segmenter the commands open. */
    public static synchronized Result run(Segmenter segmenter, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            if (segmenter != null) {
                ((SegmentCommand) cli.getSubcommands().get("segment").getCommand()).opener = options -> segmenter;
                ((DemoCommand) cli.getSubcommands().get("demo").getCommand()).opener = options -> segmenter;
            }
            int code = cli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
