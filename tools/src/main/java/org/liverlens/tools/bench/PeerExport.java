package org.liverlens.tools.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.UNet2d;
import org.liverlens.core.work.InvalidInputException;

/**
 * What {@code bench segment} hands the python3-torch peer ({@code torchscript_unet.py}) in its dump
 * folder: the network's weights, the input tiles the segmenter fed it, and our logits of the first
 * batch, all float32 little-endian.
 */
final class PeerExport {
    private PeerExport() {
    }

    /**
     * {@code weights.json} (architecture, then each parameter's name and shape in DJL's order) and
     * {@code weights.f32} (their values, concatenated). Only for LiverLens' own architecture.
     */
    static void weights(ModelSegmenter segmenter, Path dir) throws IOException {
        if (!(segmenter.block() instanceof UNet2d unet)) {
            throw new InvalidInputException("only LiverLens' own architectures can be exported",
                    segmenter.modelPackage().folder(), null);
        }
        ObjectMapper m = new ObjectMapper();
        ObjectNode meta = m.createObjectNode();
        meta.put("architecture", UNet2d.ARCHITECTURE);
        meta.put("inChannels", unet.inChannels());
        meta.put("classes", unet.classes());
        ArrayNode w = meta.putArray("widths");
        for (int x : unet.widths()) {
            w.add(x);
        }
        ArrayNode params = meta.putArray("parameters");
        Files.createDirectories(dir);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("weights.f32")))) {
            for (Pair<String, Parameter> p : unet.getParameters()) {
                NDArray a = p.getValue().getArray();
                ObjectNode e = params.addObject();
                e.put("name", p.getKey());
                ArrayNode shape = e.putArray("shape");
                for (long d : a.getShape().getShape()) {
                    shape.add(d);
                }
                writeFloats(out, a.toFloatArray());
            }
        }
        m.writeValue(dir.resolve("weights.json").toFile(), meta);
    }

    /** {@code tiles.f32} (every batch in order) and {@code tiles.json} (shape: tiles, channels, height, width). */
    static void tiles(List<float[]> batches, List<long[]> shapes, Path dir) throws IOException {
        long tiles = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("tiles.f32")))) {
            for (int b = 0; b < batches.size(); b++) {
                writeFloats(out, batches.get(b));
                tiles += shapes.get(b)[0];
            }
        }
        long[] shape = shapes.get(0);
        ObjectMapper m = new ObjectMapper();
        ObjectNode tj = m.createObjectNode();
        tj.putArray("shape").add(tiles).add(shape[1]).add(shape[2]).add(shape[3]);
        m.writeValue(dir.resolve("tiles.json").toFile(), tj);
    }

    /**
     * {@code logits.f32}: the network's output before softmax for one batch, from the block as stored
     * in the package (batch norm not folded, as the traced peer export).
     */
    static void logits(ModelSegmenter segmenter, float[] input, long[] shape, Path dir) throws IOException {
        float[] logits;
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            NDArray x = manager.create(input, new Shape(shape));
            logits = segmenter.block().forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("logits.f32"))) {
            writeFloats(out, logits);
        }
    }

    /** Writes floats little-endian. */
    static void writeFloats(OutputStream out, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.write(b.array());
    }
}
