package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The entry script's Debian package sets, checked by {@code src/test/sh/package-sets.sh} with the
 * script's functions sourced and a fake {@code dpkg-query}, {@code id} and {@code apt-get}: a non-root
 * user with only the run-time packages can run {@code info}; {@code test} demands Orthanc.
 */
class EntryScriptPackagesTest {

    @Test
    void infoNeedsOnlyTheRunTimePackages() throws IOException, InterruptedException {
        Path script = Path.of("../../liverlens").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(script), "entry script not found at " + script);
        Process process = new ProcessBuilder("bash", "src/test/sh/package-sets.sh", script.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "package-sets.sh did not finish:\n" + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("all checks passed"), output);
    }
}
