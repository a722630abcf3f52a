package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegReader;

/**
 * {@code liverlens segment --model PKG} through the real runtime (DJL, CPU) on a real 3-slice CT: the
 * command opens the package, runs it and writes its three files. The tiny network is untrained, so
 * only the machinery and the files' consistency are checked, not the labels.
 */
class SegmentCommandWithModelTest {

    @Test
    void segmentRunsAModelPackageOnARealCt(@TempDir Path tmp) throws Exception {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        Path out = tmp.resolve("out");
        CliRun.Result r = CliRun.run(null, "segment", TestData.path("dcmqi/data/segmentations/ct-3slice").toString(),
                "-o", out.toString(), "--model", pkg.toString(), "--device", "cpu");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("model:    tiny-test-model 0.0.1"), r.out());
        JsonNode f = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertEquals("tiny-test-model", f.get("model").get("name").asText());
        assertEquals(ModelPackage.sha256(pkg.resolve("tiny.params")), f.get("model").get("sha256").asText());
        SegDocument seg = new SegReader().read(out.resolve("seg.dcm"));
        assertEquals(1 + f.get("lesionCount").asInt(), seg.segments().size());
        assertEquals("tiny-test-model", seg.segments().get(0).algorithmName());
        assertTrue(Files.size(out.resolve("preview.png")) > 1_000);
    }

    @Test
    void missingModelPackageIsInvalidInput(@TempDir Path tmp) {
        CliRun.Result r = CliRun.run(null, "segment", TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm").toString(),
                "-o", tmp.resolve("out").toString(), "--model", tmp.resolve("nothing-here").toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("no model package"), r.err());
    }
}
