package org.liverlens.testdicom.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.segment.DefaultModel;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.work.UserHome;

/**
 * {@code liverlens train --fine-tune --case DIR}: a few steps from the shipped model on a labelled
 * real case (dcmqi's 3-slice CT with its liver SEG) give a package that says it is for local use,
 * names its base and its case, verifies, and segments through {@code segment --model}. Bad
 * invocations are usage errors or clear refusals.
 */
class FineTuneCommandTest {
    @TempDir
    Path tmp;

    private Path dcmqiCase() throws Exception {
        Path seg = TestData.path("dcmqi/data/segmentations");
        return TestData.linkedFolder(tmp.resolve("my-case"), List.of(seg.resolve("ct-3slice")), seg.resolve("liver.dcm"));
    }

    @Test
    void fineTuningWritesALocalPackageThatSegments() throws Exception {
        Path caseDir = dcmqiCase();
        Path pkg = tmp.resolve("tuned");
        CliRun.Result r = CliRun.run(null, "train", "--fine-tune", "--case", caseDir.toString(), "-o", pkg.toString(),
                "--steps", "2", "--batch", "8", "--crop", "128", "--synthetic", "1", "--checkpoints",
                tmp.resolve("ck").toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("fine-tuning from " + DefaultModel.NAME + " 2.0.0"), r.out());
        assertTrue(r.out().contains("local case: " + caseDir), r.out());
        // Training starts from the base's weights: its first loss is that of a trained network (a
        // freshly initialised one starts above 2: cross-entropy ln 3 plus two soft-Dice terms near 1).
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("step 1/2 loss ([0-9.]+)").matcher(r.out());
        assertTrue(first.find(), r.out());
        double firstLoss = Double.parseDouble(first.group(1));
        assertTrue(firstLoss < 1.0, "first loss " + firstLoss + " is not that of the base model");

        JsonNode json = new ObjectMapper().readTree(pkg.resolve("model.json").toFile());
        assertEquals(DefaultModel.NAME + "-local", json.get("name").asText());
        assertTrue(json.get("licence").asText().startsWith("LOCAL USE ONLY"), json.get("licence").asText());
        String baseSha = ModelPackage.defaultModel(UserHome.fromEnvironment()).spec().info().sha256();
        assertTrue(json.get("trainingData").get("fineTunedFrom").asText().contains(baseSha), json.toString());
        assertEquals(2, json.get("trainingData").get("recipe").get("steps").asInt());
        // The optimiser really changed the weights.
        assertNotEquals(baseSha, ModelPackage.sha256(pkg.resolve(DefaultModel.WEIGHTS)));

        assertEquals(0, CliRun.run(null, "models", "verify", pkg.toString()).exitCode());
        Path out = tmp.resolve("out");
        CliRun.Result seg = CliRun.run(null, "segment", caseDir.toString(), "-o", out.toString(), "--model",
                pkg.toString(), "--device", "cpu");
        assertEquals(0, seg.exitCode(), seg.out() + seg.err());
        assertTrue(seg.out().contains("model:    " + DefaultModel.NAME + "-local 1.0.0"), seg.out());
    }

    @Test
    void fineTuneWithoutCaseIsAUsageErrorAndACaseWithoutSegIsRefused() throws Exception {
        CliRun.Result noCase = CliRun.run(null, "train", "--fine-tune", "-o", tmp.resolve("x").toString());
        assertEquals(2, noCase.exitCode(), noCase.err());
        assertTrue(noCase.err().contains("--fine-tune needs at least one --case DIR"), noCase.err());

        Path ctOnly = Files.createDirectories(tmp.resolve("ct-only"));
        Files.createSymbolicLink(ctOnly.resolve("a.dcm"), TestData.path("pydicom-data/CT_small.dcm"));
        CliRun.Result noSeg = CliRun.run(null, "train", "--fine-tune", "--case", ctOnly.toString(), "-o",
                tmp.resolve("y").toString(), "--steps", "1", "--synthetic", "1");
        assertEquals(3, noSeg.exitCode(), noSeg.err());
        assertTrue(noSeg.err().contains("no DICOM SEG under this case folder"), noSeg.err());
    }
}
