package org.liverlens.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.InvalidInputException;

/**
 * A training checkpoint: the weights {@code unet-stepN.params} and beside them {@code unet-stepN.json},
 * which records the step and the recipe numbers the run was started with. {@code train --resume} on
 * such a file continues the run after step N: the learning-rate schedule goes on where it stopped and
 * step n draws the crops it would have drawn in an uninterrupted run. Adam's moment estimates are not
 * stored (they start again from zero, and settle within a few dozen steps). Weights without the
 * record (a package's {@code unet.params}) only give the start weights of a new run.
 */
final class TrainingCheckpoint {
    static final String FORMAT = "liverlens-checkpoint/1";

    private TrainingCheckpoint() {
    }

    /** Writes the weights and the record of step {@code step}, each atomically; returns the weights file. */
    static Path write(UNet2d net, Training.Options options, int step) {
        Path weights = options.checkpoints().resolve("unet-step" + step + ".params");
        Training.saveWeights(net, weights);
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("format", FORMAT);
        json.put("step", step);
        recipe(json, options);
        AtomicFiles.writeString(record(weights), json.toPrettyString() + "\n");
        return weights;
    }

    /**
     * The steps a {@code --resume} file has done: 0 for plain weights (no record beside them),
     * otherwise the recorded step, after checking that the run is resumed with the numbers it was
     * started with and is not finished (exit 3 otherwise, naming what differs).
     */
    static int stepsDone(Path weights, Training.Options options) {
        Path record = record(weights);
        if (!Files.isRegularFile(record)) {
            return 0;
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(Files.readString(record));
        } catch (IOException e) {
            throw new InvalidInputException("--resume: the checkpoint record cannot be read (" + e.getMessage() + ")",
                    record, "delete it to start a new run from these weights, or resume from another checkpoint");
        }
        if (json == null || !FORMAT.equals(json.path("format").asText()) || !json.path("step").canConvertToInt()) {
            throw new InvalidInputException("--resume: not a checkpoint record of 'liverlens train' (format "
                    + FORMAT + " with a step)", record, "delete it to start a new run from these weights");
        }
        ObjectNode expected = new ObjectMapper().createObjectNode();
        recipe(expected, options);
        List<String> differ = new ArrayList<>();
        expected.fieldNames().forEachRemaining(f -> {
            if (!json.has(f) || !expected.get(f).asText().equals(json.get(f).asText())) { // 7 is 7 as int or long
                differ.add(f + " " + json.path(f) + " (now " + expected.get(f) + ")");
            }
        });
        if (!differ.isEmpty()) {
            throw new InvalidInputException("--resume: the checkpoint's run had other options: " + String.join(", ", differ),
                    record, "resume with the options of that run, or delete the record to start a new run from these "
                    + "weights");
        }
        int step = json.get("step").asInt();
        if (step < 1 || step >= options.steps()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--resume: the checkpoint is at step %d of %d: "
                    + "nothing is left to train", step, options.steps()), record,
                    "use the package the run wrote, or give more --steps (the schedule would change: start a new run)");
        }
        return step;
    }

    private static Path record(Path weights) {
        String name = weights.getFileName().toString();
        String base = name.endsWith(".params") ? name.substring(0, name.length() - ".params".length()) : name;
        return weights.resolveSibling(base + ".json");
    }

    private static void recipe(ObjectNode json, Training.Options o) {
        json.put("steps", o.steps());
        json.put("batch", o.batch());
        json.put("crop", o.crop());
        json.put("seed", o.seed());
        json.put("synthetic", o.syntheticCases());
        json.put("realShare", o.realWeight());
        json.put("learningRate", (double) o.learningRate());
        json.put("fineTune", o.fineTune() != null);
    }
}
