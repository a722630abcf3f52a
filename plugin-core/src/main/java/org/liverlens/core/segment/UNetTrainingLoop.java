package org.liverlens.core.segment;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * The optimiser loop of a {@link UNet2d} trained from batches that the caller draws: He-normal
 * initialisation, Adam with a cosine learning rate, checkpoints ({@link TrainingCheckpoint}: weights
 * and a record of the step and recipe) every {@link Recipe#checkpointEvery} steps and on
 * cancellation, {@code --resume} from such a checkpoint (the schedule goes on where it stopped and
 * step n draws from its own random stream, so a resumed run sees the batches of an uninterrupted
 * one; Adam's moments start again from zero), and a log line every 20 steps. Used by
 * {@code train-prompt} ({@code promptnet}); {@link Training} and {@code train-edit} keep their own
 * copies of this loop for now (the same logic: moving them onto this class is the next step).
 */
public final class UNetTrainingLoop {
    /**
     * What a run is.
     *
     * @param steps            optimiser steps of the whole run
     * @param learningRate     initial Adam learning rate
     * @param finalLearningRate the cosine schedule's last value
     * @param seed             the run's seed: step n draws from {@code seed ^ salt ^ n·φ}
     * @param salt             mixed into each step's seed (a constant of the training kind)
     * @param checkpoints      folder of the checkpoints
     * @param prefix           checkpoint file names: {@code PREFIX-stepN.params} and {@code .json}
     * @param format           the checkpoint record's format identifier
     * @param record           the recipe numbers a resumed run must share with the run it continues
     * @param resume           a checkpoint or plain weights to start from, or null
     * @param command          the command that trains, for messages
     */
    public record Recipe(int steps, float learningRate, float finalLearningRate, long seed, long salt,
                         int checkpointEvery, Path checkpoints, String prefix, String format, ObjectNode record,
                         Path resume, String command) {
        public Recipe {
            Objects.requireNonNull(checkpoints, "checkpoints");
            Objects.requireNonNull(record, "record");
            if (steps < 1 || checkpointEvery < 1) {
                throw new IllegalArgumentException("steps and checkpointEvery must be ≥ 1");
            }
        }
    }

    /** One batch of training inputs and the labels the loss takes, drawn by the caller. */
    public record Batch(float[] input, Shape inputShape, List<float[]> labels, List<Shape> labelShapes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Batch b && java.util.Arrays.equals(input, b.input) && inputShape.equals(b.inputShape)
                    && labelShapes.equals(b.labelShapes)
                    && java.util.Arrays.deepEquals(labels.toArray(), b.labels.toArray());
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(java.util.Arrays.hashCode(input), inputShape, labelShapes,
                    java.util.Arrays.deepHashCode(labels.toArray()));
        }

        @Override
        public String toString() {
            return "Batch[input " + inputShape + " (" + input.length + " values), labels " + labelShapes + "]";
        }
    }

    /** Draws the batch of one step from that step's random stream. */
    @FunctionalInterface
    public interface Batches {
        Batch draw(SplittableRandom random, int step);
    }

    private final Recipe recipe;
    private final Consumer<String> log;

    public UNetTrainingLoop(Recipe recipe, Consumer<String> log) {
        this.recipe = recipe;
        this.log = log;
    }

    /**
     * The steps the {@code --resume} file has done: 0 for plain weights, else its recorded step
     * (exit 3 when it belongs to another run or is finished, or does not exist).
     */
    public int stepsDone() {
        if (recipe.resume() == null) {
            return 0;
        }
        if (!Files.isRegularFile(recipe.resume())) {
            throw new InvalidInputException("--resume: " + (Files.exists(recipe.resume()) ? "not a file" : "no such file"),
                    recipe.resume(), "give a checkpoint " + recipe.prefix() + "-stepN.params written by '"
                    + recipe.command() + "'");
        }
        return TrainingCheckpoint.stepsDone(recipe.resume(), recipe.format(), recipe.record(), recipe.steps(),
                recipe.command());
    }

    /**
     * Trains {@code net} (not initialised) with {@code loss} and writes its final weights to
     * {@code weights}; the checkpoints go to the recipe's folder.
     *
     * @param inputShape the shape of one batch's input
     */
    public void run(UNet2d net, InferenceEngine engine, Loss loss, Shape inputShape, Batches batches, Path weights,
                    Cancellation cancel) {
        int done = stepsDone();
        try (Model model = Model.newInstance(recipe.prefix(), engine.device(), InferenceEngine.PYTORCH)) {
            model.setBlock(net);
            CosineTracker lr = CosineTracker.builder().setBaseValue(recipe.learningRate())
                    .optFinalValue(recipe.finalLearningRate()).setMaxUpdates(recipe.steps()).build();
            Tracker scheduled = update -> lr.getNewValue(update + done);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(scheduled).build())
                    .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                            XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT)
                    .optDevices(new ai.djl.Device[] {engine.device()});
            // Start weights are loaded before the trainer exists (a trainer set up first keeps its own arrays).
            if (recipe.resume() != null) {
                net.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
                UNetWeights.load(net, model.getNDManager(), recipe.resume(), "give a checkpoint of '"
                        + recipe.command() + "'");
                say(done > 0 ? "resumed from " + recipe.resume() + " after step " + done + " of " + recipe.steps()
                        : "starting from the weights " + recipe.resume());
            }
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                double smooth = Double.NaN;
                long tStep = System.nanoTime();
                for (int step = done + 1; step <= recipe.steps(); step++) {
                    if (cancel.isCancelled() && step > done + 1) {
                        checkpoint(net, step - 1);
                    }
                    cancel.check();
                    SplittableRandom rnd = new SplittableRandom(recipe.seed() ^ recipe.salt()
                            ^ (step * 0x9E3779B97F4A7C15L));
                    Batch b = batches.draw(rnd, step);
                    float value;
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray x = sub.create(b.input(), b.inputShape());
                        NDList labels = new NDList();
                        for (int q = 0; q < b.labels().size(); q++) {
                            labels.add(sub.create(b.labels().get(q), b.labelShapes().get(q)));
                        }
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(x));
                            NDArray l = trainer.getLoss().evaluate(labels, pred);
                            gc.backward(l);
                            value = l.getFloat();
                        }
                        trainer.step();
                    }
                    smooth = Double.isNaN(smooth) ? value : 0.95 * smooth + 0.05 * value;
                    if (step % 20 == 0 || step == done + 1) {
                        double per = (System.nanoTime() - tStep) / 1e9 / (step == done + 1 ? 1 : 20);
                        tStep = System.nanoTime();
                        say(String.format(Locale.ROOT, "step %d/%d loss %.4f (smoothed %.4f) lr %.2e %.2f s/step",
                                step, recipe.steps(), value, smooth, lr.getNewValue(step), per));
                    }
                    if (step % recipe.checkpointEvery() == 0 || step == recipe.steps()) {
                        checkpoint(net, step);
                    }
                }
            }
            cancel.check();
            Training.saveWeights(net, weights);
        }
    }

    private void checkpoint(UNet2d net, int step) {
        Path file = TrainingCheckpoint.write(net, recipe.checkpoints().resolve(recipe.prefix() + "-step" + step
                + ".params"), recipe.format(), step, recipe.record());
        say("checkpoint " + file + " (continue with --resume " + file + ")");
    }

    private void say(String line) {
        log.accept(line);
    }
}
