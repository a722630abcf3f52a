package org.liverlens.core.segment;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * What a model package may declare (docs/models.md, "What a model package may declare"), and the
 * memory its network needs, checked before anything is allocated: a package asking for a 65536²
 * patch, a batch of 100000 or widths of 100000 is refused with the field, the value and the
 * range, not killed by the kernel half-way through a run. The ranges are wide enough for any
 * network one would run on a workstation; the memory check then compares the real need of the
 * package (or of a training run) with what this JVM and this machine can give.
 */
public final class ModelLimits {
    /** Largest patch side in voxels. */
    public static final int MAX_PATCH = 1024;
    /** Largest number of patches per forward pass. */
    public static final int MAX_BATCH = 256;
    /** Largest number of feature channels of a U-Net level. */
    public static final int MAX_WIDTH = 1024;
    /** Fewest and most U-Net levels. */
    public static final int MIN_LEVELS = 2;
    public static final int MAX_LEVELS = 8;
    /** Most output classes. */
    public static final int MAX_CLASSES = 64;
    /** Most neighbouring slices on each side of a 2.5D input. */
    public static final int MAX_CONTEXT_SLICES = 8;
    /** Finest and coarsest model spacing in mm: below 0.1 mm a CT's grid explodes, above 10 mm no liver is left. */
    public static final double MIN_SPACING_MM = 0.1;
    public static final double MAX_SPACING_MM = 10;
    /** Largest distance between 2.5D context slices, in mm. */
    public static final double MAX_CONTEXT_SPACING_MM = 50;
    /** Overlap of neighbouring patches: above 0.9 the number of patches grows without a gain. */
    public static final double MAX_OVERLAP = 0.9;
    /** The Gaussian weight's sigma as a fraction of the patch. */
    public static final double MIN_SIGMA_SCALE = 0.01;
    public static final double MAX_SIGMA_SCALE = 1;
    /** Bounds of HU values in the intensity settings, and of the normalising SD. */
    public static final double MAX_ABS_HU = 100_000;
    public static final double MIN_SD = 1e-3;
    /** Post-processing bounds. */
    public static final double MAX_TUMOUR_MARGIN_MM = 100;
    public static final double MAX_MIN_LESION_ML = 1000;
    /** Most {@code postprocess.lesionRules.vesselMaxRestHu}, HU. */
    public static final double MAX_VESSEL_REST_HU = 200;
    /** Longest {@code name}, {@code version}, label name, architecture. */
    public static final int MAX_NAME_CHARS = 64;
    /** Longest {@code task}. */
    public static final int MAX_TASK_CHARS = 256;
    /** Longest {@code licence} or {@code intendedUse}. */
    public static final int MAX_STATEMENT_CHARS = 16_384;
    /** Largest {@code model.json}. */
    public static final long MAX_MODEL_JSON_BYTES = 1 << 20;
    /** Most files a package lists. */
    public static final int MAX_FILES = 16;
    /** Largest file of a package, and most bytes a zip may unpack to. */
    public static final long MAX_PACKAGE_BYTES = 4L << 30;
    /** Most entries of a package zip. */
    public static final int MAX_ZIP_ENTRIES = 64;
    /**
     * A package name or version: it becomes a folder name under {@code ~/.liverlens/models} and is
     * written into the SEG (LO, no backslash), so letters, digits and {@code . _ + -}, not starting
     * with a dot.
     */
    public static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,63}");

    /**
     * Live native tensors per activation of a U-Net level during one forward pass (convolution and
     * ReLU outputs of both units, pooling, upsampling, concatenation: DJL frees them when the batch's
     * manager closes, not one by one); three times that while training (gradients, saved inputs).
     */
    static final int TENSORS_PER_LEVEL = 16;

    private ModelLimits() {
    }

    /**
     * Memory one batch needs: {@code heapBytes} of Java arrays (input and output batches),
     * {@code nativeBytes} of tensors outside the Java heap (parameters and activations).
     */
    public record Footprint(long parameters, long heapBytes, long nativeBytes) {
    }

    /**
     * The footprint of one forward (or, {@code training}, forward and backward) pass of a batch of
     * {@code batch} patches of {@code h × w} with {@code channels} in and {@code classes} out. With
     * {@code widths} (our U-Net) the activations are counted level by level; without (TorchScript)
     * only the input and output tensors are known and {@code parameters} is taken from the file size.
     */
    public static Footprint footprint(int batch, int channels, int classes, int h, int w, int[] widths, long parameters,
                                      boolean training) {
        long plane = (long) h * w;
        long io = (long) batch * (channels + classes) * plane * Float.BYTES;
        long heap = io + (training ? (long) batch * plane * Float.BYTES : 0);
        long activations = 0;
        if (widths != null) {
            for (int l = 0; l < widths.length; l++) {
                long lh = Math.max(1, h >> l);
                long lw = Math.max(1, w >> l);
                activations += (long) batch * widths[l] * lh * lw * Float.BYTES;
            }
            activations *= TENSORS_PER_LEVEL * (training ? 3 : 1);
        }
        // parameters: stored and batch-norm-folded copies for inference; weights, gradients and
        // Adam's two moments for training
        long params = parameters * Float.BYTES * (training ? 4 : 2);
        long nativeBytes = params + activations + 3 * io;
        return new Footprint(parameters, heap, nativeBytes);
    }

    /** The footprint of a package's network for one inference batch; {@code weightBytes} is the network file's size. */
    public static Footprint footprint(ModelSpec spec, long weightBytes) {
        ModelSpec.NetworkSpec net = spec.network();
        int[] patch = spec.inference().patch();
        boolean unet = UNet2d.ARCHITECTURE.equals(net.architecture());
        long parameters = unet ? UNet2d.parameterCount(spec.input().channels(), net.classes(), net.widths())
                : weightBytes / Float.BYTES;
        return footprint(spec.inference().batchSize(), spec.input().channels(), net.classes(), patch[1], patch[0],
                unet ? net.widths() : null, parameters, false);
    }

    /**
     * Refuses a footprint this JVM (half its maximum heap) or this machine (its physical memory
     * less the heap, at least a quarter of it) cannot hold. Native memory is counted on the host
     * even when the network runs on a GPU: a conservative bound.
     *
     * @param what     what needs it, for the message ("model X, batch of 8 patches of 192×192")
     * @param where    the file to name
     * @param whatToDo how to need less
     */
    public static void checkMemory(Footprint f, String what, Path where, String whatToDo) {
        long heap = Runtime.getRuntime().maxMemory() / 2;
        if (f.heapBytes() > heap) {
            throw new InvalidInputException(what + " needs " + size(f.heapBytes()) + " of Java heap for one batch; this "
                    + "JVM may use " + size(heap) + " for it (half its maximum heap)", where,
                    whatToDo + ", or give Java more memory (LIVERLENS_JAVA_OPTS=-Xmx…)");
        }
        long physical = physicalMemory();
        // a heap set larger than the machine (-Xmx beyond its memory) must not make every package fail:
        // at least a quarter of the physical memory is taken to be there for native allocations
        long nativeBudget = Math.max(physical - Runtime.getRuntime().maxMemory(), physical / 4);
        if (physical > 0 && f.nativeBytes() > nativeBudget) {
            throw new InvalidInputException(what + " needs about " + size(f.nativeBytes()) + " of native memory ("
                    + String.format(Locale.ROOT, "%,d", f.parameters()) + " parameters and the activations of one batch); "
                    + "this machine has " + size(Math.max(0, nativeBudget)) + " besides the Java heap", where, whatToDo);
        }
    }

    /**
     * Refuses a model grid whose volumes (the CT resampled to it, the class probabilities, the labels
     * on the CT grid) do not fit in what is left of the Java heap. Checked before resampling: a model
     * spacing far finer than the CT's multiplies the voxels.
     */
    static void checkGrid(VolumeGeometry modelGrid, VolumeGeometry ct, ModelSpec spec, Path where) {
        long voxels = (long) modelGrid.columns() * modelGrid.rows() * modelGrid.slices();
        long ctVoxels = (long) ct.columns() * ct.rows() * ct.slices();
        long need = voxels * (Short.BYTES + (long) spec.network().classes() * Float.BYTES) + ctVoxels * Short.BYTES;
        long free = freeHeap();
        if (need > free) {
            // garbage counts as used until collected: measure again after a collection before refusing
            System.gc();
            free = freeHeap();
        }
        if (need > free) {
            double[] s = modelGrid.spacingMm();
            throw new InvalidInputException(String.format(Locale.ROOT, "model %s works on a grid of %d × %d × %d voxels "
                    + "of %.3g × %.3g × %.3g mm for this CT, which needs %s of Java heap; %s is free", spec.name(),
                    modelGrid.columns(), modelGrid.rows(), modelGrid.slices(), s[0], s[1], s[2], size(need), size(free)),
                    where, "use a model with a coarser input.spacingMm, or give Java more memory (LIVERLENS_JAVA_OPTS=-Xmx…)");
        }
    }

    private static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Physical memory of this machine (or its container), or 0 when the JVM cannot say. */
    static long physicalMemory() {
        // through the platform MBean server: no com.sun.management import, which an OSGi runtime may not export
        try {
            Object v = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new javax.management.ObjectName("java.lang:type=OperatingSystem"), "TotalMemorySize");
            return v instanceof Long l ? l : 0;
        } catch (javax.management.JMException | RuntimeException e) {
            return 0; // not a HotSpot JVM: the heap check still applies
        }
    }

    /** Bytes as MB or GB, for messages. */
    static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MB", Math.ceil(bytes / (double) (1L << 20)));
    }
}
