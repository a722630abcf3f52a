package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install step's and the engine's decisions about the CUDA natives, on recorded drivers (no GPU needed). */
public class CudaNativesTest {
    static final NvidiaDriver DRIVER_550 = NvidiaDriver.fromOutputs(NvidiaDriverTest.PROC_550,
            NvidiaDriverTest.SMI_HEADER_550, NvidiaDriverTest.SMI_QUERY).orElseThrow();
    static final NvidiaDriver DRIVER_535 = NvidiaDriver.fromOutputs(NvidiaDriverTest.PROC_OPEN_535, null, null).orElseThrow();

    @TempDir
    Path m2;

    @Test
    void fetchesTheCu124JarWhenADriverForCuda124IsPresent() {
        CudaNatives.Decision d = CudaNatives.install(Optional.of(DRIVER_550), Map.of(), "amd64", m2);
        assertEquals(CudaNatives.Action.FETCH, d.action());
        assertEquals("ai.djl.pytorch:pytorch-native-cu124:2.5.1:jar:linux-x86_64", CudaNatives.coordinates());
        assertTrue(d.message().contains("2.46 GB") && d.message().contains("NVIDIA H200"), d.message());
    }

    @Test
    void neverFetchesWithoutADriverAndSaysNothing() {
        CudaNatives.Decision d = CudaNatives.install(Optional.empty(), Map.of(), "amd64", m2);
        assertEquals(CudaNatives.Action.NONE, d.action());
        assertNull(d.message());
    }

    @Test
    void neverFetchesInCi() {
        assertEquals(CudaNatives.Action.NONE,
                CudaNatives.install(Optional.of(DRIVER_550), Map.of("CI", "true"), "amd64", m2).action());
    }

    @Test
    void liverlensGpuOffSkipsTheFetch() {
        assertEquals(CudaNatives.Action.NONE,
                CudaNatives.install(Optional.of(DRIVER_550), Map.of("LIVERLENS_GPU", "off"), "amd64", m2).action());
    }

    @Test
    void fetchesOnlyOnce() throws IOException {
        installFakeJar(List.of("libtorch.so"));
        assertEquals(CudaNatives.Action.PRESENT,
                CudaNatives.install(Optional.of(DRIVER_550), Map.of(), "amd64", m2).action());
    }

    @Test
    void oldDriverFallsBackToTheCpuWithOneClearMessage() {
        CudaNatives.Decision d = CudaNatives.install(Optional.of(DRIVER_535), Map.of(), "amd64", m2);
        assertEquals(CudaNatives.Action.NONE, d.action());
        assertEquals("NVIDIA driver 535.104.05 runs CUDA up to 12.2; LiverLens' GPU runtime (libtorch 2.5.1 for CUDA 12.4) "
                + "needs driver 550.54.14 or newer: running on the CPU. Update the NVIDIA driver to use the GPU.", d.message());
        assertEquals(d.message(), CudaNatives.runtime(Optional.of(DRIVER_535), Map.of(), m2).message(),
                "the engine says the same as the install step");
    }

    @Test
    void notOnOtherArchitectures() {
        assertEquals(CudaNatives.Action.NONE,
                CudaNatives.install(Optional.of(DRIVER_550), Map.of(), "aarch64", m2).action());
    }

    @Test
    void installedJarWithoutDriverRunsOnTheCpu() throws IOException {
        installFakeJar(List.of("libtorch.so"));
        CudaNatives.Decision d = CudaNatives.runtime(Optional.empty(), Map.of(), m2);
        assertEquals(CudaNatives.Action.NONE, d.action());
        assertTrue(d.message().startsWith("the CUDA natives are installed but no NVIDIA driver is loaded"), d.message());
    }

    @Test
    void installedJarWithDriverIsUsed() throws IOException {
        installFakeJar(List.of("libtorch.so"));
        assertEquals(CudaNatives.Action.PRESENT, CudaNatives.runtime(Optional.of(DRIVER_550), Map.of(), m2).action());
        assertEquals(CudaNatives.Action.NONE,
                CudaNatives.runtime(Optional.of(DRIVER_550), Map.of("LIVERLENS_GPU", "off"), m2).action());
    }

    @Test
    void cudaBuildMatchesTheShippedCpuNatives() throws IOException {
        // the CUDA jar must be the libtorch that DJL's JNI on the class path is built for
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            Properties p = new Properties();
            p.load(in);
            assertTrue(p.getProperty("version").startsWith(CudaNatives.LIBTORCH + "-"), p.getProperty("version"));
        }
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(
                "jnilib/linux-x86_64/" + CudaNatives.FLAVOR + "/libdjl_torch.so")) {
            assertTrue(in != null, "DJL's JNI jar carries the " + CudaNatives.FLAVOR + " library");
        }
    }

    @Test
    void unpacksTheListedLibrariesAndLinksTheCudaRuntime() throws IOException {
        Path jar = installFakeJar(List.of("libtorch.so", "libtorch_cuda.so", "libcudart-9335f6a2.so.12"));
        Path dir = CudaNatives.unpack(jar, m2.resolve("cache"));
        assertTrue(Files.isRegularFile(dir.resolve("libtorch_cuda.so")));
        assertEquals(Path.of("libcudart-9335f6a2.so.12"), Files.readSymbolicLink(dir.resolve("libcudart.so")));
        assertEquals(dir, CudaNatives.unpack(jar, m2.resolve("cache")), "unpacked once");
    }

    @Test
    void refusesAJarOfAnotherFlavour() throws IOException {
        Path jar = m2.resolve("other.jar");
        writeJar(jar, "cu121", List.of("libtorch.so"));
        IOException e = assertThrows(IOException.class, () -> CudaNatives.unpack(jar, m2.resolve("cache")));
        assertTrue(e.getMessage().contains("cu121"), e.getMessage());
    }

    Path installFakeJar(List<String> libraries) throws IOException {
        Path jar = CudaNatives.jar(m2);
        Files.createDirectories(jar.getParent());
        writeJar(jar, "cu124", libraries);
        return jar;
    }

    /** A jar laid out as DJL's native jars are: properties, then pytorch/FLAVOR/linux-x86_64/LIB (text, not libraries). */
    public static void writeJar(Path jar, String flavor, List<String> libraries) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("native/lib/pytorch.properties"));
            zip.write(("version=2.5.1-20241113\nflavor=" + flavor + "\nclassifier=linux-x86_64\nlibraries="
                    + String.join(",", libraries) + "\n").getBytes(StandardCharsets.UTF_8));
            for (String lib : libraries) {
                zip.putNextEntry(new ZipEntry("pytorch/" + flavor + "/linux-x86_64/" + lib));
                zip.write(lib.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
