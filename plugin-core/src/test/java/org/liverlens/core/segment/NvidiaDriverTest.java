package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driver detection against recorded {@code /proc/driver/nvidia/version} files and a fake
 * {@code nvidia-smi} (a shell script answering as the real one does), so that it is tested on
 * machines without a GPU.
 */
class NvidiaDriverTest {
    /** The kernel module line of a proprietary driver (Debian's nvidia-kernel-dkms 550). */
    static final String PROC_550 = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024\n"
            + "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n";
    /** The open kernel module's line, older driver. */
    static final String PROC_OPEN_535 = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  535.104.05  Release Build"
            + "  (dvs-builder@U16-I3-B03-4-3)  Thu Aug 24 19:02:30 UTC 2023\nGCC version:  gcc version 12.2.0\n";
    static final String SMI_HEADER_550 = """
            Thu Dec  4 23:59:01 2026
            +-----------------------------------------------------------------------------------------+
            | NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
            |-----------------------------------------+------------------------+----------------------+
            | GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |
            |   0  NVIDIA H200                    On  |   00000000:19:00.0 Off |                    0 |
            +-----------------------------------------+------------------------+----------------------+
            """;
    static final String SMI_QUERY = "0, NVIDIA H200, 143771, 143100\n";

    @TempDir
    Path tmp;

    @Test
    void readsTheDriverFromProcAndTheCudaVersionFromNvidiaSmi() throws IOException {
        Optional<NvidiaDriver> d = NvidiaDriver.detect(proc(PROC_550), fakeSmi(SMI_HEADER_550, SMI_QUERY));
        assertTrue(d.isPresent());
        assertEquals("550.54.15", d.get().version());
        assertEquals(new NvidiaDriver.CudaVersion(12, 4), d.get().cudaVersion());
        assertEquals(List.of(new NvidiaDriver.Gpu(0, "NVIDIA H200", 143771, 143100)), d.get().gpus());
    }

    @Test
    void openKernelModuleLineIsRead() throws IOException {
        Optional<NvidiaDriver> d = NvidiaDriver.detect(proc(PROC_OPEN_535), tmp.resolve("no-nvidia-smi").toString());
        assertEquals("535.104.05", d.orElseThrow().version());
    }

    @Test
    void cudaVersionComesFromTheDriverVersionWithoutNvidiaSmi() throws IOException {
        NvidiaDriver d = NvidiaDriver.detect(proc(PROC_OPEN_535), tmp.resolve("no-nvidia-smi").toString()).orElseThrow();
        assertEquals(new NvidiaDriver.CudaVersion(12, 2), d.cudaVersion());
        assertEquals(new NvidiaDriver.CudaVersion(12, 4), NvidiaDriver.cudaOfDriver("550.54.14"));
        assertEquals(new NvidiaDriver.CudaVersion(12, 3), NvidiaDriver.cudaOfDriver("550.54.13"));
    }

    @Test
    void noDriverWithoutProcFileOrNvidiaSmi() {
        assertTrue(NvidiaDriver.detect(tmp.resolve("version"), tmp.resolve("no-nvidia-smi").toString()).isEmpty());
    }

    @Test
    void nvidiaSmiAloneIsEnough() throws IOException {
        // containers often show nvidia-smi without the kernel module's /proc file
        NvidiaDriver d = NvidiaDriver.detect(tmp.resolve("version"), fakeSmi(SMI_HEADER_550, SMI_QUERY)).orElseThrow();
        assertEquals("550.54.15", d.version());
        assertEquals("driver 550.54.15 (CUDA 12.4), NVIDIA H200 (143771 MiB)", d.describe());
    }

    @Test
    void failingNvidiaSmiCountsAsAbsent() throws IOException {
        // "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver", exit 9
        Path smi = tmp.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho \"NVIDIA-SMI has failed\"\nexit 9\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(NvidiaDriver.detect(tmp.resolve("version"), smi.toString()).isEmpty());
    }

    Path proc(String text) throws IOException {
        Path p = tmp.resolve("version");
        Files.writeString(p, text);
        return p;
    }

    /** A script that prints {@code header} when called plainly and {@code query} for {@code --query-gpu=…}. */
    String fakeSmi(String header, String query) throws IOException {
        Files.writeString(tmp.resolve("header.txt"), header);
        Files.writeString(tmp.resolve("query.txt"), query);
        Path smi = tmp.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\ncase \"$1\" in\n  --query-gpu=*) cat '" + tmp.resolve("query.txt")
                + "' ;;\n  *) cat '" + tmp.resolve("header.txt") + "' ;;\nesac\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return smi.toString();
    }
}
