package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code segment --lesions} takes network, detector or combined; anything else is a usage error. */
class LesionsOptionTest {
    @TempDir
    Path tmp;

    @Test
    void unknownLesionSourceIsAUsageError() {
        CliRun.Result r = CliRun.run(null, "segment", tmp.toString(), "-o", tmp.resolve("out").toString(),
                "--lesions", "radiologist");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("network, detector, combined"), r.err());
    }
}
