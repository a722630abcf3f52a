package org.liverlens.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dicom3tools' {@code dciodvfy} (the validator our DICOM must pass) and returns its Error lines. */
public final class Dciodvfy {
    public static final Path BINARY = Path.of("/usr/bin/dciodvfy");

    private Dciodvfy() {
    }

    /** Every line dciodvfy prints that starts with "Error", with the whole output for the message. */
    public record Report(List<String> errors, String output) {
    }

    public static Report validate(Path file) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's dicom3tools (./liverlens does)");
        }
        Process p = new ProcessBuilder(BINARY.toString(), "-new", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("dciodvfy did not finish on " + file);
        }
        List<String> errors = out.lines().filter(l -> l.startsWith("Error")).toList();
        return new Report(errors, out);
    }
}
