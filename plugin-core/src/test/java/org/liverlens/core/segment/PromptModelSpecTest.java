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

    /** A 2.5D package as train-prompt writes it, with weights of the size its widths need (all zero). */
    private static ObjectNode valid25(Path dir, int[] widths) throws Exception {
        Path w = dir.resolve("promptnet.params");
        long floats = UNet2d.parameterCount(7, 1, widths);
        long bytes = floats * 4 + UNet2d.parameterTensors(widths.length) * 127L;
        Files.write(w, new byte[(int) bytes]);
        return (ObjectNode) JSON.readTree("""
                {"format": "liverlens-prompt-model/1", "name": "liverlens-prompt-unet2.5d", "version": "1.0.0",
                 "task": "one liver lesion from clicks or a box", "modality": "CT",
                 "input": {"dimensionality": "2.5D", "cropVoxels": [96, 96], "pixelMmRange": [0.5, 2.0],
                           "sliceStepMm": 2.5, "windowHu": [-160, 240],
                           "channels": ["image-below", "image", "image-above", "positive", "negative", "box", "previous"],
                           "clickSigmaMm": 3},
                 "output": {"threshold": 0.5},
                 "network": {"architecture": "liverlens-unet2d-v1", "file": "promptnet.params", "widths": [16, 32, 64, 128]},
                 "files": {"promptnet.params": "%s"},
                 "licence": "Apache-2.0"}
                """.formatted(ModelPackage.sha256(w)));
    }

    @Test
    void a25dPackageIsReadWithItsPixelRangeSliceStepAndWidths(@TempDir Path dir) throws Exception {
        PromptModelSpec s = PromptModelSpec.open(packageWith(dir, valid25(dir, new int[] {16, 32, 64, 128})));
        assertEquals(PromptModelSpec.D2_5, s.dimensionality());
        assertArrayEquals(new int[] {96, 96}, s.cropVoxels());
        assertArrayEquals(new double[] {0.5, 2.0}, s.pixelMmRange());
        assertEquals(2.5, s.sliceStepMm());
        assertArrayEquals(new int[] {16, 32, 64, 128}, s.widths());
    }

    @Test
    void a25dPackageWhoseWeightsDoNotFitItsWidthsIsRefused(@TempDir Path dir) throws Exception {
        ObjectNode j = valid25(dir, new int[] {16, 32, 64, 64});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
    }

    @Test
    void a25dPackageWithTheThreeDimensionalChannelsIsRefused(@TempDir Path dir) throws Exception {
        ObjectNode j = valid25(dir, new int[] {16, 32, 64, 128});
        ArrayNode ch = ((ObjectNode) j.get("input")).putArray("channels");
        ch.add("image").add("positive").add("negative").add("box");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("input.channels"), e.getMessage());
    }

    @Test
    void a25dPackageNamingTorchscriptIsRefused(@TempDir Path dir) throws Exception {
        ObjectNode j = valid25(dir, new int[] {16, 32, 64, 128});
        ((ObjectNode) j.get("network")).put("architecture", "torchscript");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("liverlens-unet2d-v1"), e.getMessage());
    }

    @Test
    void anUnknownDimensionalityIsRefused(@TempDir Path dir) throws Exception {
        ObjectNode j = valid(weights(dir));
        ((ObjectNode) j.get("input")).put("dimensionality", "4D");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PromptModelSpec.open(packageWith(dir, j)));
        assertTrue(e.getMessage().contains("input.dimensionality"), e.getMessage());
    }
}
