package org.liverlens.testdicom.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.CliProcess;
import org.liverlens.core.segment.CudaNatives;
import org.liverlens.core.segment.CudaNativesTest;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.LesionSpec;
import org.liverlens.testdicom.LesionType;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;

/**
 * A real {@code segment} process on a machine that looks like it has a GPU (a fake
 * {@code nvidia-smi} on PATH reporting driver 550 / CUDA 12.4) and "CUDA natives" in the local
 * Maven repository that cannot load (text, not libraries): as with a driver that does not match
 * the natives, {@code auto} falls back to the CPU and says why, {@code gpu} is refused (exit 3).
 */
class CudaFallbackProcessTest {
    @TempDir
    static Path tmp;

    static Path ct;
    static Map<String, String> env;

    @BeforeAll
    static void fakeGpuMachine() throws Exception {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSeed(12).withSize(96, 96, 12).withSpacing(3.0, 5.0)
                .withLesions(List.of(LesionSpec.random(LesionType.HYPODENSE, 30)));
        ct = tmp.resolve("ct");
        new SyntheticCtWriter(2).write(new SyntheticCt(p), ct, tmp.resolve("ground-truth"), Progress.NONE);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\ncase \"$1\" in\n  --query-gpu=*) echo '0, NVIDIA Fake, 16384, 16000' ;;\n"
                + "  --query-compute-apps=*) ;;\n"
                + "  *) echo '| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: 12.4 |' ;;\nesac\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path m2 = tmp.resolve("m2");
        Path jar = CudaNatives.jar(m2);
        Files.createDirectories(jar.getParent());
        CudaNativesTest.writeJar(jar, "cu124", List.of("libtorch.so"));
        env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "LIVERLENS_M2_REPO", m2.toString());
    }

    @Test
    void autoFallsBackToTheCpuWhenTheCudaNativesDoNotLoad() throws Exception {
        CliProcess.Result r = CliProcess.run(tmp.resolve("home-auto"), env, "segment", ct.toString(), "-o",
                tmp.resolve("out-auto").toString(), "--device", "auto");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("device auto: the CUDA natives did not load"), r.err());
        assertTrue(r.err().contains("running on the CPU"), r.err());
    }

    @Test
    void gpuIsRefusedWithExit3WhenTheCudaNativesDoNotLoad() throws Exception {
        CliProcess.Result r = CliProcess.run(tmp.resolve("home-gpu"), env, "segment", ct.toString(), "-o",
                tmp.resolve("out-gpu").toString(), "--device", "gpu");
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("the GPU cannot be used: the CUDA natives did not load"), r.err());
        assertTrue(r.err().contains("--device cpu"), r.err());
    }
}
