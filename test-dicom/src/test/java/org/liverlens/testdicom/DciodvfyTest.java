package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.liverlens.core.work.Progress;

/** Our CT slices checked by an independent validator: dicom3tools' dciodvfy must report no errors. */
class DciodvfyTest {
    private static final Path DCIODVFY = Path.of("/usr/bin/dciodvfy");

    @ParameterizedTest
    @EnumSource(Phase.class)
    void dciodvfyReportsNoErrorsOnGeneratedSlices(Phase phase, @TempDir Path tmp) throws Exception {
        Path tool = dciodvfy();
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(72, 60, 5).withSpacing(5.5, 7.5).withPhase(phase)
                .withRandomLesions(1).withLesionDiameterRange(10, 25);
        new SyntheticCtWriter(2).write(new SyntheticCt(p), tmp.resolve("ct"), tmp.resolve("ground-truth"), Progress.NONE);
        for (String name : List.of("slice-0001.dcm", "slice-0003.dcm", "slice-0005.dcm")) {
            List<String> lines = run(tool, tmp.resolve("ct").resolve(name));
            List<String> errors = lines.stream().filter(l -> l.startsWith("Error")).collect(Collectors.toList());
            assertTrue(errors.isEmpty(), "dciodvfy found errors in " + name + " (" + phase + "):\n"
                    + String.join("\n", lines));
        }
    }

    private static Path dciodvfy() {
        if (Files.isExecutable(DCIODVFY)) {
            return DCIODVFY;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "dciodvfy");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return fail("dciodvfy is not installed (Debian package dicom3tools): install it with "
                + "'apt-get install dicom3tools' or run ./liverlens, which installs it");
    }

    private static List<String> run(Path tool, Path file) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(tool.toString(), file.toString()).redirectErrorStream(true).start();
        byte[] out = proc.getInputStream().readAllBytes();
        if (!proc.waitFor(60, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            fail("dciodvfy did not finish within 60 s on " + file);
        }
        return new String(out, StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }
}
