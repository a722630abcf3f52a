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
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

/**
 * The shipped model through the OSGi {@code SegmentationService} gives the same labels, voxel for
 * voxel, as {@code liverlens segment} on the CLI's class path, on a small synthetic CT.
 *
 * <p>The CLI runs in a child JVM: DJL's natives load once per JVM and stay bound to the class loader
 * that loaded them, so the bundle in this JVM's Felix framework and a second copy of DJL on the CLI's
 * class path cannot both run here. This JVM's class path holds neither DJL nor LiverLens; the service
 * is called with this thread's context class loader left as it is (the application loader, which
 * does not see DJL), so the test also proves that the component sets the context loader DJL needs.
 * The CLI's SEG is read back in a class loader over {@code lib/} (reading a SEG does not touch DJL).
 */
class FelixSegmentationIT {
    private static final String SEGMENTATION_SERVICE = "org.liverlens.core.service.SegmentationService";
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);
    /** Labels of the service's result (Segmenter.LIVER, Segmenter.TUMOUR). */
    private static final short LIVER = 1;
    private static final short TUMOUR = 2;

    @TempDir
    Path tmp;

    @Test
    void defaultModelGivesTheSameLabelsThroughTheOsgiServiceAsThroughTheCli() throws Exception {
        long t0 = System.nanoTime();
        Path ct = tmp.resolve("case");
        CliLib.Run generated = CliLib.run(CLI_TIMEOUT, "org.liverlens.testdicom.GenerateMain", "--seed", "777001",
                "--size", "128x128x28", "--spacing", "3,5", "--lesions", "1", "--lesion-size", "30,40", "--threads", "2",
                "-o", ct.toString());
        assertEquals(0, generated.exitCode(), generated.output());
        double truthLiverMl = liverMlInView(generated.output());
        Path ctDir = ct.resolve("ct");
        long t1 = System.nanoTime();

        Path out = tmp.resolve("cli");
        CliLib.Run cli = CliLib.run(CLI_TIMEOUT, "org.liverlens.core.cli.Main", "--quiet", "segment", ctDir.toString(),
                "-o", out.toString());
        assertEquals(0, cli.exitCode(), cli.output());
        long t2 = System.nanoTime();

        List<short[]> inOsgi;
        List<String> notices = new ArrayList<>();
        try (FelixRuntime runtime = FelixRuntime.start(CliLib.dist().resolve("felix"))) {
            Bundle djl = runtime.bundle("org.liverlens.djl");
            assertEquals(Bundle.ACTIVE, djl.getState(), runtime.problem(djl));
            Object service = runtime.getService(SEGMENTATION_SERVICE, Duration.ofSeconds(20));
            assertInstanceOf(BundleReference.class, service.getClass().getClassLoader(), "service class from a bundle");
            inOsgi = segmentInOsgi(service, ctDir, notices::add);
        }
        long t3 = System.nanoTime();

        List<short[]> onCli;
        try (URLClassLoader cliClassPath = CliLib.classLoader()) {
            onCli = labelsOfCliSeg(cliClassPath, ctDir, out.resolve("seg.dcm"));
        }
        long t4 = System.nanoTime();

        assertEquals(28, inOsgi.size(), "slices");
        assertEquals(onCli.size(), inOsgi.size(), "slices");
        for (int k = 0; k < inOsgi.size(); k++) {
            assertArrayEquals(onCli.get(k), inOsgi.get(k), "labels of slice " + k + " (OSGi service vs CLI SEG)");
        }
        long liver = count(inOsgi, LIVER);
        long tumour = count(inOsgi, TUMOUR);
        double voxelMl = 3 * 3 * 5 / 1000.0;
        double liverMl = (liver + tumour) * voxelMl;
        System.out.printf(Locale.ROOT, "liver %.1f mL (truth %.1f mL in view), tumour %.1f mL; notices %s%n", liverMl,
                truthLiverMl, tumour * voxelMl, notices);
        System.out.printf(Locale.ROOT, "generate %.1f s, CLI segment (child JVM) %.1f s, Felix start + service %.1f s, "
                + "reading the SEG %.1f s, total %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
                (t4 - t3) / 1e9, (t4 - t0) / 1e9);
        assertTrue(Math.abs(liverMl - truthLiverMl) < 0.15 * truthLiverMl,
                String.format(Locale.ROOT, "the liver is found: %.1f mL segmented, %.1f mL in view", liverMl, truthLiverMl));
        assertTrue(tumour > 0, "the lesion is found");
    }

    /** The service's labels for the CT under {@code ctDir}, default model and device, one array a slice. */
    private static List<short[]> segmentInOsgi(Object service, Path ctDir, Consumer<String> notices) throws Exception {
        ClassLoader space = service.getClass().getClassLoader();
        Class<?> device = space.loadClass("org.liverlens.core.segment.Device");
        Object auto = callStatic(device, "valueOf", "AUTO");
        Object options = space.loadClass("org.liverlens.core.segment.SegmenterOptions")
                .getConstructor(String.class, device, boolean.class, Consumer.class)
                .newInstance(null, auto, false, notices);
        Object strict = space.loadClass("org.liverlens.core.dicom.LoadOptions").getField("STRICT").get(null);
        Object progressNone = space.loadClass("org.liverlens.core.work.Progress").getField("NONE").get(null);
        Object cancelNone = space.loadClass("org.liverlens.core.work.Cancellation").getField("NONE").get(null);

        Object result = call(service, "segment", ctDir, null, strict, options, progressNone, cancelNone);
        System.out.println("OSGi service stages (s): " + (Map<?, ?>) call(result, "stageSeconds"));
        Object labels = call(result, "labels");
        int slices = (Integer) call(call(labels, "geometry"), "slices");
        List<short[]> out = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            out.add(((short[]) call(labels, "slice", k)).clone());
        }
        return out;
    }

    /**
     * The labels of the SEG {@code liverlens segment} wrote, on the CT grid: segment 1 is the liver
     * without its lesions, segments 2... are the lesions (LiverLesionSegments), so liver = 1 and every
     * lesion = 2 gives back the segmenter's labels.
     */
    private static List<short[]> labelsOfCliSeg(ClassLoader space, Path ctDir, Path segFile) throws Exception {
        Object progressNone = space.loadClass("org.liverlens.core.work.Progress").getField("NONE").get(null);
        Object cancelNone = space.loadClass("org.liverlens.core.work.Cancellation").getField("NONE").get(null);
        Object scan = call(space.loadClass("org.liverlens.core.dicom.DicomScanner").getConstructor().newInstance(),
                "scan", ctDir, progressNone, cancelNone);
        Object stack = callStatic(space.loadClass("org.liverlens.core.dicom.CtSeries"), "choose", scan, null, ctDir);
        Object reader = space.loadClass("org.liverlens.core.seg.SegReader").getConstructor().newInstance();
        Object seg = call(reader, "read", segFile);
        Object set = call(call(reader, "mapOnto", seg, stack), "segments");
        Object geometry = call(set, "geometry");
        int slices = (Integer) call(geometry, "slices");
        int plane = (Integer) call(geometry, "columns") * (Integer) call(geometry, "rows");
        List<short[]> labels = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            labels.add(new short[plane]);
        }
        for (Object segment : (List<?>) call(set, "segments")) {
            int number = (Integer) call(segment, "number");
            short value = number == 1 ? LIVER : TUMOUR;
            Object mask = call(set, "mask", number);
            for (int k = 0; k < slices; k++) {
                long[] words = (long[]) call(mask, "words", k);
                short[] s = labels.get(k);
                for (int p = 0; p < plane; p++) {
                    if ((words[p >>> 6] & (1L << (p & 63))) != 0) {
                        s[p] = value;
                    }
                }
            }
        }
        return labels;
    }

    private static double liverMlInView(String generatorOutput) {
        Matcher m = Pattern.compile("liver ([0-9.]+) mL in view").matcher(generatorOutput);
        assertTrue(m.find(), generatorOutput);
        return Double.parseDouble(m.group(1));
    }

    private static long count(List<short[]> slices, short label) {
        long n = 0;
        for (short[] s : slices) {
            for (short v : s) {
                if (v == label) {
                    n++;
                }
            }
        }
        return n;
    }
}
