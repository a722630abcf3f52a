package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.InvalidInputException;

/**
 * A network whose output does not match what model.json says is refused instead of giving a
 * silently wrong segmentation: logits declared as probabilities, non-finite values.
 */
class NetworkOutputChecksTest {
    @TempDir
    Path tmp;

    @Test
    void logitsDeclaredAsProbabilitiesAreRefusedBySegment() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        ObjectNode j = (ObjectNode) new ObjectMapper().readTree(pkg.resolve("model.json").toFile());
        ((ObjectNode) j.get("network")).put("outputs", "probabilities"); // the tiny U-Net gives logits
        AtomicFiles.writeString(pkg.resolve("model.json"), DefaultModel.toText(j));
        Path out = tmp.resolve("out");
        CliRun.Result r = CliRun.run(null, "segment", TestData.path("dcmqi/data/segmentations/ct-3slice").toString(),
                "-o", out.toString(), "--model", pkg.toString(), "--device", "cpu");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("network.outputs says probabilities, but the 3 classes of a pixel sum to"), r.err());
        assertFalse(Files.exists(out.resolve("seg.dcm")));
    }

    @Test
    void aNonFiniteOutputIsRefusedNamingTheClass() {
        float[] out = {0.2f, 0.3f, 0.8f, Float.NaN};
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PatchNetwork.checkOutput(out, 2, 2, false, tmp.resolve("model.json")));
        assertTrue(e.getMessage().contains("holds NaN (class 1)"), e.getMessage());
    }

    @Test
    void probabilitiesThatSumToOneAreAccepted() {
        PatchNetwork.checkOutput(new float[] {0.25f, 1f, 0.75f, 0f}, 2, 2, true, tmp.resolve("model.json"));
    }
}
