package org.liverlens.testdicom.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.work.UserHome;

/**
 * Model packages whose model.json passes a naive check and then eats all memory or divides by
 * almost nothing: a patch of 65536², a batch of 100000, widths of 100000, a spacing of 0.0001 mm
 * (issue 13, items 5 and 7). Their sizes must be bounded when the package is validated; the
 * weights are the default model's, so only model.json is at fault. Run in a child JVM.
 */
final class ModelPackageCases {
    private ModelPackageCases() {
    }

    static List<FuzzCase> cases() {
        return List.of(
                FuzzCase.named("model-patch-65536").make(model(j -> ((ObjectNode) j.get("inference")).putArray("patch")
                        .add(65536).add(65536))).run("models", "verify", "{in}/model").inChildJvm()
                        .expect(3, "model.json", "inference.patch"),
                FuzzCase.named("model-batch-100000").make(model(j -> ((ObjectNode) j.get("inference"))
                        .put("batchSize", 100000))).run("models", "verify", "{in}/model").inChildJvm()
                        .expect(3, "model.json", "batchSize"),
                FuzzCase.named("model-widths-100000").make(model(j -> ((ObjectNode) j.get("network"))
                        .putArray("widths").add(100000).add(100000))).run("models", "verify", "{in}/model")
                        .inChildJvm().expect(3, "model.json", "network.widths"),
                FuzzCase.named("model-spacing-0.0001").make(model(j -> ((ObjectNode) j.get("input"))
                        .putArray("spacingMm").add(0.0001).add(0.0001).addNull()))
                        .run("segment", "{ct}", "--model", "{in}/model", "-o", "{out}").inChildJvm()
                        .expect(3, "model.json", "spacingMm"));
    }

    /** A copy of the default model package in {@code in/model} with its model.json edited. */
    private static FuzzCase.Maker model(JsonEdit edit) {
        return (in, inputs) -> {
            Path source = ModelPackage.defaultModel(new UserHome(in.resolveSibling("model-cache"))).folder();
            Path dest = Files.createDirectories(in.resolve("model"));
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.toList()) {
                    Files.copy(f, dest.resolve(f.getFileName()));
                }
            }
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode json = (ObjectNode) mapper.readTree(dest.resolve(ModelPackage.MODEL_JSON).toFile());
            edit.apply(json);
            mapper.writerWithDefaultPrettyPrinter().writeValue(dest.resolve(ModelPackage.MODEL_JSON).toFile(), json);
        };
    }

    /** A change to model.json. */
    @FunctionalInterface
    private interface JsonEdit {
        void apply(ObjectNode modelJson);
    }
}
