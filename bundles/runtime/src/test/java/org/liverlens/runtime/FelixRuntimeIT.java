package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.liverlens.runtime.Reflective.call;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.swing.JComponent;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.liverlens.core.TestData;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

/**
 * Starts the assembled Felix runtime (target/liverlens/felix) and uses the LiverLens services the
 * way the viewer will. This JVM's class path holds neither LiverLens nor PixelMed (the failsafe
 * configuration leaves compile dependencies out), as in the viewer, whose class path is the
 * framework and the launcher. The plain class path the results are compared with is the CLI's
 * target/liverlens/lib, in a class loader of its own. Objects of either class space are called
 * reflectively and only JDK types (Path, List, Optional, short[]) cross over.
 */
class FelixRuntimeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String SERIES_SERVICE = "org.liverlens.core.service.SeriesService";
    private static final String VIEWER_TOOL = "org.liverlens.ui.ViewerTool";
    private static final Set<String> EXPECTED_BUNDLES = Set.of(
            "org.apache.felix.scr", "org.osgi.service.component", "org.osgi.util.promise", "org.osgi.util.function",
            "org.liverlens.pixelmed", "org.liverlens.imglib2", "org.liverlens.flatlaf", "org.liverlens.djl",
            "picocli", "com.fasterxml.jackson.core.jackson-annotations", "com.fasterxml.jackson.core.jackson-core",
            "com.fasterxml.jackson.core.jackson-databind",
            "org.liverlens.core", "org.liverlens.ui");

    private static FelixRuntime runtime;
    private static URLClassLoader cliClassPath;

    @BeforeAll
    static void startRuntime() throws Exception {
        runtime = FelixRuntime.start(dist().resolve("felix"));
        cliClassPath = CliLib.classLoader();
    }

    @AfterAll
    static void stopRuntime() throws Exception {
        if (runtime != null) {
            runtime.stop();
        }
        if (cliClassPath != null) {
            cliClassPath.close();
        }
    }

    private static Path dist() {
        return CliLib.dist();
    }

    @Test
    void thisJvmDoesNotSeeLiverLensOrPixelMedOnItsClassPath() {
        for (String name : List.of("org.liverlens.core.service.SeriesService", "com.pixelmed.dicom.AttributeList",
                "com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
        }
    }

    @Test
    void everyAssembledBundleIsActive() {
        Set<String> names = new TreeSet<>();
        List<String> notActive = new ArrayList<>();
        for (Bundle b : runtime.bundles()) {
            names.add(b.getSymbolicName());
            if (b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion() + ": " + runtime.problem(b));
            }
        }
        assertEquals(List.of(), notActive, "bundles that are not ACTIVE");
        assertEquals(new TreeSet<>(EXPECTED_BUNDLES), names, "bundles in " + dist().resolve("felix/bundle"));
    }

    @Test
    void ctSeriesLoadsThroughTheOsgiServiceAsOnThePlainClassPath() throws Exception {
        Path folder = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm");
        Object service = runtime.getService(SERIES_SERVICE, TIMEOUT);
        assertInstanceOf(BundleReference.class, service.getClass().getClassLoader(), "service class from a bundle");

        VoxelSummary inOsgi = load(service, service, folder);
        assertEquals(512, inOsgi.columns());
        assertEquals(512, inOsgi.rows());
        assertEquals(44, inOsgi.slices());
        assertEquals(64, inOsgi.hu(153, 322, 32));
        assertEquals(-1024, inOsgi.hu(0, 0, 0));

        Object scanner = cliClassPath.loadClass("org.liverlens.core.dicom.DicomScanner").getConstructor().newInstance();
        Object loader = cliClassPath.loadClass("org.liverlens.core.dicom.VolumeLoader").getConstructor().newInstance();
        assertEquals(load(scanner, loader, folder), inOsgi, "the same folder loaded on the CLI's class path");
    }

    @Test
    void jpeg2000SeriesDecodesWithTheCodecOfTheWrappedBundle() throws Exception {
        Object service = runtime.getService(SERIES_SERVICE, TIMEOUT);
        // ImageIO has one registry per JVM: the comparison on the CLI's class path may have registered
        // its own copies of the readers. They are removed, so what decodes below can only be the
        // reader of the org.liverlens.pixelmed bundle (PixelMed's rescan for plug-ins cannot bring
        // them back: it searches the system class path, which holds no codec).
        removeReadersNotFromBundles();

        VoxelSummary v = load(service, service, TestData.path("totalsegmentator/tests/reference_files/example_ct_dicom"));
        assertEquals(20, v.slices());
        assertEquals(94, v.hu(256, 256, 19));

        List<String> j2kReaders = new ArrayList<>();
        Iterator<ImageReaderSpi> readers = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class,
                spi -> spi.getClass().getName().equals("com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi"), false);
        readers.forEachRemaining(spi -> j2kReaders.add(origin(spi.getClass())));
        assertEquals(List.of("org.liverlens.pixelmed"), j2kReaders, "JPEG 2000 readers registered, by origin");
    }

    @Test
    void seriesBrowserToolIsRegisteredExactlyWhileTheSeriesServiceIs() throws Exception {
        Object tool = runtime.getService(VIEWER_TOOL, TIMEOUT);
        assertEquals("Series", call(tool, "name"));
        // Building the panel is Swing, but plain components need no display.
        assertInstanceOf(JComponent.class, call(tool, "createPanel"));

        Bundle core = runtime.bundle("org.liverlens.core");
        try {
            core.stop();
            awaitTrue(() -> !runtime.hasService(VIEWER_TOOL),
                    "the tool is withdrawn when the series service goes");
        } finally {
            core.start();
        }
        awaitTrue(() -> runtime.hasService(VIEWER_TOOL),
                "the tool comes back with the series service");
    }

    /** Dimensions, a checksum of every voxel and the voxels themselves, for point checks. */
    record VoxelSummary(int columns, int rows, int slices, long checksum, List<short[]> voxelSlices) {
        short hu(int i, int j, int k) {
            return voxelSlices.get(k)[j * columns + i];
        }

        static VoxelSummary of(int columns, int rows, List<short[]> slices) {
            long checksum = 1;
            for (short[] slice : slices) {
                for (short v : slice) {
                    checksum = 31 * checksum + v;
                }
            }
            return new VoxelSummary(columns, rows, slices.size(), checksum, slices);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VoxelSummary s && s.columns == columns && s.rows == rows && s.slices == slices
                    && s.checksum == checksum;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(checksum);
        }

        @Override
        public String toString() {
            return columns + "x" + rows + "x" + slices + " voxels, checksum " + checksum;
        }
    }

    /**
     * Scans {@code folder}, expects one series and loads its primary stack, through objects of one
     * class space: the OSGi service (scanner and loader at once) or DicomScanner and VolumeLoader.
     */
    private static VoxelSummary load(Object scanner, Object loader, Path folder) throws Exception {
        ClassLoader space = scanner.getClass().getClassLoader();
        Object progressNone = space.loadClass("org.liverlens.core.work.Progress").getField("NONE").get(null);
        Object cancelNone = space.loadClass("org.liverlens.core.work.Cancellation").getField("NONE").get(null);
        Object strict = space.loadClass("org.liverlens.core.dicom.LoadOptions").getField("STRICT").get(null);

        Object scan = call(scanner, "scan", folder, progressNone, cancelNone);
        List<?> series = (List<?>) call(scan, "series");
        assertEquals(1, series.size(), "series under " + folder);
        Object stack = ((Optional<?>) call(series.get(0), "primaryStack")).orElseThrow();
        Object loaded = call(loader, "load", stack, strict, progressNone, cancelNone);
        Object volume = call(loaded, "volume");
        Object geometry = call(volume, "geometry");
        int slices = (Integer) call(geometry, "slices");
        List<short[]> voxels = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            voxels.add((short[]) call(volume, "slice", k));
        }
        return VoxelSummary.of((Integer) call(geometry, "columns"), (Integer) call(geometry, "rows"), voxels);
    }

    private static void removeReadersNotFromBundles() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        List<ImageReaderSpi> foreign = new ArrayList<>();
        registry.getServiceProviders(ImageReaderSpi.class, spi -> {
            String name = spi.getClass().getName();
            return (name.startsWith("com.github.jaiimageio.") || name.startsWith("com.pixelmed."))
                    && !(spi.getClass().getClassLoader() instanceof BundleReference);
        }, false).forEachRemaining(foreign::add);
        foreign.forEach(registry::deregisterServiceProvider);
    }

    private static String origin(Class<?> type) {
        return type.getClassLoader() instanceof BundleReference ref
                ? ref.getBundle().getSymbolicName()
                : String.valueOf(type.getClassLoader());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out: " + what);
            }
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
