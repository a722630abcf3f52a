package org.liverlens.testdicom.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.CliProcess;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.LesionSpec;
import org.liverlens.testdicom.LesionType;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;

/**
 * What libtorch writes on the standard error of a real {@code segment} process (a child JVM, the
 * default model, the CPU): nothing of its own. The native side prints C++ warnings straight to
 * file descriptor 2, so only a separate process shows them.
 */
class EngineStderrTest {
    @TempDir
    static Path tmp;

    static CliProcess.Result run;

    @BeforeAll
    static void segmentInAChildProcess() throws Exception {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSeed(11).withSize(96, 96, 16).withSpacing(3.0, 5.0)
                .withLesions(List.of(LesionSpec.random(LesionType.HYPODENSE, 30)));
        Path ct = tmp.resolve("ct");
        new SyntheticCtWriter(2).write(new SyntheticCt(p), ct, tmp.resolve("ground-truth"), Progress.NONE);
        // no TORCH_CPP_LOG_LEVEL: the launcher sets it, but the warning must not depend on it
        run = CliProcess.run(tmp.resolve("home"), Map.of(), "segment", ct.toString(), "-o", tmp.resolve("out").toString(),
                "--device", "cpu");
        assertEquals(0, run.exitCode(), run.toString());
    }

    @Test
    void segmentPrintsNoAutoNonVariableTypeModeWarning() {
        assertFalse(run.err().contains("AutoNonVariableTypeMode"), run.err());
    }

    @Test
    void segmentPrintsNoLibtorchWarningLine() {
        // libtorch's warnings start with [W<date> ...]
        assertFalse(run.err().lines().anyMatch(l -> l.matches("^\\[W\\d{4} .*")), run.err());
        assertTrue(run.out().contains("seg.dcm"), run.toString());
    }
}
