package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The product bundle holds only the product: no benchmark, peer harness or evaluation code with
 * test-data paths in org.liverlens.core, and no tools jar in the Felix runtime. They live in the
 * tools module, a plain jar on the CLI class path (lib/), where {@code bench} is found through
 * ServiceLoader.
 */
class ProductBundleIT {

    /** The org.liverlens.core jars: as built (plugin-core/target) and as installed into felix/bundle. */
    private static List<Path> coreBundleJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path folder : List.of(Path.of("..", "..", "plugin-core", "target"), CliLib.dist().resolve("felix/bundle"))) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(p -> p.getFileName().toString().matches("plugin-core-[^/]*(?<!-tests)\\.jar")).forEach(jars::add);
            }
        }
        assertEquals(2, jars.size(), "plugin-core jars found: " + jars);
        return jars;
    }

    @Test
    void coreBundleHoldsNoBenchmarkOrHarness() throws IOException {
        for (Path jar : coreBundleJars()) {
            List<String> found = new ArrayList<>();
            try (JarFile zip = new JarFile(jar.toFile())) {
                Manifest manifest = zip.getManifest();
                assertEquals("org.liverlens.core", manifest.getMainAttributes().getValue("Bundle-SymbolicName"), jar.toString());
                zip.stream().map(e -> e.getName()).filter(name -> {
                    String file = name.substring(name.lastIndexOf('/') + 1);
                    return file.startsWith("Bench")
                            || file.startsWith("LocalOrthanc") || file.startsWith("RealCases") || file.endsWith(".py")
                            || name.startsWith("org/liverlens/tools/");
                }).forEach(found::add);
                String imports = manifest.getMainAttributes().getValue("Import-Package");
                assertFalse(imports.contains("org.liverlens.tools"), "the core imports nothing of the tools: " + imports);
            }
            assertEquals(List.of(), found, "benchmark or harness entries in " + jar);
        }
    }

    @Test
    void felixRuntimeHoldsNoToolsJar() throws IOException {
        try (Stream<Path> files = Files.walk(CliLib.dist().resolve("felix"))) {
            List<String> tools = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("tools-")).toList();
            assertEquals(List.of(), tools, "tools jars under " + CliLib.dist().resolve("felix"));
        }
    }

    @Test
    void benchRunsFromTheToolsJarOnTheCliClassPath() throws Exception {
        try (Stream<Path> files = Files.list(CliLib.lib())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("tools-.*\\.jar")), "tools jar in " + CliLib.lib());
        }
        CliLib.Run run = CliLib.run(Duration.ofSeconds(60), "org.liverlens.core.cli.Main", "bench", "--help");
        assertEquals(0, run.exitCode(), run.output());
        for (String sub : List.of("load", "seg", "send", "segment")) {
            assertTrue(run.output().contains("\n  " + sub + " "), sub + " in\n" + run.output());
        }
    }
}
