package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;

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

    /**
     * A tool is offered only while the service it needs is there (the Weasis manner): with one prompt
     * component disabled the lesion tool stays (the other method serves it); with both disabled it is
     * withdrawn and no other tool; enabling them brings it back.
     */
    @Test
    void theLesionToolIsWithdrawnWhileThePromptServiceIsGoneAndComesBackWithIt() throws Exception {
        String lesionTool = "org.liverlens.ui.tools.LesionTool";
        try (FelixRuntime runtime = FelixRuntime.start(FELIX)) {
            runtime.getService(VIEWER_TOOL, Duration.ofSeconds(20));
            awaitTools(runtime, names -> names.contains(lesionTool), "the lesion tool is registered");
            List<String> all = toolNames(runtime);
            Object scr = runtime.getService(SCR, Duration.ofSeconds(20));
            Class<?> api = scr.getClass().getClassLoader().loadClass(SCR);
            Bundle core = runtime.bundle("org.liverlens.core");
            Method describe = api.getMethod("getComponentDescriptionDTO", Bundle.class, String.class);
            Object classical = describe.invoke(scr, core, "org.liverlens.core.service.ClassicalPromptService");
            Object learned = describe.invoke(scr, core, "org.liverlens.core.service.LearnedPromptService");
            assertTrue(classical != null && learned != null, "both prompt components are declared");
            Method disable = method(api, "disableComponent");
            Method enable = method(api, "enableComponent");
            disable.invoke(scr, classical);
            for (int i = 0; i < 200 && promptServices(runtime) != 1; i++) {
                Thread.sleep(50);
            }
            assertEquals(1, promptServices(runtime), "only the learned prompt service is left");
            awaitTools(runtime, names -> names.contains(lesionTool), "the learned prompt service keeps the lesion tool");
            disable.invoke(scr, learned);
            awaitTools(runtime, names -> !names.contains(lesionTool), "the lesion tool goes with the prompt services");
            List<String> rest = new ArrayList<>(all);
            rest.remove(lesionTool);
            assertEquals(rest.stream().sorted().toList(), toolNames(runtime).stream().sorted().toList(),
                    "the other tools stay");
            enable.invoke(scr, classical);
            enable.invoke(scr, learned);
            awaitTools(runtime, names -> names.contains(lesionTool), "the lesion tool comes back with the services");
        }
    }

    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    private static Method method(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(type + " has no " + name);
    }

    private static List<String> toolNames(FelixRuntime runtime) throws Exception {
        ServiceReference<?>[] refs = runtime.context().getAllServiceReferences(VIEWER_TOOL, null);
        List<String> names = new ArrayList<>();
        for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
            names.add(String.valueOf(r.getProperty("component.name")));
        }
        return names;
    }

    /** Waits (bounded) until the registered tools satisfy {@code condition}. */
    private static int promptServices(FelixRuntime runtime) throws Exception {
        ServiceReference<?>[] refs = runtime.context().getAllServiceReferences(
                "org.liverlens.core.service.PromptService", null);
        return refs == null ? 0 : refs.length;
    }

    private static void awaitTools(FelixRuntime runtime, Predicate<List<String>> condition, String what)
            throws Exception {
        for (int i = 0; i < 200; i++) {
            if (condition.test(toolNames(runtime))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + ": tools now " + toolNames(runtime));
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
