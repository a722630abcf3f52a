package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.liverlens.core.TestData;

/** The plain class path of ./liverlens (target/liverlens/lib): each class once, and the CLI runs from it. */
class CliClassPathIT {

    private static Path lib() {
        return CliLib.lib();
    }

    @Test
    void noClassIsInTwoJars() throws IOException {
        Map<String, List<String>> jarsByClass = new TreeMap<>();
        try (Stream<Path> jars = Files.list(lib())) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    Enumeration<? extends ZipEntry> entries = zip.entries();
                    while (entries.hasMoreElements()) {
                        String name = entries.nextElement().getName();
                        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                            jarsByClass.computeIfAbsent(name, n -> new ArrayList<>()).add(jar.getFileName().toString());
                        }
                    }
                }
            }
        }
        assertTrue(jarsByClass.size() > 1000, "classes found in " + lib());
        Map<String, List<String>> duplicates = new TreeMap<>();
        jarsByClass.forEach((name, jars) -> {
            if (jars.size() > 1) {
                duplicates.put(name, jars);
            }
        });
        assertEquals(Map.of(), duplicates, "classes in more than one jar of " + lib()
                + " (a stale build output? run mvn clean)");
    }

    @Test
    void infoCommandRunsFromTheAssembledLib() throws Exception {
        Path series = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm");
        CliLib.Run run = CliLib.run(Duration.ofSeconds(60), "org.liverlens.core.cli.Main", "info", series.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("44 slice(s) of 512×512"), run.output());
    }
}
