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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * The optimiser loop of a {@link UNet2d} trained from batches that the caller draws: He-normal
 * initialisation, Adam with a cosine learning rate, checkpoints ({@link TrainingCheckpoint}: weights
 * and a record of the step and recipe) every {@link Recipe#checkpointEvery} steps and on
 * cancellation, {@code --resume} from such a checkpoint (the schedule goes on where it stopped and
 * step n draws from its own random stream, so a resumed run sees the batches of an uninterrupted
 * one; Adam's moments start again from zero), a watch for divergence with restarts at half the
 * learning rate ({@link #run}), and a log line every 20 steps. The one loop of {@code train}
 * ({@link Training}), {@code train-prompt} ({@code promptnet}) and {@code train-edit} ({@code inpaint}).
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

    /** What the log line of every 20th step ends with (e.g. how many synthetic cases are ready); empty by default. */
    private Supplier<String> status = () -> "";

    /** Ends each step's log line with {@code status}'s text; returns this loop. */
    public UNetTrainingLoop logging(Supplier<String> status) {
        this.status = Objects.requireNonNull(status, "status");
        return this;
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
     * How a run ended: the learning rate it finished with and, for each attempt given up before it,
     * why (empty when the first attempt finished).
     */
    public record Result(float learningRate, List<String> restarts) {
        public Result {
            restarts = List.copyOf(restarts);
        }
    }

    /** Steps between two looks at the probe batch's loss. */
    public static final int PROBE_EVERY = 20;
    /** A probe loss this many times the start's, and {@link #MIN_RISE} above it, counts as a rise. */
    public static final double RISE = 1.5;
    /** The least rise of the probe loss that counts (a start near zero would make any noise a rise). */
    public static final double MIN_RISE = 0.02;
    /** Looks in a row with a rise that stop an attempt. */
    public static final int PATIENCE = 2;
    /** Attempts given up, each restarted from the start weights at half the learning rate, before the run fails. */
    public static final int MAX_RESTARTS = 2;
    /** Mixed into the probe batch's seed (the steps use 1…steps; the probe is drawn as a step 0). */
    private static final long PROBE_SALT = 0x9B0BEL;

    /**
     * Trains a network from {@code network} (not initialised) with {@code loss} and writes its final
     * weights to {@code weights}; the checkpoints go to the recipe's folder.
     *
     * <p>A run that starts from weights (a fine-tune, a continued run) is watched: every
     * {@link #PROBE_EVERY} steps the loss of one fixed batch (drawn once, before the first step) is
     * computed with the network as it would be saved (inference mode). When it is {@link #RISE} times
     * the start's for {@link #PATIENCE} looks in a row, or any loss is not a number, the attempt has
     * diverged: it is given up and the run restarts from the start weights at half the learning rate,
     * at most {@link #MAX_RESTARTS} times; then the run fails (exit 3) and writes no weights. A run
     * from random weights is only checked for a loss that is not a number.
     *
     * @param inputShape the shape of one batch's input
     * @return the learning rate the run finished with and why earlier attempts were given up
     */
    public Result run(Supplier<UNet2d> network, InferenceEngine engine, Loss loss, Shape inputShape, Batches batches,
                      Path weights, Cancellation cancel) {
        int done = stepsDone();
        Batch probe = recipe.resume() != null
                ? batches.draw(new SplittableRandom(recipe.seed() ^ recipe.salt() ^ PROBE_SALT), 0) : null;
        List<String> restarts = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            float rate = recipe.learningRate() / (1 << attempt);
            UNet2d net = network.get();
            String diverged = attempt(net, engine, loss, inputShape, batches, probe, rate, done, weights, cancel);
            if (diverged == null) {
                return new Result(rate, restarts);
            }
            restarts.add(String.format(Locale.ROOT, "learning rate %s: %s", Float.toString(rate), diverged));
            if (attempt == MAX_RESTARTS) {
                throw new InvalidInputException("training diverged " + (MAX_RESTARTS + 1) + " times, the learning rate "
                        + "halved each time: " + String.join("; ", restarts) + ". No weights were written",
                        recipe.resume(), "check that the cases' labels fit their CT, or give a lower --lr than "
                        + Float.toString(rate / 2));
            }
            say(String.format(Locale.ROOT, "diverged at learning rate %s (%s): restarting from %s at learning rate %s "
                    + "(its checkpoints continue with --resume and --lr %s)", Float.toString(rate), diverged,
                    recipe.resume() != null ? recipe.resume() : "new random weights", Float.toString(rate / 2),
                    Float.toString(rate / 2)));
        }
    }

    /**
     * One attempt at learning rate {@code rate}: null when it finished and wrote {@code weights}
     * (while the model's arrays live), else why it diverged.
     */
    private String attempt(UNet2d net, InferenceEngine engine, Loss loss, Shape inputShape, Batches batches,
                           Batch probe, float rate, int done, Path weights, Cancellation cancel) {
        ObjectNode record = recipe.record().deepCopy();
        if (record.has("learningRate")) {
            record.put("learningRate", (double) rate); // a restarted attempt's checkpoints resume with its rate
        }
        try (Model model = Model.newInstance(recipe.prefix(), engine.device(), InferenceEngine.PYTORCH)) {
            model.setBlock(net);
            CosineTracker lr = CosineTracker.builder().setBaseValue(rate)
                    .optFinalValue(recipe.finalLearningRate() * rate / recipe.learningRate())
                    .setMaxUpdates(recipe.steps()).build();
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
                double start = probe != null ? probeLoss(trainer, probe) : Double.NaN;
                if (probe != null) {
                    say(String.format(Locale.ROOT, "probe loss at the start %.4f (watched every %d steps)", start,
                            PROBE_EVERY));
                }
                int rises = 0;
                double smooth = Double.NaN;
                long tStep = System.nanoTime();
                for (int step = done + 1; step <= recipe.steps(); step++) {
                    if (cancel.isCancelled() && step > done + 1) {
                        checkpoint(net, step - 1, record);
                    }
                    cancel.check();
                    SplittableRandom rnd = new SplittableRandom(recipe.seed() ^ recipe.salt()
                            ^ (step * 0x9E3779B97F4A7C15L));
                    Batch b = batches.draw(rnd, step);
                    float value;
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDList labels = labels(sub, b);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(sub.create(b.input(), b.inputShape())));
                            NDArray l = trainer.getLoss().evaluate(labels, pred);
                            gc.backward(l);
                            value = l.getFloat();
                        }
                        if (!Float.isFinite(value)) {
                            return String.format(Locale.ROOT, "the loss of step %d is %s", step, value);
                        }
                        trainer.step();
                    }
                    smooth = Double.isNaN(smooth) ? value : 0.95 * smooth + 0.05 * value;
                    String probed = "";
                    if (probe != null && step % PROBE_EVERY == 0) {
                        double p = probeLoss(trainer, probe);
                        rises = p > Math.max(RISE * start, start + MIN_RISE) || !Double.isFinite(p) ? rises + 1 : 0;
                        probed = String.format(Locale.ROOT, ", probe %.4f", p);
                        if (rises >= PATIENCE) {
                            return String.format(Locale.ROOT, "the probe loss rose from %.4f to %.4f by step %d, "
                                    + "above %.1f times the start at %d looks in a row", start, p, step, RISE, PATIENCE);
                        }
                    }
                    if (step % 20 == 0 || step == done + 1) {
                        double per = (System.nanoTime() - tStep) / 1e9 / (step == done + 1 ? 1 : 20);
                        tStep = System.nanoTime();
                        say(String.format(Locale.ROOT, "step %d/%d loss %.4f (smoothed %.4f%s) lr %.2e %.2f s/step%s",
                                step, recipe.steps(), value, smooth, probed, lr.getNewValue(step), per,
                                status.get()));
                    }
                    if (step % recipe.checkpointEvery() == 0 || step == recipe.steps()) {
                        checkpoint(net, step, record);
                    }
                }
            }
            cancel.check();
            Training.saveWeights(net, weights);
            return null;
        }
    }

    /** The loss of {@code probe} with the network as it would be saved (inference mode: no update, running statistics). */
    private static double probeLoss(Trainer trainer, Batch probe) {
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList pred = trainer.evaluate(new NDList(sub.create(probe.input(), probe.inputShape())));
            return trainer.getLoss().evaluate(labels(sub, probe), pred).getFloat();
        }
    }

    private static NDList labels(NDManager sub, Batch b) {
        NDList labels = new NDList();
        for (int q = 0; q < b.labels().size(); q++) {
            labels.add(sub.create(b.labels().get(q), b.labelShapes().get(q)));
        }
        return labels;
    }

    private void checkpoint(UNet2d net, int step, ObjectNode record) {
        Path file = TrainingCheckpoint.write(net, recipe.checkpoints().resolve(recipe.prefix() + "-step" + step
                + ".params"), recipe.format(), step, record);
        say("checkpoint " + file + " (continue with --resume " + file + ")");
    }

    private void say(String line) {
        log.accept(line);
    }
}
