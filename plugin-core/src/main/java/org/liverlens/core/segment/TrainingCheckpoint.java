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
 * record (a package's {@code unet.params}) only give the start weights of a new run. The generic
 * methods (a record format and recipe of one's own) serve {@code train-edit} as well.
 */
public final class TrainingCheckpoint {
    static final String FORMAT = "liverlens-checkpoint/1";

    private TrainingCheckpoint() {
    }

    /** Writes {@code net}'s weights to {@code weights} and beside it the record (format, step, recipe), atomically. */
    public static Path write(UNet2d net, Path weights, String format, int step, ObjectNode recipe) {
        Training.saveWeights(net, weights);
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("format", format);
        json.put("step", step);
        json.setAll(recipe);
        AtomicFiles.writeString(record(weights), json.toPrettyString() + "\n");
        return weights;
    }

    /**
     * The steps a {@code --resume} file has done: 0 for plain weights (no record beside them),
     * otherwise the recorded step, after checking that the run is resumed with the numbers it was
     * started with and is not finished (exit 3 otherwise, naming what differs).
     */
    static int stepsDone(Path weights, Training.Options options) {
        return stepsDone(weights, FORMAT, record(options), options.steps(), "liverlens train");
    }

    /**
     * The steps done by the checkpoint {@code weights} of a run with record format {@code format}: 0
     * without a record, else its step after checking its recipe against {@code expected} and that
     * steps are left (exit 3 otherwise, naming what differs).
     *
     * @param command the command that writes such checkpoints, for the messages
     */
    public static int stepsDone(Path weights, String format, ObjectNode expected, int steps, String command) {
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
        if (json == null || !format.equals(json.path("format").asText()) || !json.path("step").canConvertToInt()) {
            throw new InvalidInputException("--resume: not a checkpoint record of '" + command + "' (format "
                    + format + " with a step)", record, "delete it to start a new run from these weights");
        }
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
        if (step < 1 || step >= steps) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--resume: the checkpoint is at step %d of %d: "
                    + "nothing is left to train", step, steps), record,
                    "use the package the run wrote, or give more --steps (the schedule would change: start a new run)");
        }
        return step;
    }

    private static Path record(Path weights) {
        String name = weights.getFileName().toString();
        String base = name.endsWith(".params") ? name.substring(0, name.length() - ".params".length()) : name;
        return weights.resolveSibling(base + ".json");
    }

    /** The recipe numbers of {@code train}'s run that a resumed run must share with it. */
    static ObjectNode record(Training.Options o) {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("steps", o.steps());
        json.put("batch", o.batch());
        json.put("crop", o.crop());
        json.put("seed", o.seed());
        json.put("synthetic", o.syntheticCases());
        json.put("realShare", o.realWeight());
        json.put("learningRate", (double) o.learningRate());
        json.put("fineTune", o.fineTune() != null);
        if (o.faintShare() > 0) { // records of runs before --faint-share hold no such field
            json.put("faintShare", o.faintShare());
        }
        return json;
    }
}
