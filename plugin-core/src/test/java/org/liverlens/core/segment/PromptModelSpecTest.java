package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.work.InvalidInputException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The learned promptable network's package format: what it reads, and what it refuses, naming the field. */
class PromptModelSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode valid(String sha) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"format": "liverlens-prompt-model/1", "name": "tiny-prompt", "version": "0.1.0",
                 "task": "one liver lesion from clicks or a box", "modality": "CT",
                 "input": {"cropVoxels": [96, 96, 32], "spacingMm": [1.0, 1.0, 2.5], "windowHu": [-160, 240],
                           "channels": ["image", "positive", "negative", "box"], "clickSigmaMm": 3},
                 "output": {"threshold": 0.5},
                 "network": {"architecture": "torchscript", "file": "model.pt"},
                 "files": {"model.pt": "%s"},
                 "licence": "CC BY 4.0 (trained on synthetic lesions)"}
                """.formatted(sha));
    }

    private static Path packageWith(Path dir, ObjectNode json) throws Exception {
        Files.writeString(dir.resolve("model.json"), JSON.writeValueAsString(json));
        return dir;
    }

    private static String weights(Path dir) throws Exception {
        Path pt = dir.resolve("model.pt");
        Files.write(pt, new byte[] {1, 2, 3, 4});
        return ModelPackage.sha256(pt);
    }

    @Test
    void aValidPackageIsReadWithItsCropSpacingAndWindow(@TempDir Path dir) throws Exception {
        PromptModelSpec s = PromptModelSpec.open(packageWith(dir, valid(weights(dir))));
        assertArrayEquals(new int[] {96, 96, 32}, s.cropVoxels());
        assertArrayEquals(new double[] {1, 1, 2.5}, s.spacingMm());
        assertArrayEquals(new double[] {-160, 240}, s.windowHu());
        assertEquals("model.pt", s.file());
    }

    @Test
    void aSegmentationPackageIsRefusedAsAPromptModelSayingWhatItIs(@TempDir Path dir) throws Exception {
        ObjectNode j = valid(weights(dir));
        j.put("format", ModelSpec.FORMAT);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("segment --model"), e.getMessage());
    }

    @Test
    void channelsInAnotherOrderAreRefused(@TempDir Path dir) throws Exception {
        ObjectNode j = valid(weights(dir));
        ArrayNode ch = ((ObjectNode) j.get("input")).putArray("channels");
        ch.add("image").add("negative").add("positive").add("box");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("input.channels"), e.getMessage());
    }

    @Test
    void aCropThatIsNotAMultipleOf16IsRefused(@TempDir Path dir) throws Exception {
        ObjectNode j = valid(weights(dir));
        ((ArrayNode) j.get("input").get("cropVoxels")).set(2, 30);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("input.cropVoxels[2]"), e.getMessage());
    }

    @Test
    void anotherArchitectureIsRefused(@TempDir Path dir) throws Exception {
        ObjectNode j = valid(weights(dir));
        ((ObjectNode) j.get("network")).put("architecture", "onnx");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("network.architecture"), e.getMessage());
    }

    @Test
    void weightsThatDoNotMatchTheirSha256AreRefused(@TempDir Path dir) throws Exception {
        ObjectNode j = valid(weights(dir));
        Files.write(dir.resolve("model.pt"), new byte[] {9, 9});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("SHA-256 of model.pt"), e.getMessage());
    }

    @Test
    void aFileOutsideThePackageIsRefused(@TempDir Path dir) throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("pkg"));
        Files.write(dir.resolve("elsewhere.pt"), new byte[] {1});
        ObjectNode j = valid(ModelPackage.sha256(dir.resolve("elsewhere.pt")));
        ((ObjectNode) j.get("network")).put("file", "../elsewhere.pt");
        ObjectNode files = j.putObject("files");
        files.put("../elsewhere.pt", ModelPackage.sha256(dir.resolve("elsewhere.pt")));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(pkg, j)));
        assertTrue(e.getMessage().contains("outside the package"), e.getMessage());
    }
}
