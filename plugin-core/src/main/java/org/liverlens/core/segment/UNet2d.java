package org.liverlens.core.segment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A 2D U-Net in DJL blocks (architecture id {@value #ARCHITECTURE}): per level two 3×3
 * convolutions with batch norm and ReLU, 2×2 max pooling down, and on the way up nearest-neighbour
 * upsampling followed by a 3×3 convolution (DJL's PyTorch engine has no transposed convolution),
 * concatenation with the skip connection and two more convolutions; a 1×1 convolution gives one
 * logit per class. Input {@code [N, C, H, W]} with H and W divisible by 2^(levels-1).
 */
public final class UNet2d extends AbstractBlock {
    /** The architecture id in model.json. */
    public static final String ARCHITECTURE = "liverlens-unet2d-v1";
    static final float BATCH_NORM_EPSILON = 1e-5f;

    private final int inChannels;
    private final int classes;
    private final int[] widths;
    private final List<Block> down = new ArrayList<>();
    private final List<Block> upConv = new ArrayList<>();
    private final List<Block> upUnit = new ArrayList<>();
    private final Block head;
    /** Whether each convolution is followed by batch norm (training) or carries it folded in (inference). */
    private final boolean batchNorm;

    /**
     * @param inChannels input channels (slices of context)
     * @param classes    output classes, background included (or outputs of a regression: the edit model's 1)
     * @param widths     feature channels per level, finest first (e.g. 16, 32, 64, 128, 128)
     */
    public UNet2d(int inChannels, int classes, int... widths) {
        this(true, inChannels, classes, widths);
    }

    private UNet2d(boolean batchNorm, int inChannels, int classes, int... widths) {
        super((byte) 1);
        if (inChannels < 1 || classes < 1 || widths.length < 2) {
            throw new IllegalArgumentException("a U-Net needs ≥ 1 input channel, ≥ 1 output and ≥ 2 levels");
        }
        this.inChannels = inChannels;
        this.classes = classes;
        this.widths = widths.clone();
        this.batchNorm = batchNorm;
        for (int l = 0; l < widths.length; l++) {
            down.add(addChildBlock("down" + l, unit(widths[l])));
        }
        for (int l = widths.length - 2; l >= 0; l--) {
            upConv.add(addChildBlock("upconv" + l, convBnRelu(widths[l])));
            upUnit.add(addChildBlock("upunit" + l, unit(widths[l])));
        }
        head = addChildBlock("head", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(classes).build());
    }

    public int inChannels() {
        return inChannels;
    }

    public int classes() {
        return classes;
    }

    public int[] widths() {
        return widths.clone();
    }

    /**
     * The number of stored parameters (batch norm running statistics included) of a U-Net with
     * batch norm, computed from its layout without allocating it: what a weights file must hold and
     * what loading it costs.
     */
    public static long parameterCount(int inChannels, int classes, int... widths) {
        long n = 0;
        long c = inChannels;
        for (int width : widths) {
            n += convBnParameters(c, width) + convBnParameters(width, width);
            c = width;
        }
        for (int l = widths.length - 2; l >= 0; l--) {
            n += convBnParameters(c, widths[l]) + convBnParameters(2L * widths[l], widths[l])
                    + convBnParameters(widths[l], widths[l]);
            c = widths[l];
        }
        return n + (long) classes * c + classes;
    }

    /** The number of stored tensors of a U-Net with batch norm of {@code levels} levels. */
    public static int parameterTensors(int levels) {
        // a convolution and batch norm store 5 (weight, γ, β, running mean, running variance): two per
        // level down, three per level up; the head stores its weight and bias
        return 10 * levels + 15 * (levels - 1) + 2;
    }

    /** A 3×3 convolution without bias, then batch norm (γ, β, running mean and variance). */
    private static long convBnParameters(long in, long out) {
        return 9 * in * out + 4 * out;
    }

    /** The factor H and W must be divisible by. */
    public int divisor() {
        return 1 << (widths.length - 1);
    }

    private Block convBnRelu(int filters) {
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
                .optBias(!batchNorm).build();
        if (!batchNorm) {
            return new SequentialBlock().add(conv).add(Activation.reluBlock());
        }
        return new SequentialBlock().add(conv)
                .add(BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).optMomentum(0.9f).build())
                .add(Activation.reluBlock());
    }

    private Block unit(int filters) {
        return new SequentialBlock().add(convBnRelu(filters)).add(convBnRelu(filters));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int levels = widths.length;
        NDArray[] skips = new NDArray[levels - 1];
        for (int l = 0; l < levels; l++) {
            x = down.get(l).forward(ps, new NDList(x), training, params).singletonOrThrow();
            if (l < levels - 1) {
                skips[l] = x;
                x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
        }
        for (int u = 0; u < levels - 1; u++) {
            int l = levels - 2 - u;
            Shape s = skips[l].getShape();
            x = upsample(x, s.get(2), s.get(3));
            x = upConv.get(u).forward(ps, new NDList(x), training, params).singletonOrThrow();
            x = skips[l].concat(x, 1);
            x = upUnit.get(u).forward(ps, new NDList(x), training, params).singletonOrThrow();
        }
        return head.forward(ps, new NDList(x), training, params);
    }

    /**
     * The same network for inference with each batch norm folded into the convolution before it
     * (eval mode: W' = W·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)): a third fewer operations, the same
     * function up to float rounding. Computed in double from this network's (loaded) parameters;
     * the new block's arrays live in {@code manager} and are frozen (no gradients).
     */
    public UNet2d withBatchNormFolded(NDManager manager, Shape inputShape) {
        if (!batchNorm) {
            throw new IllegalStateException("batch norm is folded already");
        }
        UNet2d folded = new UNet2d(false, inChannels, classes, widths);
        folded.initialize(manager, DataType.FLOAT32, inputShape);
        List<Parameter> from = getParameters().values();
        List<Parameter> to = folded.getParameters().values();
        int j = 0;
        for (int i = 0; i < from.size(); i++) {
            Parameter p = from.get(i);
            boolean convWithNorm = p.getName().equals("weight") && i + 1 < from.size()
                    && from.get(i + 1).getName().equals("gamma");
            if (!convWithNorm) {
                replaceValues(to.get(j++), p.getArray().toFloatArray(), manager);
                continue;
            }
            float[] w = p.getArray().toFloatArray();
            float[] gamma = from.get(i + 1).getArray().toFloatArray();
            float[] beta = from.get(i + 2).getArray().toFloatArray();
            float[] mean = from.get(i + 3).getArray().toFloatArray();
            float[] var = from.get(i + 4).getArray().toFloatArray();
            int perFilter = w.length / gamma.length;
            float[] bias = new float[gamma.length];
            for (int o = 0; o < gamma.length; o++) {
                double scale = gamma[o] / Math.sqrt((double) var[o] + BATCH_NORM_EPSILON);
                for (int k = o * perFilter; k < (o + 1) * perFilter; k++) {
                    w[k] = (float) (w[k] * scale);
                }
                bias[o] = (float) (beta[o] - mean[o] * scale);
            }
            replaceValues(to.get(j++), w, manager);
            replaceValues(to.get(j++), bias, manager);
            i += 4;
        }
        if (j != to.size()) {
            throw new IllegalStateException("folding filled " + j + " of " + to.size() + " parameters");
        }
        folded.freezeParameters(true);
        return folded;
    }

    /**
     * Gives a parameter new values. Not {@code NDArray.set(float[])}: DJL's PyTorch JNI implements
     * that with libtorch's deprecated {@code AutoNonVariableTypeMode} guard, which prints a
     * deprecation warning on stderr once per process. Instead a libtorch-owned copy of the values
     * takes the old array's place ({@code intern}). The copy matters: an array made from a Java
     * array wraps a direct buffer that only that NDArray object keeps alive, and {@code intern}
     * moves the tensor, not the buffer (without {@code duplicate} the network read freed memory).
     */
    static void replaceValues(Parameter parameter, float[] values, NDManager manager) {
        NDArray old = parameter.getArray();
        try (NDArray fromJava = manager.create(values, old.getShape())) {
            old.intern(fromJava.duplicate());
        }
    }

    /** Nearest-neighbour upsampling to {@code h × w} (PyTorch {@code interpolate(mode="nearest")}). */
    static NDArray upsample(NDArray x, long h, long w) {
        return x.getNDArrayInternal().interpolation(new long[] {h, w}, 0, false);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), classes, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        long c = in.get(1);
        long[][] hw = new long[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            Shape s = new Shape(n, c, h, w);
            down.get(l).initialize(manager, dataType, s);
            hw[l] = new long[] {h, w};
            c = widths[l];
            h /= 2;
            w /= 2;
        }
        for (int u = 0; u < widths.length - 1; u++) {
            int l = widths.length - 2 - u;
            upConv.get(u).initialize(manager, dataType, new Shape(n, c, hw[l][0], hw[l][1]));
            upUnit.get(u).initialize(manager, dataType, new Shape(n, 2L * widths[l], hw[l][0], hw[l][1]));
            c = widths[l];
        }
        head.initialize(manager, dataType, new Shape(n, c, hw[0][0], hw[0][1]));
    }

    @Override
    public String toString() {
        return "UNet2d[in=" + inChannels + ", classes=" + classes + ", widths=" + Arrays.toString(widths) + "]";
    }
}
