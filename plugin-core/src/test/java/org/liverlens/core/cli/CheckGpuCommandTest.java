package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.segment.NvidiaDriver;

/** {@code check-gpu} where no GPU is (CI, this machine), and its label comparison. */
class CheckGpuCommandTest {
    @Test
    void withoutNvidiaGpuSaysSoAndExits3() {
        assumeTrue(NvidiaDriver.detect().isEmpty(), "this machine has an NVIDIA driver: check-gpu would really run");
        CliRun.Result r = CliRun.run(null, "check-gpu");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("no NVIDIA GPU on this machine"), r.err());
        assertTrue(r.err().contains("GPU path cannot be checked here"), r.err());
    }

    @Test
    void diceComparesOneLabelAcrossSlices() {
        short[][] a = {{0, 1, 1, 2}, {1, 1, 0, 0}};
        short[][] b = {{0, 1, 0, 2}, {1, 1, 0, 2}};
        assertEquals(2.0 * 3 / (4 + 3), CheckGpuCommand.dice(a, b, 1), 1e-12);
        assertEquals(2.0 * 1 / (1 + 2), CheckGpuCommand.dice(a, b, 2), 1e-12);
        assertEquals(1.0, CheckGpuCommand.dice(a, b, 7), "a label absent from both agrees");
        assertTrue(CheckGpuCommand.identical(a, new short[][] {{0, 1, 1, 2}, {1, 1, 0, 0}}));
    }
}
