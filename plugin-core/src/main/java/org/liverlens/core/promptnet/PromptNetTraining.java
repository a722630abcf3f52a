package org.liverlens.core.promptnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.InferenceEngine;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.PromptModelSpec;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.segment.UNet2d;
import org.liverlens.core.segment.UNetTrainingLoop;
import org.liverlens.core.segment.UNetWeights;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * Trains the learned prompt network ({@code liverlens train-prompt}) on lesions pasted into synthetic
 * and licensed real livers ({@link LesionInstances}, {@link InstancePool}) with simulated prompts
 * ({@link PromptSamples}), through the shared loop ({@link UNetTrainingLoop}: Adam, cosine learning
 * rate, checkpoints, {@code --resume}); loss: binary cross-entropy plus soft Dice over the batch.
 * Writes a prompt model package ({@link PromptModelSpec}, 2.5D): {@value PromptNet#WEIGHTS} and
 * {@code model.json} with the data card. radcttaceomics is never used (no licence).
 */
public final class PromptNetTraining {
    public static final String NAME = "liverlens-prompt-unet2.5d";
    static final int CROP = 96;
    static final int[] WIDTHS = {16, 32, 64, 128};
    static final double[] WINDOW_HU = {-160, 240};
    static final double CLICK_SIGMA_MM = 3;
    static final double[] PIXEL_MM = {0.5, 2.0};
    static final double SLICE_STEP_MM = 2.5;
    static final double THRESHOLD = 0.5;
    static final String CHECKPOINT_FORMAT = "liverlens-prompt-checkpoint/1";
    static final int CHECKPOINT_EVERY = 100;
    /**
     * Default share of the pasted lesions made faint ({@code --faint-share}; 0 until run 7): contrast
     * 5–25 HU from the liver with the drawn sign, an ill-defined margin of 1–6 mm
     * ({@link org.liverlens.core.synth.LesionModel#faint}). The real lesions a click misses are such
     * (7–30 HU, no rim: docs/prompt.md), while the lesion model's typical ranges reach 70–80 HU.
     */
    public static final double FAINT_SHARE = 0.35;
    /**
     * Default share of the examples that are a click on parenchyma with an empty target
     * ({@code --parenchyma-share}; 0.10 until run 7).
     */
    public static final double PARENCHYMA_SHARE = 0.15;
    /** Most of that share: the start-slice examples keep 45 %, the propagation ones at least 5 %. */
    public static final double MAX_PARENCHYMA_SHARE = 0.5;
    /** Pasted lesions the pool holds; training waits for {@link #WARM} before its first step. */
    static final int POOL = 48;
    static final int WARM = 8;

    /** The options of {@code train-prompt}, checked (exit 3 naming the option). */
    public record Options(Path out, int steps, int batch, long seed, int syntheticCases, double realShare,
                          Path testData, Path checkpoints, Path resume, float learningRate, String version,
                          double faintShare, double parenchymaShare) {
        public Options {
            range("--steps", steps, 1, 10_000_000);
            range("--batch", batch, 1, 256);
            range("--synthetic", syntheticCases, 0, 200);
            if (!(realShare >= 0 && realShare <= 1)) {
                throw new InvalidInputException("--real-share is " + realShare + ", allowed 0…1", null,
                        "give e.g. --real-share 0.5");
            }
            if (!(learningRate > 0 && learningRate <= 1)) {
                throw new InvalidInputException("--lr is " + learningRate + ", allowed above 0 and at most 1", null,
                        "give e.g. --lr 0.002");
            }
            if (!(faintShare >= 0 && faintShare <= 1)) {
                throw new InvalidInputException("--faint-share is " + faintShare + ", allowed 0…1", null,
                        "give e.g. --faint-share " + FAINT_SHARE);
            }
            if (!(parenchymaShare >= 0 && parenchymaShare <= MAX_PARENCHYMA_SHARE)) {
                throw new InvalidInputException("--parenchyma-share is " + parenchymaShare + ", allowed 0…"
                        + MAX_PARENCHYMA_SHARE, null, "give e.g. --parenchyma-share " + PARENCHYMA_SHARE);
            }
            if (syntheticCases == 0 && testData == null) {
                throw new InvalidInputException("no training data: --synthetic 0 and no real cases", null,
                        "give --synthetic N or the test data");
            }
        }

        private static void range(String option, long value, long min, long max) {
            if (value < min || value > max) {
                throw new InvalidInputException(option + " is " + value + ", allowed " + min + "…" + max, null,
                        "give " + option + " within " + min + "…" + max + " (liverlens train-prompt --help)");
            }
        }
    }

    private final Options options;
    private final PrintWriter log;
    private final LesionInstances instances = new LesionInstances();
    private final UNetTrainingLoop loop;

    public PromptNetTraining(Options options, PrintWriter log) {
        this.options = options;
        this.log = log;
        this.loop = new UNetTrainingLoop(new UNetTrainingLoop.Recipe(options.steps(), options.learningRate(),
                options.learningRate() / 50, options.seed(), 0x9C1C4L, CHECKPOINT_EVERY, options.checkpoints(),
                "prompt", CHECKPOINT_FORMAT, recipe(), options.resume(), "liverlens train-prompt"), this::say);
    }

    /** Refuses a --resume file that is missing, does not fit the network, or belongs to another run. */
    public void checkBeforeStart() {
        if (options.resume() != null) {
            loop.stepsDone();
            UNetWeights.checkSize(options.resume(), SliceCrop.CHANNELS, 1, WIDTHS,
                    "--resume takes weights of the prompt network (a checkpoint prompt-stepN.params)");
        }
    }

    /** Trains and writes the package; returns its folder. */
    public Path run(Cancellation cancel) {
        checkBeforeStart();
        long t0 = System.nanoTime();
        if (options.testData() != null) {
            for (LabelledCt c : ReferenceCases.find().training(options.testData())) {
                if (instances.add(c, true)) {
                    say("real case: " + c.name());
                }
            }
        }
        InstancePool pool = new InstancePool(instances, POOL, options.syntheticCases() > 0 ? TrainingCases.find() : null,
                options.seed(), options.syntheticCases(), options.realShare(), options.faintShare(), options.seed(),
                this::say, cancel);
        pool.start();
        try {
            InferenceEngine engine = InferenceEngine.start(Device.CPU, this::say);
            say(engine.describe());
            PromptSamples samples = new PromptSamples(CROP, WINDOW_HU, CLICK_SIGMA_MM, PIXEL_MM, SLICE_STEP_MM,
                    options.parenchymaShare());
            int n = CROP * CROP;
            int batch = options.batch();
            Shape shape = new Shape(batch, SliceCrop.CHANNELS, CROP, CROP);
            Path weights = options.out().resolve(PromptNet.WEIGHTS);
            UNetTrainingLoop.Result result = InferenceEngine.withDjlClassLoader(() -> loop.run(
                    () -> new UNet2d(SliceCrop.CHANNELS, 1, WIDTHS), engine, new DiceBce(), shape, (rnd, step) -> {
                    float[] x = new float[batch * SliceCrop.CHANNELS * n];
                    float[] y = new float[batch * n];
                    for (int b = 0; b < batch; b++) {
                        SplittableRandom r = rnd.split();
                        while (!samples.sample(pool.draw(r, WARM, cancel), r, x, y, b)) {
                            java.util.Arrays.fill(x, b * SliceCrop.CHANNELS * n, (b + 1) * SliceCrop.CHANNELS * n, 0);
                            java.util.Arrays.fill(y, b * n, (b + 1) * n, 0);
                        }
                    }
                    return new UNetTrainingLoop.Batch(x, shape, List.of(y), List.of(new Shape(batch, 1, CROP, CROP)));
                }, weights, cancel));
            String sha = ModelPackage.sha256(weights);
            AtomicFiles.writeString(options.out().resolve(PromptNet.MODEL_JSON),
                    text(modelJson(sha, (System.nanoTime() - t0) / 1e9, pool.made(), result)));
            say("wrote " + weights + " (SHA-256 " + sha + ") and " + PromptNet.MODEL_JSON + "; " + pool.made()
                    + " lesions pasted");
            return options.out();
        } finally {
            pool.stop();
        }
    }

    private ObjectNode modelJson(String sha, double seconds, int lesions, UNetTrainingLoop.Result result) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("format", PromptModelSpec.FORMAT);
        root.put("name", NAME);
        root.put("version", options.version());
        root.put("task", "one liver lesion from clicks or a box on CT, slice by slice from the prompt's slice");
        root.put("modality", "CT");
        ObjectNode input = root.putObject("input");
        input.put("dimensionality", PromptModelSpec.D2_5);
        input.putArray("cropVoxels").add(CROP).add(CROP);
        input.putArray("pixelMmRange").add(PIXEL_MM[0]).add(PIXEL_MM[1]);
        input.put("sliceStepMm", SLICE_STEP_MM);
        input.putArray("windowHu").add(WINDOW_HU[0]).add(WINDOW_HU[1]);
        ArrayNode ch = input.putArray("channels");
        PromptModelSpec.CHANNELS_2_5D.forEach(ch::add);
        input.put("clickSigmaMm", CLICK_SIGMA_MM);
        root.putObject("output").put("threshold", THRESHOLD);
        ObjectNode net = root.putObject("network");
        net.put("architecture", UNet2d.ARCHITECTURE);
        net.put("file", PromptNet.WEIGHTS);
        ArrayNode w = net.putArray("widths");
        for (int x : WIDTHS) {
            w.add(x);
        }
        root.putObject("files").put(PromptNet.WEIGHTS, sha);
        root.put("licence", "weights: Apache-2.0 (LiverLens); trained on synthetic CT and on data under CC BY 4.0 "
                + "(TotalSegmentator s0009, Wasserthal et al. 2023), Apache-2.0 (TotalSegmentator example) and "
                + "BSD-3-Clause (dcmqi): attribution in docs/models.md");
        root.put("intendedUse", "Research: one lesion from clicks or a box (liverlens prompt --method learned), for "
                + "review by a reader. Not a medical device.");
        ObjectNode data = root.putObject("trainingData");
        data.put("synthetic", options.syntheticCases() + " cases of the LiverLens synthetic CT generator, seeds "
                + options.seed() + "…" + (options.seed() + options.syntheticCases() - 1) + "; "
                + instances.syntheticCases() + " were ready by the end");
        ArrayNode real = data.putArray("real");
        instances.realNames().forEach(real::add);
        data.put("lesions", lesions + " lesions of plugin-core synth (5–150 mm log-uniform, appearance by a random "
                + "phase, texture, margin; " + Math.round(options.faintShare() * 100) + " % made faint: 5–25 HU, "
                + "ill-defined) pasted into those livers away from bright vessels");
        data.put("excluded", "radcttaceomics (no licence): never trained on");
        ObjectNode recipe = data.putObject("recipe");
        recipe.setAll(recipe());
        recipe.put("optimizer", String.format(Locale.ROOT, "Adam, cosine learning rate %.1e → %.1e",
                result.learningRate(), result.learningRate() / 50));
        if (!result.restarts().isEmpty()) { // attempts given up as diverged, each restarted at half the rate
            ArrayNode restarts = recipe.putArray("divergedAttempts");
            result.restarts().forEach(restarts::add);
        }
        recipe.put("loss", "binary cross-entropy + soft Dice over the batch");
        recipe.put("parameters", UNet2d.parameterCount(SliceCrop.CHANNELS, 1, WIDTHS));
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
        json.put("realShare", options.realShare());
        json.put("learningRate", (double) options.learningRate());
        json.put("faintShare", options.faintShare());
        json.put("parenchymaShare", options.parenchymaShare());
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
        synchronized (log) {
            log.println(line);
            log.flush();
        }
    }

    /** Binary cross-entropy on the logits plus soft Dice over the batch; labels {target} [N, 1, H, W]. */
    static final class DiceBce extends Loss {
        DiceBce() {
            super("bce+dice");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray logit = predictions.singletonOrThrow();
            NDArray y = labels.singletonOrThrow();
            NDArray bce = logit.maximum(0f).sub(logit.mul(y)).add(logit.abs().neg().exp().add(1).log()).mean();
            NDArray p = Activation.sigmoid(logit);
            NDArray dice = p.mul(y).sum().mul(2).add(1).div(p.sum().add(y.sum()).add(1));
            return bce.add(dice.neg().add(1));
        }
    }
}
