package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segment} opens and checks the model package (quick) before it loads the CT (seconds to
 * minutes): a bad package is refused first, whatever the CT.
 */
class ModelFirstTest {
    @TempDir
    Path tmp;

    @Test
    void aDamagedModelPackageIsRefusedBeforeTheCtIsRead() throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve("pkg"));
        Files.writeString(pkg.resolve("model.json"), "{ not json");
        Path emptyCt = Files.createDirectories(tmp.resolve("ct")); // would be refused as empty if read first
        CliRun.Result r = CliRun.run(null, "segment", emptyCt.toString(), "-o", tmp.resolve("out").toString(),
                "--model", pkg.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("model.json"), r.err());
        assertFalse(r.err().contains("empty"), "the CT folder was read before the model package: " + r.err());
    }
}
