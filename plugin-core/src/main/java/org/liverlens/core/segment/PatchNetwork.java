package org.liverlens.core.segment;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.nio.file.Path;

import org.liverlens.core.work.InvalidInputException;

/**
 * A loaded network that maps a batch of input patches to class probabilities, on the engine's
 * device. Input {@code [N, C, H, W]} (2D) or {@code [N, C, D, H, W]} (3D), output the same with
 * classes as channels, softmax applied (unless the network already outputs probabilities).
 * Mirror axes (0 = x, 1 = y, 2 = z) average the output over flipped inputs.
 */
final class PatchNetwork implements AutoCloseable {
    private final Model model;
    /** The block that runs (for our U-Net: with batch norm folded, unless asked not to). */
    private final Block block;
    /** The block as stored in the package ({@link ModelSegmenter#block}). */
    private final Block stored;
    private final NDManager manager;
    private final boolean softmax;
    private final int classes;
    /** The package's model.json, named when the network's output is refused. */
    private Path descriptor;
    /** Most tiles per forward pass: unlimited on the CPU; on a GPU what its free memory holds, lowered after an out-of-memory error. */
    private volatile int maxTiles = Integer.MAX_VALUE;
    private java.util.function.Consumer<String> notices = m -> { };
    /** Estimated GPU bytes of one tile's forward pass. */
    private long bytesPerTile;

    private PatchNetwork(Model model, Block block, Block stored, NDManager manager, boolean softmax, int classes) {
        this.model = model;
        this.block = block;
        this.stored = stored;
        this.manager = manager;
        this.softmax = softmax;
        this.classes = classes;
    }

    /**
     * On a GPU: limits a forward pass to the tiles that the GPU's free memory holds now
     * ({@code nvidia-smi}) by an estimate of one tile's activations; {@code notices} hears when a
     * batch is split.
     */
    void fitToGpuMemory(ai.djl.Device device, java.util.function.Consumer<String> notices) {
        this.notices = notices;
        if (!device.isGpu()) {
            return;
        }
        long freeMiB = NvidiaDriver.freeMemoryMiB("nvidia-smi", device.getDeviceId());
        if (freeMiB > 0) {
            limitTiles(tilesThatFit(freeMiB << 20, bytesPerTile));
        }
    }

    /** At most {@code n} tiles per forward pass; larger batches run in chunks. */
    void limitTiles(int n) {
        maxTiles = Math.max(1, n);
    }

    /** Tiles whose activations fit in 70 % of {@code freeBytes} (the rest for libtorch's workspaces), at least 1. */
    static int tilesThatFit(long freeBytes, long bytesPerTile) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (freeBytes * 0.7) / Math.max(1, bytesPerTile)));
    }

    /**
     * Bytes of GPU memory one 2D tile of {@code channels × h × w} needs in our U-Net's forward
     * pass, generously: every level's feature maps three times over (convolution output, its
     * activation, the skip or upsampled copy), input and output each three times.
     */
    static long unetBytesPerTile(int channels, int classes, int[] widths, int h, int w) {
        long floats = 3L * (channels + classes) * h * w;
        for (int l = 0; l < widths.length; l++) {
            floats += 3L * widths[l] * ((long) h >> l) * ((long) w >> l) * 2;
        }
        return floats * Float.BYTES;
    }

    /** Whether {@code e} is libtorch's out-of-memory error (CUDA's, as DJL passes it on). */
    static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("out of memory")) {
                return true;
            }
        }
        return false;
    }

    /** Loads the package's network (its files were verified when the package was opened), batch norm folded. */
    static PatchNetwork load(ModelPackage pkg, InferenceEngine engine) {
        return load(pkg, engine, true);
    }

    /**
     * Loads the package's network; {@code foldBatchNorm} folds our U-Net's batch norms into its
     * convolutions (the same function, fewer operations; off only to measure or test the folding).
     */
    static PatchNetwork load(ModelPackage pkg, InferenceEngine engine, boolean foldBatchNorm) {
        return InferenceEngine.withDjlClassLoader(() -> loadNetwork(pkg, engine, foldBatchNorm));
    }

    private static PatchNetwork loadNetwork(ModelPackage pkg, InferenceEngine engine, boolean foldBatchNorm) {
        ModelSpec spec = pkg.spec();
        ModelSpec.NetworkSpec net = spec.network();
        Path file = pkg.file(net.file());
        boolean softmax = net.outputs().equals("logits");
        if (net.architecture().equals(UNet2d.ARCHITECTURE)) {
            UNet2d unet = new UNet2d(spec.input().channels(), net.classes(), net.widths());
            Model model = Model.newInstance(spec.name(), engine.device(), InferenceEngine.PYTORCH);
            model.setBlock(unet);
            NDManager manager = model.getNDManager();
            int p = spec.inference().patch()[0];
            Shape inputShape = new Shape(1, spec.input().channels(), p, p);
            unet.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, inputShape);
            try {
                UNetWeights.load(unet, manager, file, "the package's model.json and weights do not belong together");
            } catch (InvalidInputException e) {
                model.close();
                throw new InvalidInputException("bad model package: " + e.getMessage(), file, e.hint().orElse(null), e);
            }
            // inference only: no parameter needs a gradient, whatever the calling thread's grad mode
            unet.freezeParameters(true);
            Block run = foldBatchNorm ? unet.withBatchNormFolded(manager, inputShape) : unet;
            PatchNetwork network = new PatchNetwork(model, run, unet, manager, softmax, net.classes());
            network.bytesPerTile = unetBytesPerTile(spec.input().channels(), net.classes(), net.widths(), p,
                    spec.inference().patch()[1]);
            return network.describedBy(pkg);
        }
        // TorchScript (checked by ModelRuntimes): DJL's PyTorch engine loads a .pt file by name.
        Model model = Model.newInstance(spec.name(), engine.device(), InferenceEngine.PYTORCH);
        try {
            String name = net.file();
            String prefix = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
            model.load(pkg.folder(), prefix);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidInputException("bad model package: TorchScript file does not load (" + e.getMessage() + ")",
                    file, "export the network with torch.jit.trace or torch.jit.script (docs/models.md)");
        }
        PatchNetwork loaded = new PatchNetwork(model, model.getBlock(), model.getBlock(), model.getNDManager(), softmax,
                net.classes()).describedBy(pkg);
        // a foreign network's activations are unknown: assume a U-Net of 32 to 512 channels
        long tile = 1;
        for (int d : spec.inference().patch()) {
            tile *= d;
        }
        int side = (int) Math.ceil(Math.sqrt(tile));
        loaded.bytesPerTile = unetBytesPerTile(spec.input().channels(), net.classes(), new int[] {32, 64, 128, 256, 512},
                side, side);
        // A TorchScript network says nothing of its input until it runs: one zero patch now, so that a
        // package whose model.json does not match its network is refused before any CT is processed.
        int[] patch = spec.inference().patch();
        long[] shape = {1, spec.input().channels(), patch[1], patch[0]};
        try {
            loaded.predict(new float[(int) (shape[1] * shape[2] * shape[3])], shape, new int[0]);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return loaded;
    }

    private PatchNetwork describedBy(ModelPackage pkg) {
        this.descriptor = pkg.folder().resolve(ModelPackage.MODEL_JSON);
        return this;
    }

    int classes() {
        return classes;
    }

    /**
     * Runs a batch: {@code input} holds {@code shape} (N, C, spatial...) row-major; returns
     * probabilities {@code [N, classes, spatial...]}, averaged over every combination of the mirror
     * axes given.
     */
    float[] predict(float[] input, long[] shape, int[] mirrorAxes) {
        int n = (int) shape[0];
        if (n <= maxTiles) {
            try {
                return predictBatch(input, shape, mirrorAxes);
            } catch (RuntimeException e) {
                if (n == 1 || !outOfMemory(e)) {
                    throw e;
                }
                maxTiles = Math.max(1, n / 2);
                notices.accept("the GPU ran out of memory for " + n + " tiles at once; going on with " + maxTiles);
            }
        }
        return inChunks(input, shape, mirrorAxes, maxTiles);
    }

    /** {@link #predict} of a batch in chunks of at most {@code chunk} tiles, outputs concatenated. */
    private float[] inChunks(float[] input, long[] shape, int[] mirrorAxes, int chunk) {
        int n = (int) shape[0];
        int inPerTile = 1;
        for (int d = 1; d < shape.length; d++) {
            inPerTile *= (int) shape[d];
        }
        float[] out = null;
        int outPerTile = 0;
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            long[] part = shape.clone();
            part[0] = m;
            float[] o = predict(java.util.Arrays.copyOfRange(input, start * inPerTile, (start + m) * inPerTile), part,
                    mirrorAxes);
            if (out == null) {
                outPerTile = o.length / m;
                out = new float[n * outPerTile];
            }
            System.arraycopy(o, 0, out, start * outPerTile, o.length);
        }
        return out;
    }

    private float[] predictBatch(float[] input, long[] shape, int[] mirrorAxes) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(input, new Shape(shape));
            int spatial = shape.length - 2;
            NDArray sum = null;
            int variants = 1 << mirrorAxes.length;
            for (int v = 0; v < variants; v++) {
                int[] flips = flipAxes(mirrorAxes, v, spatial);
                NDArray in = flips.length == 0 ? x : x.flip(flips);
                NDArray out = forward(sub, in, shape);
                if (softmax) {
                    out = out.softmax(1);
                }
                if (flips.length > 0) {
                    out = out.flip(flips);
                }
                sum = sum == null ? out : sum.add(out);
            }
            if (variants > 1) {
                sum = sum.div(variants);
            }
            long[] expected = shape.clone();
            expected[1] = classes;
            if (sum.getShape().get(1) != classes) {
                throw new InvalidInputException("bad model package: the network gives " + sum.getShape().get(1)
                        + " channels, model.json says " + classes + " classes", descriptor, null);
            }
            if (!java.util.Arrays.equals(sum.getShape().getShape(), expected)) {
                // a smaller output would be read past its end, a larger one placed wrongly: both refused
                throw new InvalidInputException("bad model package: for an input of " + new Shape(shape) + " the network "
                        + "gives " + sum.getShape() + ", LiverLens needs " + new Shape(expected) + " (one output per "
                        + "input pixel)", descriptor, "export the network so that it keeps the patch size (padding 'same')");
            }
            float[] out = sum.toFloatArray();
            checkOutput(out, classes, out.length / (int) (shape[0] * classes), !softmax, descriptor);
            return out;
        }
    }

    /** One forward pass; a network that cannot run on this input is a package whose model.json does not fit it. */
    private NDArray forward(NDManager sub, NDArray in, long[] shape) {
        try {
            return block.forward(new ParameterStore(sub, false), new NDList(in), false).singletonOrThrow();
        } catch (ai.djl.engine.EngineException e) {
            // libtorch's message is a TorchScript traceback: its last line says what failed
            java.util.List<String> lines = String.valueOf(e.getMessage()).lines().filter(l -> !l.isBlank()).toList();
            String why = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
            throw new InvalidInputException("bad model package: the network does not run on an input of " + new Shape(shape)
                    + " (" + (why.length() > 240 ? why.substring(0, 240) + "…" : why) + ")", descriptor, "model.json's input channels (2·contextSlices + 1 "
                    + "for 2.5D, else 1) and inference.patch must be what the network was exported for", e);
        }
    }

    /**
     * Refuses an output that would silently give a wrong segmentation: a value that is not finite
     * (damaged weights), or, for a network that says it outputs probabilities, pixels whose class
     * probabilities do not sum to 1 (it outputs logits: model.json must say so).
     */
    static void checkOutput(float[] out, int classes, int plane, boolean probabilities, Path where) {
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new InvalidInputException("bad model package: the network's output holds " + out[i] + " (class "
                        + (i / plane) % classes + "); its weights are damaged or it overflows on this input", where,
                        "check the network outside LiverLens on the same input; re-export it");
            }
        }
        if (!probabilities) {
            return;
        }
        for (int n = 0; n < out.length / (classes * plane); n++) {
            for (int p = 0; p < plane; p++) {
                double total = 0;
                for (int c = 0; c < classes; c++) {
                    total += out[(n * classes + c) * plane + p];
                }
                if (Math.abs(total - 1) > 1e-2) {
                    throw new InvalidInputException(String.format(java.util.Locale.ROOT, "bad model package: "
                            + "network.outputs says probabilities, but the %d classes of a pixel sum to %.4g", classes,
                            total), where, "if the network outputs logits, set network.outputs to \"logits\" in model.json");
                }
            }
        }
    }

    /** The DJL block as stored in the package (our own architectures: batch norm not folded). */
    Block block() {
        return stored;
    }

    /** Tensor axes to flip for mirror variant {@code v}: x is the last axis, y the one before, z before that. */
    private static int[] flipAxes(int[] mirrorAxes, int v, int spatial) {
        return java.util.stream.IntStream.range(0, mirrorAxes.length).filter(b -> (v & (1 << b)) != 0)
                .map(b -> 2 + spatial - 1 - mirrorAxes[b]).toArray();
    }

    @Override
    public void close() {
        model.close();
    }
}
