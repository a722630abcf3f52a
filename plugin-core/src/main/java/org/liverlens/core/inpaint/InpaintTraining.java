package org.liverlens.core.inpaint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

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
import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.segment.UNet2d;
import org.liverlens.core.segment.UNetTrainingLoop;
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
 * have drawn; Adam's moments start again from zero); a resumed run is watched for divergence. The
 * loop is the shared {@link UNetTrainingLoop}.
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
    private final UNetTrainingLoop loop;

    public InpaintTraining(Options options, PrintWriter log) {
        this.options = options;
        this.log = log;
        this.loop = new UNetTrainingLoop(new UNetTrainingLoop.Recipe(options.steps(), options.learningRate(),
                options.learningRate() / 50, options.seed(), 0xED17L, CHECKPOINT_EVERY, options.checkpoints(), "edit",
                CHECKPOINT_FORMAT, recipe(), options.resume(), "liverlens train-edit"), this::say);
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
            loop.stepsDone();
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
        int done = loop.stepsDone();
        int P = InpaintModel.PATCH;
        int n = P * P;
        int batch = options.batch();
        Shape shape = new Shape(batch, InpaintModel.CHANNELS, P, P);
        Shape target = new Shape(batch, 1, P, P);
        Path weights = options.out().resolve(InpaintNetwork.WEIGHTS);
        UNetTrainingLoop.Result result = loop.run(InpaintModel::network, engine, new MaskedMse(), shape, (rnd, step) -> {
            float[] x = new float[batch * InpaintModel.CHANNELS * n];
            float[] v = new float[batch * n];
            float[] m = new float[batch * n];
            for (int b = 0; b < batch; b++) {
                while (!pairs.sample(rnd, options.realShare(), x, v, m, b)) {
                    // drawn again: the lesion did not fit the slab
                }
            }
            return new UNetTrainingLoop.Batch(x, shape, List.of(v, m), List.of(target, target));
        }, weights, cancel);
        String sha = ModelPackage.sha256(weights);
        ObjectNode json = modelJson(sha, (System.nanoTime() - t0) / 1e9, done, result);
        AtomicFiles.writeString(options.out().resolve(InpaintNetwork.MODEL_JSON), text(json));
        say("wrote " + weights + " (SHA-256 " + sha + ") and " + InpaintNetwork.MODEL_JSON);
        return weights;
    }

    private ObjectNode modelJson(String sha, double seconds, int resumedAt, UNetTrainingLoop.Result result) {
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
                result.learningRate(), result.learningRate() / 50));
        if (!result.restarts().isEmpty()) { // attempts given up as diverged, each restarted at half the rate
            ArrayNode restarts = recipe.putArray("divergedAttempts");
            result.restarts().forEach(restarts::add);
        }
        recipe.put("loss", "MSE of v over the region");
        recipe.put("seconds", Math.round(seconds));
        recipe.put("machine", Runtime.getRuntime().availableProcessors() + " CPU threads, DJL PyTorch CPU");
        return root;
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
