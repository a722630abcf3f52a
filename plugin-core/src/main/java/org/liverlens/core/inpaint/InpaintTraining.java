package org.liverlens.core.inpaint;

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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.InferenceEngine;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.segment.Training;
import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.segment.TrainingCheckpoint;
import org.liverlens.core.segment.UNet2d;
import org.liverlens.core.segment.UNetWeights;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * Trains the learned edit model ({@link InpaintModel}) on pairs from synthetic CT and the licensed real
 * cases ({@link InpaintPairs}) and writes {@code edit-unet.params} and {@code model.json}. Loss: mean
 * squared error of v over the region; Adam with a cosine learning rate; checkpoints
 * {@code edit-stepN.params} with a record {@code edit-stepN.json} every {@value #CHECKPOINT_EVERY}
 * steps, from which {@code --resume} continues (the schedule goes on, step n draws the pairs it would
 * have drawn; Adam's moments start again from zero).
 */
public final class InpaintTraining {
    static final int CHECKPOINT_EVERY = 100;
    static final String CHECKPOINT_FORMAT = "liverlens-edit-checkpoint/1";
    /** The name in model.json. */
    public static final String NAME = "liverlens-edit-inpaint-ddim";

    /**
     * @param slabsPerCase slabs cut from each synthetic case (a real case gives four times as many)
     * @param testData     the shared test data (licensed real cases), or null for synthetic only
     */
    public record Options(Path out, int steps, int batch, long seed, int syntheticCases, int slabsPerCase,
                          double realShare, Path testData, Path checkpoints, Path resume, float learningRate,
                          String version) {
        public Options {
            range("--steps", steps, 1, 10_000_000);
            range("--batch", batch, 1, 256);
            range("--synthetic", syntheticCases, 0, 1000);
            range("--slabs", slabsPerCase, 1, 10_000);
            if (!(realShare >= 0 && realShare <= 1)) {
                throw new InvalidInputException("--real-share is " + realShare + ", allowed 0…1", null,
                        "give e.g. --real-share 0.3");
            }
            if (!(learningRate > 0 && learningRate <= 1)) {
                throw new InvalidInputException("--lr is " + learningRate + ", allowed above 0 and at most 1", null,
                        "give e.g. --lr 0.001");
            }
            if (syntheticCases == 0 && testData == null) {
                throw new InvalidInputException("no training data: --synthetic 0 and no real cases", null,
                        "give --synthetic N or the test data");
            }
        }

        private static void range(String option, long value, long min, long max) {
            if (value < min || value > max) {
                throw new InvalidInputException(option + " is " + value + ", allowed " + min + "…" + max, null,
                        "give " + option + " within " + min + "…" + max + " (liverlens train-edit --help)");
            }
        }
    }

    private final Options options;
    private final PrintWriter log;
    private final InpaintPairs pairs = new InpaintPairs();
    private final List<String> realNames = new ArrayList<>();

    public InpaintTraining(Options options, PrintWriter log) {
        this.options = options;
        this.log = log;
    }

    /** Refuses a --resume file that is missing, does not fit the network, or belongs to another run. */
    public void checkBeforeStart() {
        if (options.resume() != null) {
            if (!Files.isRegularFile(options.resume())) {
                throw new InvalidInputException("--resume: no such file", options.resume(),
                        "give a checkpoint edit-stepN.params written by 'liverlens train-edit'");
            }
            UNetWeights.checkSize(options.resume(), InpaintModel.CHANNELS, 1, InpaintModel.WIDTHS,
                    "--resume takes weights of the learned edit model (a checkpoint edit-stepN.params)");
            stepsDone();
        }
    }

    /** Runs the training and writes the model; returns the weights file. */
    public Path run(Cancellation cancel) {
        checkBeforeStart();
        long t0 = System.nanoTime();
        SplittableRandom cut = new SplittableRandom(options.seed());
        if (options.testData() != null) {
            for (LabelledCt c : ReferenceCases.find().training(options.testData())) {
                pairs.add(c, true, 4 * options.slabsPerCase(), cut);
                realNames.add(c.name());
                say("real case: " + c.name());
            }
        }
        TrainingCases source = options.syntheticCases() > 0 ? TrainingCases.find() : null;
        for (int n = 0; n < options.syntheticCases(); n++) {
            cancel.check();
            pairs.add(source.synthetic(options.seed() + n), false, options.slabsPerCase(), cut);
        }
        say(String.format(Locale.ROOT, "%d synthetic and %d real slabs ready after %.0f s", pairs.syntheticSlabs(),
                pairs.realSlabs(), (System.nanoTime() - t0) / 1e9));
        InferenceEngine engine = InferenceEngine.start(Device.CPU, this::say);
        say(engine.describe());
        return InferenceEngine.withDjlClassLoader(() -> train(engine, cancel, t0));
    }

    private Path train(InferenceEngine engine, Cancellation cancel, long t0) {
        UNet2d net = InpaintModel.network();
        int done = options.resume() != null ? stepsDone() : 0;
        int P = InpaintModel.PATCH;
        int n = P * P;
        int batch = options.batch();
        try (Model model = Model.newInstance(NAME, engine.device(), InferenceEngine.PYTORCH)) {
            model.setBlock(net);
            CosineTracker lr = CosineTracker.builder().setBaseValue(options.learningRate())
                    .optFinalValue(options.learningRate() / 50).setMaxUpdates(options.steps()).build();
            Tracker scheduled = update -> lr.getNewValue(update + done);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new MaskedMse())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(scheduled).build())
                    .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                            XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT)
                    .optDevices(new ai.djl.Device[] {engine.device()});
            Shape shape = new Shape(batch, InpaintModel.CHANNELS, P, P);
            if (options.resume() != null) {
                net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
                UNetWeights.load(net, model.getNDManager(), options.resume(), "give a checkpoint of 'liverlens train-edit'");
                say("resumed from " + options.resume() + " after step " + done + " of " + options.steps());
            }
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(shape);
                double smooth = Double.NaN;
                long tStep = System.nanoTime();
                for (int step = done + 1; step <= options.steps(); step++) {
                    if (cancel.isCancelled() && step > done + 1) {
                        checkpoint(net, step - 1);
                    }
                    cancel.check();
                    SplittableRandom rnd = new SplittableRandom(options.seed() ^ 0xED17L ^ (step * 0x9E3779B97F4A7C15L));
                    float[] x = new float[batch * InpaintModel.CHANNELS * n];
                    float[] v = new float[batch * n];
                    float[] m = new float[batch * n];
                    for (int b = 0; b < batch; b++) {
                        while (!pairs.sample(rnd, options.realShare(), x, v, m, b)) {
                            // drawn again: the lesion did not fit the slab
                        }
                    }
                    float loss;
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray xa = sub.create(x, shape);
                        NDArray va = sub.create(v, new Shape(batch, 1, P, P));
                        NDArray ma = sub.create(m, new Shape(batch, 1, P, P));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(xa));
                            NDArray l = trainer.getLoss().evaluate(new NDList(va, ma), pred);
                            gc.backward(l);
                            loss = l.getFloat();
                        }
                        trainer.step();
                    }
                    smooth = Double.isNaN(smooth) ? loss : 0.98 * smooth + 0.02 * loss;
                    if (step % 20 == 0 || step == done + 1) {
                        double per = (System.nanoTime() - tStep) / 1e9 / (step == done + 1 ? 1 : 20);
                        tStep = System.nanoTime();
                        say(String.format(Locale.ROOT, "step %d/%d loss %.4f (smoothed %.4f) lr %.2e %.2f s/step",
                                step, options.steps(), loss, smooth, lr.getNewValue(step), per));
                    }
                    if (step % CHECKPOINT_EVERY == 0 || step == options.steps()) {
                        checkpoint(net, step);
                    }
                }
            }
            cancel.check();
            Path weights = options.out().resolve(InpaintNetwork.WEIGHTS);
            Training.saveWeights(net, weights);
            String sha = ModelPackage.sha256(weights);
            ObjectNode json = modelJson(sha, (System.nanoTime() - t0) / 1e9, done);
            AtomicFiles.writeString(options.out().resolve(InpaintNetwork.MODEL_JSON), text(json));
            say("wrote " + weights + " (SHA-256 " + sha + ") and " + InpaintNetwork.MODEL_JSON);
            return weights;
        }
    }

    private ObjectNode modelJson(String sha, double seconds, int resumedAt) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("format", InpaintModel.FORMAT);
        root.put("name", NAME);
        root.put("version", options.version());
        root.put("task", "inpainting of counterfactual edit regions (lesion removal, insertion, resize) in liver CT");
        root.put("architecture", UNet2d.ARCHITECTURE);
        root.put("inChannels", InpaintModel.CHANNELS);
        ArrayNode widths = root.putArray("widths");
        for (int w : InpaintModel.WIDTHS) {
            widths.add(w);
        }
        root.put("parameters", UNet2d.parameterCount(InpaintModel.CHANNELS, 1, InpaintModel.WIDTHS));
        root.put("patch", InpaintModel.PATCH);
        root.put("diffusion", "cosine schedule, " + InpaintModel.TIMESTEPS + " steps, v-prediction; DDIM (eta 0), "
                + InpaintNetwork.STEPS + " steps when sampling");
        root.put("weights", InpaintNetwork.WEIGHTS);
        root.put("sha256", sha);
        root.put("licence", "weights: Apache-2.0 (LiverLens); trained on synthetic CT and on data under CC BY 4.0 "
                + "(TotalSegmentator s0009, Wasserthal et al. 2023), Apache-2.0 (TotalSegmentator example) and "
                + "BSD-3-Clause (dcmqi): attribution in docs/models.md");
        root.put("intendedUse", "Research counterfactuals (liverlens edit --backend learned). Not a medical device.");
        ObjectNode data = root.putObject("trainingData");
        data.put("synthetic", options.syntheticCases() + " cases of the LiverLens synthetic CT generator, seeds "
                + options.seed() + "…" + (options.seed() + options.syntheticCases() - 1) + ", " + pairs.syntheticSlabs()
                + " slabs");
        ArrayNode real = data.putArray("real");
        realNames.forEach(real::add);
        data.put("realSlabs", pairs.realSlabs());
        data.put("excluded", "radcttaceomics (no licence): never trained on");
        ObjectNode recipe = data.putObject("recipe");
        recipe.put("steps", options.steps());
        recipe.put("resumedAtStep", resumedAt);
        recipe.put("batch", options.batch());
        recipe.put("realShare", options.realShare());
        recipe.put("optimizer", String.format(Locale.ROOT, "Adam, cosine learning rate %.1e → %.1e",
                options.learningRate(), options.learningRate() / 50));
        recipe.put("loss", "MSE of v over the region");
        recipe.put("seconds", Math.round(seconds));
        recipe.put("machine", Runtime.getRuntime().availableProcessors() + " CPU threads, DJL PyTorch CPU");
        return root;
    }

    private void checkpoint(UNet2d net, int step) {
        Path weights = TrainingCheckpoint.write(net, options.checkpoints().resolve("edit-step" + step + ".params"),
                CHECKPOINT_FORMAT, step, recipe());
        say("checkpoint " + weights + " (continue with --resume " + weights + ")");
    }

    private int stepsDone() {
        return TrainingCheckpoint.stepsDone(options.resume(), CHECKPOINT_FORMAT, recipe(), options.steps(),
                "liverlens train-edit");
    }

    /** The numbers a resumed run must share with the run it continues. */
    private ObjectNode recipe() {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("steps", options.steps());
        json.put("batch", options.batch());
        json.put("seed", options.seed());
        json.put("synthetic", options.syntheticCases());
        json.put("slabs", options.slabsPerCase());
        json.put("realShare", options.realShare());
        json.put("learningRate", (double) options.learningRate());
        return json;
    }

    private static String text(ObjectNode json) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void say(String line) {
        log.println(line);
        log.flush();
    }

    /** Mean squared error of the prediction over the mask; labels {target, mask}, both [N, 1, H, W]. */
    static final class MaskedMse extends Loss {
        MaskedMse() {
            super("masked-mse");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray pred = predictions.singletonOrThrow();
            NDArray target = labels.get(0);
            NDArray mask = labels.get(1);
            NDArray d = pred.sub(target);
            return d.mul(d).mul(mask).sum().div(mask.sum().add(1));
        }
    }
}
