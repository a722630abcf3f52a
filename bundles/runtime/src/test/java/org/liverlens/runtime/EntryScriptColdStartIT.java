package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The entry script's cold-start settings on the assembled runtime ({@code src/test/sh/cold-start.sh}):
 * the class-data sharing archive it makes is accepted by the JVM and kept while up to date, and only
 * short commands run with C1 alone (docs/benchmarks.md, "Cold start").
 */
class EntryScriptColdStartIT {

    @Test
    void archiveIsAcceptedAndShortCommandsRunWithC1Only() throws IOException, InterruptedException {
        Path script = Path.of("../../liverlens").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", "src/test/sh/cold-start.sh", script.toString(),
                CliLib.dist().toAbsolutePath().toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "cold-start.sh did not finish:\n" + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("all checks passed"), output);
    }
}
