package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * The viewer bundle in the real Felix runtime of {@code felix/}, headless (failsafe sets
 * java.awt.headless): every tool component the bundle declares is registered as a
 * {@code ViewerTool}, and the viewer application takes a launch request, renders the screenshot
 * and reports its exit code, as {@code liverlens view} has it do in a child JVM.
 */
class ViewerFelixIT {
    private static final String VIEWER_TOOL = "org.liverlens.ui.ViewerTool";
    private static final Path FELIX = CliLib.dist().resolve("felix");

    @Test
    void everyToolTheViewerBundleDeclaresIsRegistered() throws Exception {
        try (FelixRuntime runtime = FelixRuntime.start(FELIX)) {
            Bundle ui = runtime.bundle("org.liverlens.ui");
            List<String> declared = declaredTools(ui);
            assertTrue(!declared.isEmpty(), "the viewer bundle declares tools");
            runtime.getService(VIEWER_TOOL, Duration.ofSeconds(20));
            ServiceReference<?>[] registered = runtime.context().getAllServiceReferences(VIEWER_TOOL, null);
            List<String> names = new ArrayList<>();
            for (ServiceReference<?> r : registered) {
                names.add(String.valueOf(r.getProperty("component.name")));
            }
            assertEquals(declared.stream().sorted().toList(), names.stream().sorted().toList());
        }
    }

    @Test
    void theViewerTakesALaunchRequestWritesTheScreenshotAndReportsZero(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("viewer.png");
        Path kase = TestData.path("radcttaceomics/0697");
        int code = FelixRuntime.launch(FELIX, "view", new String[] {kase.resolve("31_EQP_Ax5.00mm").toString(),
            "--seg", kase.resolve("31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString(), "--screenshot", png.toString()});
        assertEquals(0, code);
        assertTrue(Files.size(png) > 10_000, "a PNG was written");
        assertEquals(1400, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void aFolderWithoutCtIsReportedWithExitCode3(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "not DICOM");
        int code = FelixRuntime.launch(FELIX, "view", new String[] {tmp.toString(), "--screenshot",
            tmp.resolve("x.png").toString()});
        assertEquals(3, code);
        assertTrue(Files.notExists(tmp.resolve("x.png")), "no screenshot of nothing");
    }

    /** The component names of the DS descriptors in the bundle that provide ViewerTool. */
    private static List<String> declaredTools(Bundle bundle) throws IOException {
        List<String> names = new ArrayList<>();
        Enumeration<URL> xml = bundle.findEntries("OSGI-INF", "*.xml", false);
        while (xml != null && xml.hasMoreElements()) {
            try (InputStream in = xml.nextElement().openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.contains("<provide interface=\"" + VIEWER_TOOL + "\"")) {
                    int at = text.indexOf("name=\"") + 6;
                    names.add(text.substring(at, text.indexOf('"', at)));
                }
            }
        }
        return names;
    }
}
