package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liverlens.runtime.Reflective.call;
import static org.liverlens.runtime.Reflective.callStatic;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.osgi.framework.BundleReference;

/**
 * The {@code PromptService} DS component in the real Felix runtime of {@code felix/}: a click on a
 * real lesion (radcttaceomics 1720, lesion 2, with the manual liver) gives the same mask, voxel for
 * voxel, as {@code liverlens prompt} on the CLI's class path (a child JVM), and a negative click
 * through the service takes part of it away.
 */
class FelixPromptServiceIT {
    private static final String PROMPT_SERVICE = "org.liverlens.core.service.PromptService";
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);
    private static final int[] CLICK = {120, 309, 30};

    @Test
    void clickOnALesionGivesTheSameMaskThroughTheOsgiServiceAsThroughTheCli(@TempDir Path tmp) throws Exception {
        Path kase = TestData.path("radcttaceomics/1720");
        Path ctDir = kase.resolve("31_EQP_Ax5.00mm");
        Path liverSeg = kase.resolve("31_EQP_Ax5.00mm_ManualROI_Liver.dcm");
        Path out = tmp.resolve("cli");
        CliLib.Run cli = CliLib.run(CLI_TIMEOUT, "org.liverlens.core.cli.Main", "--quiet", "prompt", ctDir.toString(),
                "--point", CLICK[0] + "," + CLICK[1] + "," + CLICK[2], "--seg", liverSeg.toString(), "-o", out.toString());
        assertEquals(0, cli.exitCode(), cli.output());

        List<long[]> inOsgi;
        long afterNegative;
        try (FelixRuntime runtime = FelixRuntime.start(CliLib.dist().resolve("felix"))) {
            Object service = runtime.getService(PROMPT_SERVICE, Duration.ofSeconds(20));
            assertInstanceOf(BundleReference.class, service.getClass().getClassLoader(), "service class from a bundle");
            ClassLoader space = service.getClass().getClassLoader();
            Object loaded = load(space, ctDir);
            Object ct = call(loaded, "volume");
            Object liver = mask(space, call(loaded, "stack"), liverSeg, 1);
            Class<?> promptType = space.loadClass("org.liverlens.core.prompt.Prompt");
            Object prompt = callStatic(promptType, "click", CLICK[0], CLICK[1], CLICK[2]);

            Object result = call(service, "segment", ct, liver, prompt);
            Object mask = call(result, "mask");
            double confidence = (Double) call(result, "confidence");
            assertTrue(confidence > 0, "confidence " + confidence + ", reason " + call(result, "reason"));
            inOsgi = words(mask);

            Object click = space.loadClass("org.liverlens.core.prompt.Prompt$Click")
                    .getConstructor(int.class, int.class, int.class).newInstance(CLICK[0], CLICK[1], CLICK[2]);
            Object corrected = call(service, "correct", ct, liver, mask, click, false);
            afterNegative = (Long) call(call(corrected, "mask"), "count");
        }

        List<long[]> onCli;
        try (URLClassLoader cliClassPath = CliLib.classLoader()) {
            Object scan = call(cliClassPath.loadClass("org.liverlens.core.dicom.DicomScanner").getConstructor().newInstance(),
                    "scan", ctDir, none(cliClassPath, "Progress"), none(cliClassPath, "Cancellation"));
            Object stack = callStatic(cliClassPath.loadClass("org.liverlens.core.dicom.CtSeries"), "choose", scan, null,
                    ctDir);
            // segment 1 is the input's liver, segment 2 the prompted lesion
            onCli = words(mask(cliClassPath, stack, out.resolve("seg.dcm"), 2));
        }

        long voxels = 0;
        assertEquals(onCli.size(), inOsgi.size(), "slices");
        for (int k = 0; k < inOsgi.size(); k++) {
            assertArrayEquals(onCli.get(k), inOsgi.get(k), "mask of slice " + k + " (OSGi service vs CLI SEG)");
            for (long w : inOsgi.get(k)) {
                voxels += Long.bitCount(w);
            }
        }
        assertTrue(voxels > 1000, "the lesion is found: " + voxels + " voxels");
        assertTrue(afterNegative < voxels, "a negative click on the lesion removes part of it: " + voxels + " -> "
                + afterNegative);
    }

    private static Object none(ClassLoader space, String type) throws Exception {
        return space.loadClass("org.liverlens.core.work." + type).getField("NONE").get(null);
    }

    /** CtSeries.load(dir, null, STRICT, NONE, NONE) in that class space. */
    private static Object load(ClassLoader space, Path dir) throws Exception {
        Class<?> options = space.loadClass("org.liverlens.core.dicom.LoadOptions");
        return space.loadClass("org.liverlens.core.dicom.CtSeries").getMethod("load", Path.class, String.class, options,
                space.loadClass("org.liverlens.core.work.Progress"), space.loadClass("org.liverlens.core.work.Cancellation"))
                .invoke(null, dir, null, options.getField("STRICT").get(null), none(space, "Progress"),
                        none(space, "Cancellation"));
    }

    /** Segment {@code number} of the SEG file, mapped onto the stack, as a BitMask of that class space. */
    private static Object mask(ClassLoader space, Object stack, Path seg, int number) throws Exception {
        Object reader = space.loadClass("org.liverlens.core.seg.SegReader").getConstructor().newInstance();
        Object doc = call(reader, "read", seg);
        Object mapping = reader.getClass().getMethod("mapOnto", doc.getClass(), stack.getClass()).invoke(reader, doc, stack);
        return call(call(mapping, "segments"), "mask", number);
    }

    private static List<long[]> words(Object mask) throws Exception {
        int slices = (Integer) call(call(mask, "geometry"), "slices");
        List<long[]> out = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            out.add(((long[]) call(mask, "words", k)).clone());
        }
        return out;
    }
}
