package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.work.InvalidInputException;

/**
 * Without the tools jar (plugin-core's own test class path holds none), what it contributes is
 * refused clearly, with exit 3: {@code bench} and the real cases of the shared test data.
 */
class BenchWithoutToolsTest {

    @Test
    void benchSaysTheToolsAreNotInstalled() {
        CliRun.Result r = CliRun.run(null, "bench", "segment", "/no/such/ct");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("the benchmark tools are not installed"), r.err());
        assertTrue(r.err().contains("tools"), r.err());
    }

    @Test
    void benchHelpSaysTheToolsAreNotInstalled() {
        CliRun.Result r = CliRun.run(null, "bench", "--help");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("not installed"), r.out());
    }

    @Test
    void modelsEvaluateWithoutToolsIsRefusedBeforeLoadingTheModel() {
        CliRun.Result r = CliRun.run(null, "models", "evaluate", "--synthetic", "0");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("real cases of the shared test data are not installed"), r.err());
        assertEquals("", r.out(), "nothing loaded, nothing printed");
    }

    @Test
    void realCasesWithoutToolsAreRefusedWithWhatToDo() {
        InvalidInputException e = assertThrows(InvalidInputException.class, ReferenceCases::find);
        assertEquals(3, e.exitCode());
        assertTrue(e.userMessage().contains("--no-real"), e.userMessage());
    }
}
