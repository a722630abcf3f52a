package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.cli.DemoData;
import org.liverlens.core.work.Progress;

class DefaultDemoDataTest {

    @Test
    void demoDataIsFoundThroughTheServiceLoader() {
        DemoData d = ServiceLoader.load(DemoData.class).findFirst().orElseThrow();
        assertInstanceOf(DefaultDemoData.class, d);
    }

    @Test
    void defaultSeriesHasItsDocumentedShapeAndGroundTruthBesideIt(@TempDir Path tmp) throws Exception {
        AtomicLong units = new AtomicLong();
        Progress counting = new Progress() {
            @Override
            public void begin(String task, long totalUnits) {
            }

            @Override
            public void advance(long n) {
                units.addAndGet(n);
            }

            @Override
            public void end() {
            }
        };
        Path ct = tmp.resolve("demo/ct");
        String description = new DefaultDemoData().writeDefaultSeries(ct, counting);
        assertTrue(description.contains("seed 20261127") && description.contains("512×512×120"), description);
        assertTrue(description.lines().count() == 1, "one line: " + description);
        try (var files = Files.list(ct)) {
            assertEquals(120, files.count());
        }
        assertEquals(123, units.get(), "120 slices and three ground-truth files reported");
        JsonNode truth = new ObjectMapper().readTree(tmp.resolve("demo/ground-truth/truth.json").toFile());
        assertEquals(3, truth.get("lesions").size());
        int hypo = 0;
        for (JsonNode l : truth.get("lesions")) {
            double d = l.get("diameterMm").asDouble();
            assertTrue(d >= 10 && d <= 40, "demo lesion diameter " + d);
            hypo += "hypo".equals(l.get("type").asText()) ? 1 : 0;
        }
        assertEquals(2, hypo, "two hypodense lesions and one hyperdense");
        double liverMl = truth.get("liver").get("volumeMl").asDouble();
        assertTrue(liverMl > 1200 && liverMl < 1900, "liver volume " + liverMl + " mL");
        assertEquals("PORTAL_VENOUS", truth.get("params").get("phase").asText());
    }
}
