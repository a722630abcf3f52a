package org.liverlens.testdicom.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.cli.CliRun;

/**
 * {@code liverlens models evaluate PKG PKG}: two packages segment the same synthetic case in one run,
 * side by side in the printed table and in the JSON, with the lesion-level figures of each.
 */
class ModelsEvaluateTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(900)
    void twoPackagesAreScoredSideBySideOnTheSameCase() throws Exception {
        Path json = tmp.resolve("evaluation.json");
        // seed 900003: 423² × 54 slices, a small evaluation case
        CliRun.Result r = CliRun.run(null, "models", "evaluate", "default", "default", "--synthetic", "1", "--seed",
                "900003", "--no-real", "--device", "cpu", "--json", json.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("| synthetic (1 cases; 1 with a tumour reference) | liverlens-liver-unet2.5d 2.0.0 "
                + "| liverlens-liver-unet2.5d 2.0.0 #2 |"), r.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, root.get("models").size());
        JsonNode scores = root.get("cases").get(0).get("scores");
        assertEquals(2, scores.size());
        // the same package gives the same figures in both columns
        assertEquals(scores.get(0).get("liverDice").asDouble(), scores.get(1).get("liverDice").asDouble(), 1e-12);
        assertEquals(scores.get(0).get("referenceLesions"), scores.get(1).get("referenceLesions"));
        assertTrue(scores.get(0).get("referenceLesions").size() > 0, scores.toString());
        assertTrue(root.get("summary").get("synthetic").has("liverlens-liver-unet2.5d 2.0.0 #2"), root.toString());
    }
}
