package org.liverlens.core.segment;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.Resampler;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;

/**
 * Opens the {@link Segmenter} of a model package: verifies the package, starts the inference engine
 * on the chosen device (with its numeric self-test) and loads the network. The pipeline of
 * {@link Segmenter#segment}: resample the CT to the model grid (trilinear), normalise, slide
 * overlapping patches with Gaussian weights (optionally mirrored), softmax, resample the class
 * probabilities back to the CT grid (trilinear) and take the most probable class, then
 * {@link PostProcess} (and the package's lesion rules, {@link LesionRules}), and then, unless the options ask for the network's lesions alone, the
 * {@link LesionDetector} at the CT's resolution.
 */
public final class ModelSegmenter implements Segmenter {
    private final ModelPackage pkg;
    private final InferenceEngine engine;
    private final PatchNetwork network;
    private final boolean mirror;
    private final LesionSource lesions;
    /** Seconds spent in the network's forward passes during the last {@link #segment}. */
    private volatile double forwardSeconds;

    private ModelSegmenter(ModelPackage pkg, InferenceEngine engine, PatchNetwork network, boolean mirror,
                           LesionSource lesions) {
        this.pkg = pkg;
        this.engine = engine;
        this.network = network;
        this.mirror = mirror;
        this.lesions = lesions;
    }

    /**
     * Opens a segmenter.
     *
     * @throws InvalidInputException (exit 3) for a missing or damaged package (hash mismatch, missing
     *                               file, unknown architecture) or a device that fails its self-test
     */
    public static Segmenter open(SegmenterOptions options) {
        return prepare(options).get();
    }

    /**
     * Opens and checks the package of {@code options} now (model.json, checksums, sizes, memory: a
     * quick refusal of a bad package, before a command loads a CT), and starts its engine only when
     * the returned supplier is called.
     */
    public static java.util.function.Supplier<Segmenter> prepare(SegmenterOptions options) {
        ModelPackage pkg = ModelPackage.resolve(options.model(), UserHome.fromEnvironment());
        return () -> open(pkg, options);
    }

    /** Opens a segmenter for an already opened package. */
    public static ModelSegmenter open(ModelPackage pkg, SegmenterOptions options) {
        return open(pkg, options, true);
    }

    /**
     * Opens a segmenter; {@code foldBatchNorm} false keeps our U-Net's batch norms as separate
     * operations (what {@link #open(ModelPackage, SegmenterOptions)} folds away), to measure or test the folding.
     */
    public static ModelSegmenter open(ModelPackage pkg, SegmenterOptions options, boolean foldBatchNorm) {
        InferenceEngine engine = InferenceEngine.start(options.device(), options.notices());
        boolean mirror = options.mirrorTta();
        if (mirror && pkg.spec().inference().mirrorAxes().length == 0) {
            options.notices().accept("--tta: model " + pkg.spec().name() + " declares no mirror axes (it was not trained "
                    + "on mirrored images), so test-time augmentation is off");
            mirror = false;
        }
        PatchNetwork network = PatchNetwork.load(pkg, engine, foldBatchNorm);
        network.fitToGpuMemory(engine.device(), options.notices());
        return new ModelSegmenter(pkg, engine, network, mirror, options.lesions());
    }

    /**
     * Refuses a series whose modality is not the model's (a CT model on an MR series gives noise, not
     * an error). Callers that load a series for {@link #segment} check it first.
     *
     * @param where the series folder or file, for the message
     */
    public static void checkModality(String modality, ModelSpec spec, java.nio.file.Path where) {
        if (!spec.modality().equalsIgnoreCase(modality == null ? "" : modality.trim())) {
            throw new InvalidInputException("model " + spec.name() + " segments " + spec.modality() + "; the series is "
                    + (modality == null || modality.isBlank() ? "of no modality" : modality)
                    + " (Modality (0008,0060))", where, "choose a " + spec.modality() + " series (liverlens info DIR lists them)");
        }
    }

    @Override
    public ModelInfo model() {
        return pkg.spec().info();
    }

    /** The package this segmenter runs. */
    public ModelPackage modelPackage() {
        return pkg;
    }

    /** Seconds of network forward passes (softmax included) in the last segmentation: the part a peer runtime can be compared on. */
    public double lastForwardSeconds() {
        return forwardSeconds;
    }

    /**
     * Class probabilities of one input batch, exactly as {@link #segment} computes them (no
     * mirroring); {@link PatchBatches} gives the batches {@link #segment} feeds.
     */
    public float[] probabilities(float[] input, long[] shape) {
        return network.predict(input, shape, new int[0]);
    }

    /**
     * The network as stored in the package (LiverLens' own architectures: a {@link UNet2d}, batch norm
     * not folded), for callers that inspect or run it outside a segmentation.
     */
    public ai.djl.nn.Block block() {
        return network.block();
    }

    /** Engine, device and threads, in one line. */
    public String describeEngine() {
        return engine.describe();
    }

    @Override
    public SegmentationResult segment(HuVolume ct, Progress progress, Cancellation cancel) {
        Map<String, Double> stages = new LinkedHashMap<>();
        NetworkOutput n = network(ct, progress, cancel, stages);
        LabelVolume labels = n.labels();
        long t = System.nanoTime();
        if (lesions != LesionSource.NETWORK) {
            cancel.check();
            labels = new LesionDetector().apply(ct, labels, lesions);
            lap(stages, "lesions", t);
        }
        return new SegmentationResult(labels, model(), stages);
    }

    /**
     * The network's labels on the CT grid after {@link PostProcess} (and the lesion rules when the
     * package asks for them), with its tumour probability on the same grid: what {@link #segment}
     * starts from before the lesion stage.
     */
    public record NetworkOutput(LabelVolume labels, TumourProbability tumour) {
    }

    /** Runs the network and the post-processing; {@code stages} receives the seconds of each stage. */
    public NetworkOutput network(HuVolume ct, Progress progress, Cancellation cancel, Map<String, Double> stages) {
        NetworkOutput n = beforeLesionRules(ct, progress, cancel, stages);
        LesionRules rules = pkg.spec().postProcess().lesionRules();
        if (rules == null) {
            return n;
        }
        cancel.check();
        long t = System.nanoTime();
        LabelVolume labels = rules.apply(ct, n.labels(), n.tumour());
        lap(stages, "lesionRules", t);
        return new NetworkOutput(labels, n.tumour());
    }

    /**
     * As {@link #network} but without the package's lesion rules: what {@code bench lesions} keeps, so
     * that rules are scored on top of it.
     */
    public NetworkOutput beforeLesionRules(HuVolume ct, Progress progress, Cancellation cancel,
                                           Map<String, Double> stages) {
        ModelSpec spec = pkg.spec();
        long t = System.nanoTime();
        ModelLimits.checkGrid(ModelInput.grid(ct.geometry(), spec.input()), ct.geometry(), spec,
                pkg.folder().resolve(ModelPackage.MODEL_JSON));
        HuVolume grid = ModelInput.onModelGrid(ct, spec.input());
        t = lap(stages, "resample", t);
        cancel.check();
        float[][] probs = predict(grid, progress, cancel);
        t = lap(stages, "inference", t);
        TumourProbability tumour = new TumourProbability(ct.geometry());
        LabelVolume labels = toCtGrid(probs, grid.geometry(), ct.geometry(), spec, tumour);
        t = lap(stages, "resampleBack", t);
        cancel.check();
        PostProcess.apply(labels, ct, spec.postProcess());
        lap(stages, "postprocess", t);
        return new NetworkOutput(labels, tumour);
    }

    /** Class probabilities on the model grid: {@code [slice][class * plane + p]}. */
    float[][] predict(HuVolume grid, Progress progress, Cancellation cancel) {
        ModelSpec spec = pkg.spec();
        if (spec.input().dimensionality() == ModelSpec.Dimensionality.D3) {
            return predict3d(grid, progress, cancel);
        }
        VolumeGeometry g = grid.geometry();
        int cols = g.columns();
        int rows = g.rows();
        int plane = cols * rows;
        int classes = network.classes();
        int pw = spec.inference().patch()[0];
        int ph = spec.inference().patch()[1];
        PatchBatches batches = new PatchBatches(grid, spec);
        float[] weight = SlidingWindow.gaussian(new int[] {ph, pw}, spec.inference().sigmaScale());
        int[] mirrorAxes = mirror ? spec.inference().mirrorAxes() : new int[0];
        forwardSeconds = 0;
        float[][] probs = new float[g.slices()][];
        float[] weightSum = new float[plane];
        // every slice sees the same tiling, so the weight sum is one plane
        for (int y0 : batches.yStarts()) {
            for (int x0 : batches.xStarts()) {
                accumulate(weightSum, null, 0, weight, x0, y0, pw, ph, cols, rows);
            }
        }
        progress.begin("segmenting (" + g.slices() + " slices)", batches.patches());
        while (batches.next()) {
            cancel.check();
            long tf = System.nanoTime();
            float[] out = network.predict(batches.values(), batches.shape(), mirrorAxes);
            forwardSeconds += (System.nanoTime() - tf) / 1e9;
            for (int b = 0; b < batches.count(); b++) {
                int kk = batches.slice(b);
                if (probs[kk] == null) {
                    probs[kk] = new float[classes * plane];
                }
                for (int c = 0; c < classes; c++) {
                    accumulate(probs[kk], out, (b * classes + c) * pw * ph, weight, batches.x0(b), batches.y0(b), pw, ph,
                            cols, rows, c * plane);
                }
            }
            progress.advance(batches.count());
        }
        progress.end();
        for (float[] p : probs) {
            for (int c = 0; c < classes; c++) {
                for (int q = 0; q < plane; q++) {
                    p[c * plane + q] /= weightSum[q];
                }
            }
        }
        return probs;
    }

    private float[][] predict3d(HuVolume grid, Progress progress, Cancellation cancel) {
        throw new InvalidInputException("3D model packages are not supported by this LiverLens version yet", pkg.folder(),
                "use a 2D or 2.5D model");
    }

    private static void accumulate(float[] dst, float[] src, int srcOffset, float[] weight, int x0, int y0, int pw, int ph,
                                   int cols, int rows) {
        accumulate(dst, src, srcOffset, weight, x0, y0, pw, ph, cols, rows, 0);
    }

    /** Adds weight × src (or the weight alone when src is null) of a patch into a plane at dstOffset. */
    static void accumulate(float[] dst, float[] src, int srcOffset, float[] weight, int x0, int y0, int pw, int ph, int cols,
                           int rows, int dstOffset) {
        for (int v = 0; v < ph && y0 + v < rows; v++) {
            int row = dstOffset + (y0 + v) * cols + x0;
            for (int u = 0; u < pw && x0 + u < cols; u++) {
                float w = weight[v * pw + u];
                dst[row + u] += src == null ? w : w * src[srcOffset + v * pw + u];
            }
        }
    }

    /**
     * Labels on the CT grid: class probabilities interpolated (trilinear) at each CT voxel centre,
     * the most probable class mapped by role onto {@link Segmenter#LIVER} / {@link Segmenter#TUMOUR}.
     */
    static LabelVolume toCtGrid(float[][] probs, VolumeGeometry model, VolumeGeometry ct, ModelSpec spec) {
        return toCtGrid(probs, model, ct, spec, new TumourProbability(ct));
    }

    /** As {@link #toCtGrid(float[][], VolumeGeometry, VolumeGeometry, ModelSpec)}, filling {@code tumour} on the way. */
    static LabelVolume toCtGrid(float[][] probs, VolumeGeometry model, VolumeGeometry ct, ModelSpec spec,
                                TumourProbability tumour) {
        int classes = spec.network().classes();
        int tumourClass = -1;
        int[] role = new int[classes];
        for (ModelSpec.LabelSpec l : spec.labels()) {
            role[l.value()] = switch (l.role()) {
                case LIVER -> Segmenter.LIVER;
                case TUMOUR -> Segmenter.TUMOUR;
                default -> 0;
            };
            if (l.role() == ModelSpec.Role.TUMOUR) {
                tumourClass = l.value();
            }
        }
        int tc = tumourClass;
        double[][] m = Resampler.indexMap(ct, model);
        int[] ms = model.size();
        int mplane = ms[0] * ms[1];
        LabelVolume labels = new LabelVolume(ct);
        int cols = ct.columns();
        int rows = ct.rows();
        short[][] out = new short[ct.slices()][];
        byte[][] tumourSlices = new byte[ct.slices()][];
        IntStream.range(0, ct.slices()).parallel().forEach(k -> {
            short[] dst = null;
            byte[] pt = null;
            double[] acc = new double[classes];
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < cols; i++) {
                    double x = m[0][0] * i + m[0][1] * j + m[0][2] * k + m[0][3];
                    double y = m[1][0] * i + m[1][1] * j + m[1][2] * k + m[1][3];
                    double z = m[2][0] * i + m[2][1] * j + m[2][2] * k + m[2][3];
                    if (x < -0.5 || y < -0.5 || z < -0.5 || x > ms[0] - 0.5 || y > ms[1] - 0.5 || z > ms[2] - 0.5) {
                        continue;
                    }
                    x = Math.max(0, Math.min(ms[0] - 1, x));
                    y = Math.max(0, Math.min(ms[1] - 1, y));
                    z = Math.max(0, Math.min(ms[2] - 1, z));
                    int x0 = Math.min((int) x, ms[0] - 1);
                    int y0 = Math.min((int) y, ms[1] - 1);
                    int z0 = Math.min((int) z, ms[2] - 1);
                    int x1 = Math.min(x0 + 1, ms[0] - 1);
                    int y1 = Math.min(y0 + 1, ms[1] - 1);
                    int z1 = Math.min(z0 + 1, ms[2] - 1);
                    double fx = x - x0;
                    double fy = y - y0;
                    double fz = z - z0;
                    int best = 0;
                    double bestP = -1;
                    for (int c = 0; c < classes; c++) {
                        int o = c * mplane;
                        double a = bilinear(probs[z0], o, ms[0], x0, x1, y0, y1, fx, fy);
                        if (fz > 0) {
                            a += fz * (bilinear(probs[z1], o, ms[0], x0, x1, y0, y1, fx, fy) - a);
                        }
                        acc[c] = a;
                        if (a > bestP) {
                            bestP = a;
                            best = c;
                        }
                    }
                    if (tc >= 0 && acc[tc] >= 0.5 / 255) {
                        if (pt == null) {
                            pt = new byte[cols * rows];
                        }
                        pt[j * cols + i] = TumourProbability.quantise(acc[tc]);
                    }
                    int label = role[best];
                    if (label != 0) {
                        if (dst == null) {
                            dst = new short[cols * rows];
                        }
                        dst[j * cols + i] = (short) label;
                    }
                }
            }
            out[k] = dst;
            tumourSlices[k] = pt;
        });
        for (int k = 0; k < out.length; k++) {
            if (out[k] != null) {
                System.arraycopy(out[k], 0, labels.slice(k), 0, out[k].length);
            }
            if (tumourSlices[k] != null) {
                tumour.setSlice(k, tumourSlices[k]);
            }
        }
        return labels;
    }

    private static double bilinear(float[] p, int o, int cols, int x0, int x1, int y0, int y1, double fx, double fy) {
        double a = p[o + y0 * cols + x0] + fx * (p[o + y0 * cols + x1] - p[o + y0 * cols + x0]);
        double b = p[o + y1 * cols + x0] + fx * (p[o + y1 * cols + x1] - p[o + y1 * cols + x0]);
        return a + fy * (b - a);
    }

    private static long lap(Map<String, Double> stages, String name, long t0) {
        long now = System.nanoTime();
        stages.put(name, (now - t0) / 1e9);
        return now;
    }

    @Override
    public void close() {
        network.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s (%s)", pkg.spec().name(), pkg.spec().version(), engine.describe());
    }
}
