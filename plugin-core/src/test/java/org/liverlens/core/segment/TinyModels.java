package org.liverlens.core.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.liverlens.core.work.AtomicFiles;

/** A tiny model package (untrained 2-level U-Net, 16-pixel patches) for fast tests of the machinery. */
final class TinyModels {
    static final int[] WIDTHS = {2, 4};

    private TinyModels() {
    }

    /** Writes a valid package into {@code dir} and returns it. */
    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        InferenceEngine engine = InferenceEngine.start(Device.CPU, m -> { });
        UNet2d net = new UNet2d(3, 3, WIDTHS);
        try (NDManager m = engine.newManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            Training.saveWeights(net, dir.resolve("tiny.params"));
        }
        ObjectNode json = DefaultModel.modelJson("0.0.1", ModelPackage.sha256(dir.resolve("tiny.params")),
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("synthetic", "none: untrained"), null);
        json.put("name", "tiny-test-model");
        ObjectNode network = (ObjectNode) json.get("network");
        network.put("file", "tiny.params");
        network.putArray("widths").add(WIDTHS[0]).add(WIDTHS[1]);
        ObjectNode files = json.putObject("files");
        files.put("tiny.params", ModelPackage.sha256(dir.resolve("tiny.params")));
        ObjectNode inference = (ObjectNode) json.get("inference");
        inference.putArray("patch").add(16).add(16);
        inference.put("batchSize", 4);
        ObjectNode input = (ObjectNode) json.get("input");
        input.putArray("spacingMm").add(4.0).add(4.0).addNull();
        AtomicFiles.writeString(dir.resolve(ModelPackage.MODEL_JSON), DefaultModel.toText(json));
        return dir;
    }
}
