package org.liverlens.core.segment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * Trains the default network ({@link DefaultModel}) from synthetic CTs ({@link TrainingCases}) and
 * the real cases whose licence allows it ({@link ReferenceCases#training}), and writes a model package.
 * Recipe (docs/models.md): random 2.5D crops of the model grid ({@link TrainingCrops}) with random scale, rotation, HU
 * gain/offset and noise; loss = cross-entropy + soft Dice of liver and tumour; Adam with a cosine
 * learning rate; batch norm statistics from the training batches.
 */
public final class Training {

    /**
     * @param out              package folder to write (model.json + weights)
     * @param steps            optimiser steps
     * @param batch            crops per step
     * @param crop             crop size in model pixels (a multiple of 16)
     * @param seed             first synthetic seed; case n uses {@code seed + n}
     * @param syntheticCases   synthetic cases generated (in the background while training runs)
     * @param realWeight       share of crops taken from the real cases
     * @param testData         the shared test data folder (real cases), or null for synthetic only
     * @param checkpoints      folder for periodic weight checkpoints
     * @param resume           weights to start from, or null
     * @param learningRate     initial Adam learning rate
     * @param fineTune         fine-tuning: the package to start from and the user's own labelled
     *                         cases, or null to train the default network
     * @param faintShare       share of the synthesised tumours made faint ({@code --faint-share},
     *                         {@link org.liverlens.core.synth.LesionModel#faint}); 0 for the recipe of 2.0.0
     */
    public record Options(Path out, int steps, int batch, int crop, long seed, int syntheticCases, double realWeight,
                          Path testData, Path checkpoints, Path resume, float learningRate, String version,
                          FineTune fineTune, double faintShare) {
        /** Most synthetic cases: each prepared case stays in memory (about 10 MB) for the whole run. */
        public static final int MAX_SYNTHETIC = 1000;
        public static final int MAX_STEPS = 10_000_000;

        /** Checks every number against its range, naming the {@code train} option (exit 3). */
        public Options {
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(checkpoints, "checkpoints");
            range("--steps", steps, 1, MAX_STEPS);
            range("--batch", batch, 1, ModelLimits.MAX_BATCH);
            range("--crop", crop, 32, ModelLimits.MAX_PATCH);
            if (crop % 16 != 0) {
                throw new InvalidInputException("--crop is " + crop + ", it must be a multiple of 16 (the U-Net halves "
                        + "it four times)", null, "give --crop 32, 48, … " + ModelLimits.MAX_PATCH);
            }
            range("--synthetic", syntheticCases, 1, MAX_SYNTHETIC);
            if (!(realWeight >= 0 && realWeight <= 1)) {
                throw new InvalidInputException("--real-share is " + realWeight + ", allowed 0…1 (the share of crops "
                        + "taken from real cases)", null, "give a number from 0 to 1, e.g. --real-share 0.15");
            }
            if (!(learningRate > 0 && learningRate <= 1)) {
                throw new InvalidInputException("--lr is " + learningRate + ", allowed above 0 and at most 1", null,
                        "give e.g. --lr 0.002");
            }
            if (!(faintShare >= 0 && faintShare <= 1)) {
                throw new InvalidInputException("--faint-share is " + faintShare + ", allowed 0…1 (the share of "
                        + "synthesised tumours made faint)", null, "give a number from 0 to 1, e.g. --faint-share 0.35");
            }
            if (version == null || !ModelLimits.PLAIN_NAME.matcher(version).matches()) {
                throw new InvalidInputException("--model-version is '" + version + "': allowed are letters, digits and "
                        + ". _ + -, at most " + ModelLimits.MAX_NAME_CHARS + " characters", null, "give e.g. 1.0.1");
            }
        }

        private static void range(String option, long value, long min, long max) {
            if (value < min || value > max) {
                throw new InvalidInputException(option + " is " + value + ", allowed " + min + "…" + max, null,
                        "give " + option + " within " + min + "…" + max + " (liverlens train --help)");
            }
        }
    }

    /**
     * Fine-tuning from few labels: start from {@code base} (a package of the default architecture)
     * and train on the user's {@code cases} ({@link LocalCases}), mixed with synthetic crops so the
     * network does not forget. The package written is for local use only: its licence and data card
     * name the cases, whose own terms govern it.
     *
     * @param name the package name to write
     */
    public record FineTune(ModelPackage base, List<Path> cases, String name) {
        /** Checks the package name (it names the folder the package is installed into). */
        public FineTune {
            if (name == null || !ModelLimits.PLAIN_NAME.matcher(name).matches()) {
                throw new InvalidInputException("--name is '" + name + "': allowed are letters, digits and . _ + - "
                        + "(not first: . + -), at most " + ModelLimits.MAX_NAME_CHARS + " characters", null,
                        "give e.g. --name liver-local");
            }
        }
    }

    private final Options options;
    private final PrintWriter log;
    private final ModelSpec.InputSpec input;
    private final TrainingCrops crops;
    private final List<TrainingCrops.Prepared> synthetic;
    private final List<TrainingCrops.Prepared> real;

    private final TrainingCases source;

    public Training(Options options, PrintWriter log) {
        this(options, log, null);
    }

    /** A training run whose synthetic cases come from {@code source} (null: the generator on the class path). */
    Training(Options options, PrintWriter log, TrainingCases source) {
        this.options = options;
        this.log = log;
        this.input = DefaultModel.input();
        this.source = source;
        this.crops = new TrainingCrops(input, options.crop(), options.realWeight(), options.fineTune() != null,
                options.faintShare());
        this.synthetic = crops.synthetic();
        this.real = crops.real();
    }

    /**
     * Refuses, before anything is allocated, a run this machine cannot hold (the batch's arrays and
     * the network's activations, gradients and optimiser state) and a {@code --resume} file that
     * is missing or does not fit the default network.
     */
    public void checkBeforeStart() {
        UNet2d net = DefaultModel.network();
        ModelLimits.checkMemory(ModelLimits.footprint(options.batch(), input.channels(), net.classes(), options.crop(),
                options.crop(), net.widths(), UNet2d.parameterCount(net.inChannels(), net.classes(), net.widths()), true),
                "training (a batch of " + options.batch() + " crops of " + options.crop() + " × " + options.crop() + ")",
                null, "lower --batch or --crop");
        Path resume = options.resume();
        if (resume != null) {
            if (!Files.isRegularFile(resume)) {
                throw new InvalidInputException("--resume: " + (Files.exists(resume) ? "not a file" : "no such file"),
                        resume, "give a checkpoint written by 'liverlens train' (unet-stepN.params in --checkpoints)");
            }
            UNetWeights.checkSize(resume, net.inChannels(), net.classes(), net.widths(), "--resume takes weights of the "
                    + "default network (" + UNet2d.ARCHITECTURE + " " + java.util.Arrays.toString(net.widths())
                    + "): a checkpoint unet-stepN.params of 'liverlens train' or a package's " + DefaultModel.WEIGHTS);
        }
    }

    /** Where the training runs (default the CPU): {@code auto} takes a GPU that passes the self-test. */
    private Device device = Device.CPU;

    /** Trains on {@code device} instead of the CPU; returns this training. */
    public Training on(Device device) {
        this.device = java.util.Objects.requireNonNull(device, "device");
        return this;
    }

    /** Runs the training and writes the package; returns the package folder. */
    public Path run(Cancellation cancel) {
        checkBeforeStart();
        TrainingCases source = this.source != null ? this.source : TrainingCases.find();
        InferenceEngine engine = InferenceEngine.start(device, this::say);
        say(engine.describe());
        long t0 = System.nanoTime();
        if (options.fineTune() != null) {
            for (Path dir : options.fineTune().cases()) {
                LabelledCt c = LocalCases.read(dir, this::say);
                TrainingCrops.Prepared p = crops.prepare(c, true);
                real.add(p);
                say("local case: " + dir + ", " + p.hu().length + " slices on the model grid, " + p.liverSlices().length
                        + " with liver" + (c.tumourLabelled() ? ", tumour outlined" : ", no tumour outlined"));
            }
        } else if (options.testData() != null) {
            for (LabelledCt c : ReferenceCases.find().training(options.testData())) {
                TrainingCrops.Prepared p = crops.prepare(c, true);
                real.add(p);
                say("real case: " + c.name() + ", " + p.hu().length + " slices on the model grid, "
                        + p.liverSlices().length + " with liver");
            }
        }
        SyntheticCaseProducer producer = new SyntheticCaseProducer(source, options.seed(), options.syntheticCases(),
                c -> synthetic.add(crops.prepare(c, false)), synthetic::size, cancel);
        producer.start();
        try {
            return train(engine, producer, cancel, t0);
        } finally {
            producer.stop();
        }
    }

    private Path train(InferenceEngine engine, SyntheticCaseProducer producer, Cancellation cancel, long t0) {
        int warm = Math.min(8, options.syntheticCases());
        producer.awaitCases(warm, cancel);
        say(String.format(Locale.ROOT, "%d synthetic cases ready after %.0f s; training starts (the rest are made "
                + "while it runs)", synthetic.size(), (System.nanoTime() - t0) / 1e9));
        if (options.resume() == null && options.fineTune() != null) {
            say("fine-tuning from " + options.fineTune().base().spec().name() + " "
                    + options.fineTune().base().spec().version());
        }
        // a fine-tune starts from its base's weights (a resumed one from its checkpoint)
        Path start = options.resume() != null ? options.resume() : options.fineTune() != null
                ? options.fineTune().base().file(options.fineTune().base().spec().network().file()) : null;
        UNetTrainingLoop loop = new UNetTrainingLoop(new UNetTrainingLoop.Recipe(options.steps(), options.learningRate(),
                options.learningRate() / 100, options.seed(), 0x5EEDL, CHECKPOINT_EVERY, options.checkpoints(), "unet",
                TrainingCheckpoint.FORMAT, TrainingCheckpoint.record(options), start, "liverlens train"), this::say)
                .logging(() -> ", " + synthetic.size() + " synthetic cases");
        int c = input.channels();
        int batch = options.batch();
        int crop = options.crop();
        Shape inputShape = new Shape(batch, c, crop, crop);
        Shape labelShape = new Shape(batch, crop, crop);
        Path weights = options.out().resolve(DefaultModel.WEIGHTS);
        UNetTrainingLoop.Result result = loop.run(DefaultModel::network, engine, new SegmentationLoss(), inputShape,
                (random, step) -> {
                    producer.check();
                    float[] x = new float[batch * c * crop * crop];
                    float[] y = new float[batch * crop * crop];
                    for (int b = 0; b < batch; b++) {
                        crops.sample(random, x, y, b);
                    }
                    return new UNetTrainingLoop.Batch(x, inputShape, List.of(y), List.of(labelShape));
                }, weights, cancel);
        String sha = ModelPackage.sha256(weights);
        ObjectNode card = dataCard((System.nanoTime() - t0) / 1e9, result);
        ObjectNode json = DefaultModel.modelJson(options.version(), sha, card, null);
        if (options.fineTune() != null) {
            markLocal(json);
        }
        AtomicFiles.writeString(options.out().resolve(ModelPackage.MODEL_JSON), DefaultModel.toText(json));
        say("wrote " + options.out() + " (weights SHA-256 " + sha + ")");
        return options.out();
    }

    /** Steps between two checkpoints (a few minutes of a run on two cores). */
    static final int CHECKPOINT_EVERY = 100;

    /** Name, licence and intended use of a fine-tuned package: local use only, under the cases' terms. */
    private void markLocal(ObjectNode json) {
        FineTune ft = options.fineTune();
        json.put("name", ft.name());
        json.put("licence", "LOCAL USE ONLY, not for distribution: fine-tuned from " + ft.base().spec().name() + " "
                + ft.base().spec().version() + " on " + ft.cases().size() + " case(s) supplied by the user ("
                + String.join(", ", real.stream().map(TrainingCrops.Prepared::name).toList())
                + "), whose own licence and consent terms govern these weights");
        json.put("intendedUse", "Research on the user's own data: fine-tuned on few cases, evaluate on cases it was not "
                + "trained on before relying on it. Not a medical device.");
    }

    private ObjectNode dataCard(double seconds, UNetTrainingLoop.Result result) {
        ObjectNode card = new ObjectMapper().createObjectNode();
        card.put("synthetic", options.syntheticCases() + " random cases of the LiverLens synthetic CT generator "
                + "(test-dicom SyntheticTrainingCases), seeds " + options.seed() + "…"
                + (options.seed() + options.syntheticCases() - 1) + "; " + synthetic.size() + " were ready by the end");
        com.fasterxml.jackson.databind.node.ArrayNode realList = card.putArray("real");
        for (TrainingCrops.Prepared p : real) {
            realList.add(p.name());
        }
        if (options.fineTune() != null) {
            card.put("fineTunedFrom", options.fineTune().base().spec().name() + " " + options.fineTune().base().spec().version()
                    + " (weights SHA-256 " + options.fineTune().base().spec().info().sha256() + ")");
            card.put("excluded", "nothing shipped: these weights stay with the user");
        } else {
            card.put("excluded", "radcttaceomics (no licence): evaluation only");
        }
        ObjectNode recipe = card.putObject("recipe");
        recipe.put("steps", options.steps());
        recipe.put("batch", options.batch());
        recipe.put("cropPixels", options.crop());
        recipe.put("realShare", options.realWeight());
        recipe.put("faintShare", options.faintShare());
        recipe.put("optimizer", String.format(Locale.ROOT, "Adam, cosine learning rate %.1e → %.1e",
                result.learningRate(), result.learningRate() / 100));
        if (!result.restarts().isEmpty()) { // attempts given up as diverged, each restarted at half the rate
            com.fasterxml.jackson.databind.node.ArrayNode restarts = recipe.putArray("divergedAttempts");
            result.restarts().forEach(restarts::add);
        }
        recipe.put("loss", "cross-entropy + soft Dice (liver, tumour)");
        recipe.put("augmentation", "scale 0.85–1.15, rotation ±12°, HU gain 0.9–1.1 and offset ±20, Gaussian noise 0–10 "
                + "HU; crops centred on the liver 60 % of the time (a quarter of those on the left lobe tip), 15 % on the "
                + "dome and up to 40 mm above it (heart, lungs: background); synthetic cases rendered with per-case "
                + "randomised tissue HU by phase, bias field, noise kernel, fatty or nodular liver and stomach contents");
        recipe.put("lesions", "synthesised tumours (plugin-core synth: deformed ellipsoids 5–" + (int) TrainingLesions.MAX_MM
                + " mm, appearance by phase relative to the local liver, away from bright vessels) pasted fresh into "
                + "70 % of real-liver crops and 35 % of synthetic ones" + (options.fineTune() != null ? " (not when fine-tuning)" : ""));
        recipe.put("seconds", Math.round(seconds));
        recipe.put("machine", Runtime.getRuntime().availableProcessors() + " CPU threads, DJL PyTorch CPU");
        return card;
    }

    /** Writes the network's parameters in DJL's format, atomically. */
    public static void saveWeights(UNet2d net, Path file) {
        AtomicFiles.write(file, out -> net.saveParameters(new DataOutputStream(out)));
    }

    /** Reads parameters written by {@link #saveWeights} into {@code net} (initialised), refusing a file that does not fit. */
    static void loadWeights(UNet2d net, NDManager manager, Path file) {
        UNetWeights.load(net, manager, file, "give weights saved by 'liverlens train' for the default network "
                + "(a checkpoint unet-stepN.params or a package's " + DefaultModel.WEIGHTS + ")");
    }

    private void say(String line) {
        log.println(line);
        log.flush();
    }


    /**
     * Cross-entropy plus soft Dice of the foreground classes, over the whole batch. Labels
     * {@code [N, H, W]} (class index as float), predictions {@code [N, C, H, W]} logits.
     */
    static final class SegmentationLoss extends Loss {
        SegmentationLoss() {
            super("ce+dice");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray logits = predictions.singletonOrThrow();
            long classes = logits.getShape().get(1);
            NDArray logp = logits.logSoftmax(1);
            NDArray onehot = labels.singletonOrThrow().toType(DataType.INT64, false).oneHot((int) classes)
                    .transpose(0, 3, 1, 2).toType(DataType.FLOAT32, false);
            NDArray ce = onehot.mul(logp).sum(new int[] {1}).neg().mean();
            NDArray prob = logp.exp();
            NDArray inter = prob.mul(onehot).sum(new int[] {0, 2, 3});
            NDArray denom = prob.sum(new int[] {0, 2, 3}).add(onehot.sum(new int[] {0, 2, 3}));
            NDArray dice = inter.mul(2).add(1).div(denom.add(1));
            NDArray foreground = dice.get("1:");
            return ce.add(foreground.neg().add(1).mean());
        }
    }
}
