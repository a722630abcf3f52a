package org.liverlens.core.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;

/** The shipped learned edit model: its size and checksum, and what a broken build says. */
class InpaintNetworkTest {
    @Test
    void theShippedWeightsAreAtMostTenMegabytesAndMatchTheirModelJson(@TempDir Path tmp) throws Exception {
        Path weights = tmp.resolve(InpaintNetwork.WEIGHTS);
        try (InputStream in = getClass().getResourceAsStream(InpaintNetwork.RESOURCE_FOLDER + InpaintNetwork.WEIGHTS)) {
            Files.copy(in, weights);
        }
        JsonNode json;
        try (InputStream in = getClass().getResourceAsStream(InpaintNetwork.RESOURCE_FOLDER + InpaintNetwork.MODEL_JSON)) {
            json = new ObjectMapper().readTree(in);
        }
        assertTrue(Files.size(weights) <= 10_000_000, Files.size(weights) + " bytes");
        assertEquals(json.get("sha256").asText(), ModelPackage.sha256(weights));
        assertEquals(InpaintModel.FORMAT, json.get("format").asText());
    }

    @Test
    void weightsThatDoNotMatchTheirModelJsonAreAnInternalError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> InpaintNetwork.shipped("/org/liverlens/core/inpaint/tampered-model/"));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains("rebuild"), e.getMessage());
    }

    @Test
    void aBuildWithoutTheModelSaysHowToTrainOne() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> InpaintNetwork.shipped("/org/liverlens/core/inpaint/no-such-model/"));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.userMessage().contains("not part of this build") && e.userMessage().contains("train-edit"),
                e.userMessage());
    }
}
