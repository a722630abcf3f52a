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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.Resampler;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * Trains the default network ({@link DefaultModel}) from synthetic CTs ({@link TrainingCases}) and
 * the real cases whose licence allows it ({@link RealCases#training}), and writes a model package.
 * Recipe (docs/models.md): random 2.5D crops of the model grid with random scale, rotation, HU
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
     */
    public record Options(Path out, int steps, int batch, int crop, long seed, int syntheticCases, double realWeight,
                          Path testData, Path checkpoints, Path resume, float learningRate, String version,
                          FineTune fineTune) {
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
    }

    /** A case on the model grid, cut to the liver's slices ± a margin. */
    record Prepared(String name, short[][] hu, byte[][] labels, int columns, int rows, double sliceSpacingMm,
                    int[] liverSlices, int[] tumourSlices, boolean real) {
    }

    private final Options options;
    private final PrintWriter log;
    private final ModelSpec.InputSpec input;
    private final List<Prepared> synthetic = new CopyOnWriteArrayList<>();
    private final List<Prepared> real = new ArrayList<>();

    public Training(Options options, PrintWriter log) {
        this.options = options;
        this.log = log;
        this.input = DefaultModel.input();
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
        if (options.steps() < 1) {
            throw new InvalidInputException("--steps must be at least 1, got " + options.steps(), null, null);
        }
        InferenceEngine engine = InferenceEngine.start(device, this::say);
        say(engine.describe());
        TrainingCases source = TrainingCases.find();
        long t0 = System.nanoTime();
        if (options.fineTune() != null) {
            for (Path dir : options.fineTune().cases()) {
                LabelledCt c = LocalCases.read(dir, this::say);
                Prepared p = prepare(c, true);
                real.add(p);
                say("local case: " + dir + ", " + p.hu().length + " slices on the model grid, " + p.liverSlices().length
                        + " with liver" + (c.tumourLabelled() ? ", tumour outlined" : ", no tumour outlined"));
            }
        } else if (options.testData() != null) {
            for (LabelledCt c : RealCases.training(options.testData())) {
                Prepared p = prepare(c, true);
                real.add(p);
                say("real case: " + c.name() + ", " + p.hu().length + " slices on the model grid, "
                        + p.liverSlices().length + " with liver");
            }
        }
        Thread producer = new Thread(() -> {
            for (int n = 0; n < options.syntheticCases() && !cancel.isCancelled(); n++) {
                LabelledCt c = source.synthetic(options.seed() + n);
                synthetic.add(prepare(c, false));
            }
        }, "synthetic-cases");
        producer.setDaemon(true);
        producer.setPriority(Thread.MIN_PRIORITY);
        producer.start();
        int warm = Math.min(8, options.syntheticCases());
        while (synthetic.size() < warm) {
            cancel.check();
            sleep(200);
        }
        say(String.format(Locale.ROOT, "%d synthetic cases ready after %.0f s; training starts (the rest are made "
                + "while it runs)", synthetic.size(), (System.nanoTime() - t0) / 1e9));

        UNet2d net = DefaultModel.network();
        SplittableRandom random = new SplittableRandom(options.seed() ^ 0x5EEDL);
        try (Model model = Model.newInstance(DefaultModel.NAME, engine.device(), InferenceEngine.PYTORCH)) {
            model.setBlock(net);
            CosineTracker lr = CosineTracker.builder().setBaseValue(options.learningRate())
                    .optFinalValue(options.learningRate() / 100).setMaxUpdates(options.steps()).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(new SegmentationLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build())
                    .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                            XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT)
                    .optDevices(new ai.djl.Device[] {engine.device()});
            int c = input.channels();
            Shape batchShape = new Shape(options.batch(), c, options.crop(), options.crop());
            // Start weights are loaded before the trainer exists: a trainer set up first keeps training
            // the arrays it was initialised with (the loaded ones would be saved untouched). They
            // belong to the model's manager, which outlives the trainer's (the final save comes after).
            Path start = options.resume() != null ? options.resume() : options.fineTune() != null
                    ? options.fineTune().base().file(options.fineTune().base().spec().network().file()) : null;
            if (start != null) {
                net.initialize(model.getNDManager(), DataType.FLOAT32, batchShape);
                loadWeights(net, model.getNDManager(), start);
                say(options.resume() != null ? "resumed from " + start : "fine-tuning from "
                        + options.fineTune().base().spec().name() + " " + options.fineTune().base().spec().version());
            }
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(batchShape);
                double smooth = Double.NaN;
                long tStep = System.nanoTime();
                for (int step = 1; step <= options.steps(); step++) {
                    cancel.check();
                    float[] x = new float[options.batch() * c * options.crop() * options.crop()];
                    float[] y = new float[options.batch() * options.crop() * options.crop()];
                    for (int b = 0; b < options.batch(); b++) {
                        sample(random, x, y, b);
                    }
                    float lossValue;
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray xa = sub.create(x, new Shape(options.batch(), c, options.crop(), options.crop()));
                        NDArray ya = sub.create(y, new Shape(options.batch(), options.crop(), options.crop()));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(xa));
                            NDArray l = trainer.getLoss().evaluate(new NDList(ya), pred);
                            gc.backward(l);
                            lossValue = l.getFloat();
                        }
                        trainer.step();
                    }
                    smooth = Double.isNaN(smooth) ? lossValue : 0.95 * smooth + 0.05 * lossValue;
                    if (step % 20 == 0 || step == 1) {
                        double per = (System.nanoTime() - tStep) / 1e9 / (step == 1 ? 1 : 20);
                        tStep = System.nanoTime();
                        say(String.format(Locale.ROOT, "step %d/%d loss %.4f (smoothed %.4f) lr %.2e %.2f s/step, %d "
                                + "synthetic cases", step, options.steps(), lossValue, smooth,
                                lr.getNewValue(step), per, synthetic.size()));
                    }
                    if (step % 250 == 0 || step == options.steps()) {
                        Path ck = options.checkpoints().resolve("unet-step" + step + ".params");
                        saveWeights(net, ck);
                        say("checkpoint " + ck);
                    }
                }
            }
            cancel.check();
            Path weights = options.out().resolve(DefaultModel.WEIGHTS);
            saveWeights(net, weights);
            String sha = ModelPackage.sha256(weights);
            ObjectNode card = dataCard((System.nanoTime() - t0) / 1e9);
            ObjectNode json = DefaultModel.modelJson(options.version(), sha, card, null);
            if (options.fineTune() != null) {
                markLocal(json);
            }
            AtomicFiles.writeString(options.out().resolve(ModelPackage.MODEL_JSON), DefaultModel.toText(json));
            say("wrote " + options.out() + " (weights SHA-256 " + sha + ")");
            return options.out();
        }
    }

    /** Name, licence and intended use of a fine-tuned package: local use only, under the cases' terms. */
    private void markLocal(ObjectNode json) {
        FineTune ft = options.fineTune();
        json.put("name", ft.name());
        json.put("licence", "LOCAL USE ONLY, not for distribution: fine-tuned from " + ft.base().spec().name() + " "
                + ft.base().spec().version() + " on " + ft.cases().size() + " case(s) supplied by the user ("
                + String.join(", ", real.stream().map(Prepared::name).toList())
                + "), whose own licence and consent terms govern these weights");
        json.put("intendedUse", "Research on the user's own data: fine-tuned on few cases, evaluate on cases it was not "
                + "trained on before relying on it. Not a medical device.");
    }

    private ObjectNode dataCard(double seconds) {
        ObjectNode card = new ObjectMapper().createObjectNode();
        card.put("synthetic", options.syntheticCases() + " random cases of the LiverLens synthetic CT generator "
                + "(test-dicom SyntheticTrainingCases), seeds " + options.seed() + "…"
                + (options.seed() + options.syntheticCases() - 1) + "; " + synthetic.size() + " were ready by the end");
        com.fasterxml.jackson.databind.node.ArrayNode realList = card.putArray("real");
        for (Prepared p : real) {
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
        recipe.put("optimizer", String.format(Locale.ROOT, "Adam, cosine learning rate %.1e → %.1e", options.learningRate(),
                options.learningRate() / 100));
        recipe.put("loss", "cross-entropy + soft Dice (liver, tumour)");
        recipe.put("augmentation", "scale 0.85–1.15, rotation ±12°, HU gain 0.9–1.1 and offset ±20, Gaussian noise 0–10 "
                + "HU; crops centred on the liver 60 % of the time");
        recipe.put("seconds", Math.round(seconds));
        recipe.put("machine", Runtime.getRuntime().availableProcessors() + " CPU threads, DJL PyTorch CPU");
        return card;
    }

    /** The case on the model grid, cut to the liver's slices ± 40 mm (all slices when it has no liver). */
    Prepared prepare(LabelledCt c, boolean isReal) {
        HuVolume hu = ModelInput.onModelGrid(c.ct(), input);
        VolumeGeometry g = hu.geometry();
        LabelVolume labels = Resampler.resampledNearest(c.labels(), g);
        int first = -1;
        int last = -1;
        for (int k = 0; k < g.slices(); k++) {
            if (!labels.isSliceEmpty(k)) {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        int margin = (int) Math.ceil(40 / g.spacingMm()[2]);
        int k0 = first < 0 ? 0 : Math.max(0, first - margin);
        int k1 = first < 0 ? g.slices() - 1 : Math.min(g.slices() - 1, last + margin);
        int n = k1 - k0 + 1;
        short[][] h = new short[n][];
        byte[][] l = new byte[n][];
        List<Integer> liver = new ArrayList<>();
        List<Integer> tumour = new ArrayList<>();
        for (int k = k0; k <= k1; k++) {
            h[k - k0] = hu.slice(k).clone();
            short[] s = labels.slice(k);
            byte[] b = new byte[s.length];
            boolean any = false;
            boolean anyTumour = false;
            for (int p = 0; p < s.length; p++) {
                b[p] = (byte) s[p];
                any |= s[p] != 0;
                anyTumour |= s[p] == Segmenter.TUMOUR;
            }
            l[k - k0] = b;
            if (any) {
                liver.add(k - k0);
            }
            if (anyTumour) {
                tumour.add(k - k0);
            }
        }
        return new Prepared(c.name(), h, l, g.columns(), g.rows(), g.spacingMm()[2],
                liver.stream().mapToInt(Integer::intValue).toArray(), tumour.stream().mapToInt(Integer::intValue).toArray(),
                isReal);
    }

    /** One augmented crop into batch slot {@code b}. */
    private void sample(SplittableRandom r, float[] x, float[] y, int b) {
        Prepared p;
        if (!real.isEmpty() && r.nextDouble() < options.realWeight()) {
            p = real.get(r.nextInt(real.size()));
        } else {
            p = synthetic.get(r.nextInt(synthetic.size()));
        }
        int slices = p.hu().length;
        // Fine-tuning on a user's case with tumour outlined: a third of its crops centre on the tumour.
        boolean onTumour = options.fineTune() != null && p.real() && p.tumourSlices().length > 0 && r.nextDouble() < 1 / 3.0;
        int k = onTumour ? p.tumourSlices()[r.nextInt(p.tumourSlices().length)]
                : p.liverSlices().length > 0 && r.nextDouble() < 0.8
                ? p.liverSlices()[r.nextInt(p.liverSlices().length)] : r.nextInt(slices);
        double[] offsets = ModelInput.channelOffsets(input, p.sliceSpacingMm());
        int cols = p.columns();
        int rows = p.rows();
        int crop = options.crop();
        int channels = offsets.length;
        // centre: on the liver (or the tumour) of this slice 60 % of the time, anywhere inside the image otherwise
        double cx = cols / 2.0;
        double cy = rows / 2.0;
        byte[] lab = p.labels()[k];
        if (onTumour || r.nextDouble() < 0.6) {
            long sx = 0;
            long sy = 0;
            long n = 0;
            for (int q = 0; q < lab.length; q++) {
                if (onTumour ? lab[q] == Segmenter.TUMOUR : lab[q] != 0) {
                    sx += q % cols;
                    sy += q / cols;
                    n++;
                }
            }
            if (n > 0) {
                cx = (double) sx / n + r.nextDouble(-20, 20);
                cy = (double) sy / n + r.nextDouble(-20, 20);
            }
        } else {
            cx = r.nextDouble(crop / 3.0, Math.max(crop / 3.0 + 1, cols - crop / 3.0));
            cy = r.nextDouble(crop / 3.0, Math.max(crop / 3.0 + 1, rows - crop / 3.0));
        }
        double scale = r.nextDouble(0.85, 1.15);
        double angle = Math.toRadians(r.nextDouble(-12, 12));
        double ca = Math.cos(angle) * scale;
        double sa = Math.sin(angle) * scale;
        double gain = r.nextDouble(0.9, 1.1);
        double offset = r.nextDouble(-20, 20);
        double noise = r.nextDouble() < 0.5 ? r.nextDouble(0, 10) : 0;
        int plane = crop * crop;
        int base = b * channels * plane;
        for (int v = 0; v < crop; v++) {
            for (int u = 0; u < crop; u++) {
                double du = u - crop / 2.0;
                double dv = v - crop / 2.0;
                double sx = cx + ca * du - sa * dv;
                double sy = cy + sa * du + ca * dv;
                int nx = (int) Math.round(sx);
                int ny = (int) Math.round(sy);
                y[b * plane + v * crop + u] = nx >= 0 && ny >= 0 && nx < cols && ny < rows ? lab[ny * cols + nx] : 0;
                double n = noise > 0 ? r.nextGaussian() * noise : 0;
                for (int c = 0; c < channels; c++) {
                    double hu = sampleHu(p, k + offsets[c], sx, sy) * gain + offset + n;
                    x[base + c * plane + v * crop + u] = input.normalise(hu);
                }
            }
        }
    }

    /** Bilinear in-plane, linear along z (clamped), −1024 outside the image. */
    private static double sampleHu(Prepared p, double z, double sx, double sy) {
        int cols = p.columns();
        int rows = p.rows();
        if (sx < 0 || sy < 0 || sx > cols - 1 || sy > rows - 1) {
            return ModelInput.OUTSIDE_HU;
        }
        z = Math.max(0, Math.min(p.hu().length - 1, z));
        int z0 = (int) z;
        int z1 = Math.min(z0 + 1, p.hu().length - 1);
        double fz = z - z0;
        double a = bilinear(p.hu()[z0], cols, sx, sy, rows);
        return fz == 0 ? a : a + fz * (bilinear(p.hu()[z1], cols, sx, sy, rows) - a);
    }

    private static double bilinear(short[] s, int cols, double x, double y, int rows) {
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, cols - 1);
        int y1 = Math.min(y0 + 1, rows - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = s[y0 * cols + x0] + fx * (s[y0 * cols + x1] - s[y0 * cols + x0]);
        double bottom = s[y1 * cols + x0] + fx * (s[y1 * cols + x1] - s[y1 * cols + x0]);
        return top + fy * (bottom - top);
    }

    /** Writes the network's parameters in DJL's format, atomically. */
    static void saveWeights(UNet2d net, Path file) {
        AtomicFiles.write(file, out -> net.saveParameters(new DataOutputStream(out)));
    }

    /** Reads parameters written by {@link #saveWeights}. */
    static void loadWeights(UNet2d net, NDManager manager, Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            net.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ai.djl.MalformedModelException e) {
            throw new IllegalStateException("weights do not fit the network: " + e.getMessage(), e);
        }
    }

    private void say(String line) {
        log.println(line);
        log.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
