package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.work.UserHome;

/**
 * The runtime comparison of {@code bench segment}, in one warm JVM on the tiles of a dump: our
 * DJL U-Net with and without batch norm folded, and the peer's TorchScript exports of the same
 * network (traced, and frozen with batch norm folded) run by DJL, each as a model package through
 * the segmenter's own code path. The variants take turns within each round, so load from other
 * processes hits all of them alike. (ONNX Runtime was measured with this code at commit b8934ea:
 * slower than libtorch for our network, docs/benchmarks.md.)
 */
final class BenchRuntimes {
    private BenchRuntimes() {
    }

    /** Times every variant over all tiles of {@code dump}, {@code rounds} rounds after one warm-up round. */
    static ObjectNode compare(Path dump, String model, int rounds) throws IOException {
        UserHome home = UserHome.fromEnvironment();
        ModelPackage base = ModelPackage.resolve(model, home);
        ObjectMapper mapper = new ObjectMapper();
        long[] shape = new long[4];
        var dims = mapper.readTree(dump.resolve("tiles.json").toFile()).get("shape");
        for (int i = 0; i < 4; i++) {
            shape[i] = dims.get(i).asLong();
        }
        float[] tiles = readFloats(dump.resolve("tiles.f32"));
        int batch = base.spec().inference().batchSize();
        List<float[]> batches = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        int perTile = (int) (shape[1] * shape[2] * shape[3]);
        for (int t = 0; t < shape[0]; t += batch) {
            int n = (int) Math.min(batch, shape[0] - t);
            batches.add(java.util.Arrays.copyOfRange(tiles, t * perTile, (t + n) * perTile));
            shapes.add(new long[] {n, shape[1], shape[2], shape[3]});
        }
        SegmenterOptions options = new SegmenterOptions(null, Device.CPU, false, null);
        Map<String, ModelSegmenter> variants = new LinkedHashMap<>();
        ObjectNode r = mapper.createObjectNode();
        try {
            variants.put("block", ModelSegmenter.open(base, options, false));
            variants.put("blockFolded", ModelSegmenter.open(base, options, true));
            variants.put("torchscriptTraced", ModelSegmenter.open(repackage(base, dump, "unet.pt", "torchscript", home), options));
            variants.put("torchscriptFolded", ModelSegmenter.open(repackage(base, dump, "unet-folded.pt", "torchscript", home),
                    options));
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            variants.keySet().forEach(k -> seconds.put(k, new ArrayList<>()));
            for (int round = 0; round <= rounds; round++) {
                for (var v : variants.entrySet()) {
                    long t0 = System.nanoTime();
                    for (int b = 0; b < batches.size(); b++) {
                        v.getValue().probabilities(batches.get(b), shapes.get(b));
                    }
                    if (round > 0) {
                        seconds.get(v.getKey()).add((System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            float[] reference = variants.get("block").probabilities(batches.get(0), shapes.get(0));
            for (var v : variants.entrySet()) {
                ObjectNode o = r.putObject(v.getKey());
                seconds.get(v.getKey()).forEach(o.putArray("seconds")::add);
                o.put("median", BenchSupport.median(seconds.get(v.getKey())));
                float[] p = v.getValue().probabilities(batches.get(0), shapes.get(0));
                double worst = 0;
                for (int i = 0; i < p.length; i++) {
                    worst = Math.max(worst, Math.abs(p[i] - reference[i]));
                }
                o.put("maxAbsProbabilityDifference", worst);
            }
            r.put("tiles", shape[0]);
            r.put("batch", batch);
            r.put("engine", variants.get("block").describeEngine());
        } finally {
            variants.values().forEach(ModelSegmenter::close);
        }
        return r;
    }

    /** A copy of {@code base}'s model.json that runs {@code file} (from the dump) as {@code architecture}. */
    private static ModelPackage repackage(ModelPackage base, Path dump, String file, String architecture, UserHome home)
            throws IOException {
        Path dir = dump.resolve("package-" + file.replace('.', '-'));
        Files.createDirectories(dir);
        Files.copy(dump.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(base.folder().resolve(ModelPackage.MODEL_JSON).toFile());
        ObjectNode network = (ObjectNode) json.get("network");
        network.put("architecture", architecture).put("file", file).remove("widths");
        json.putObject("files").put(file, ModelPackage.sha256(dir.resolve(file)));
        mapper.writeValue(dir.resolve(ModelPackage.MODEL_JSON).toFile(), json);
        return ModelPackage.open(dir, home);
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
