package org.liverlens.testdicom;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.liverlens.core.synth.LatticeNoise;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * A synthetic abdominal CT of one seed on one voxel grid: the analytic {@link Anatomy}, the lesions
 * placed inside its liver, and a renderer that turns one axial slice into HU, organ labels and
 * lesion ids. Rendering a slice depends only on the parameters and the slice index, so slices can
 * be made in any order and on any thread with byte-identical results.
 */
public final class SyntheticCt {
    /** Lowest HU written (the usual padding value of CT scanners). */
    public static final int MIN_HU = -1024;
    /** Highest HU written (12-bit CT range). */
    public static final int MAX_HU = 3071;

    private final Params params;
    private final VolumeGeometry geometry;
    private final Anatomy anatomy;
    private final List<Lesion> lesions;
    private final List<Structure> paintOrder;
    /** Block culling in {@link #paint}; tests switch it off to prove it changes no byte. */
    boolean blockCulling = true;

    /**
     * Parameters of a synthetic series. Use {@link #defaults()} and the {@code with...} methods.
     *
     * @param seed                 the case: anatomy jitter, lesions, noise
     * @param columns              matrix width (16..2048)
     * @param rows                 matrix height (16..2048)
     * @param slices               number of axial slices (1..2000), ascending z
     * @param pixelSpacingMm       square pixel size (0.1..20 mm); the anatomy is life-size, so
     *                             columns × spacing should cover the ~350 mm wide body
     * @param sliceSpacingMm       distance between slice centres, also the slice thickness (0.1..50 mm)
     * @param phase                contrast phase
     * @param lesionCount          number of liver lesions (0..255); the first {@code lesions.size()}
     *                             follow the explicit specs, the rest are random
     * @param lesions              explicit lesion specs (at most {@code lesionCount})
     * @param minLesionDiameterMm  smallest diameter of a random lesion
     * @param maxLesionDiameterMm  largest diameter of a random lesion
     * @param noiseSdHu            standard deviation of the correlated noise (0..200 HU)
     * @param partialVolumeBlur    a mild in-plane blur ([1 2 1]/4 each way) before the noise
     * @param patientName          DICOM person name (ASCII, no backslash)
     * @param patientId            DICOM patient ID (ASCII, no backslash, at most 64 characters)
     * @param realism              hard negatives and domain randomisation ({@link Realism#FIXTURE} by default)
     */
    public record Params(long seed, int columns, int rows, int slices, double pixelSpacingMm, double sliceSpacingMm,
                         Phase phase, int lesionCount, List<LesionSpec> lesions, double minLesionDiameterMm,
                         double maxLesionDiameterMm, double noiseSdHu, boolean partialVolumeBlur, String patientName,
                         String patientId, Realism realism) {
        public Params {
            check(columns >= 16 && columns <= 2048, "columns must be 16..2048, got " + columns);
            check(rows >= 16 && rows <= 2048, "rows must be 16..2048, got " + rows);
            check(slices >= 1 && slices <= 2000, "slices must be 1..2000, got " + slices);
            check(pixelSpacingMm >= 0.1 && pixelSpacingMm <= 20, "pixel spacing must be 0.1..20 mm, got " + pixelSpacingMm);
            check(sliceSpacingMm >= 0.1 && sliceSpacingMm <= 50, "slice spacing must be 0.1..50 mm, got " + sliceSpacingMm);
            check(decimalString(pixelSpacingMm).length() <= 16 && decimalString(sliceSpacingMm).length() <= 16,
                    "spacing needs at most 6 decimals");
            check(phase != null, "contrast phase is missing");
            lesions = lesions == null ? List.of() : List.copyOf(lesions);
            check(lesionCount >= 0 && lesionCount <= 255, "lesion count must be 0..255, got " + lesionCount);
            check(lesions.size() <= lesionCount, "lesion count (" + lesionCount + ") is smaller than the number of "
                    + "explicit lesions (" + lesions.size() + ")");
            check(minLesionDiameterMm >= 2 && maxLesionDiameterMm <= 150 && minLesionDiameterMm <= maxLesionDiameterMm,
                    "random lesion diameters must satisfy 2 <= min <= max <= 150 mm, got " + minLesionDiameterMm + ".."
                            + maxLesionDiameterMm);
            check(noiseSdHu >= 0 && noiseSdHu <= 200, "noise SD must be 0..200 HU, got " + noiseSdHu);
            patientName = patientName == null ? "" : patientName;
            patientId = patientId == null ? "" : patientId;
            checkText(patientName, 200, "patient name");
            checkText(patientId, 64, "patient ID");
            realism = realism == null ? Realism.FIXTURE : realism;
        }

        /** 512 × 512 × 120, 0.75 mm pixels, 2.5 mm slices, portal venous, 3 random lesions, noise 12 HU. */
        public static Params defaults() {
            return new Params(20261127L, 512, 512, 120, 0.75, 2.5, Phase.PORTAL_VENOUS, 3, List.of(), 5, 60, 12, true,
                    "SYNTHETIC^LIVER", "", Realism.FIXTURE);
        }

        public Params withSeed(long s) {
            return new Params(s, columns, rows, slices, pixelSpacingMm, sliceSpacingMm, phase, lesionCount, lesions,
                    minLesionDiameterMm, maxLesionDiameterMm, noiseSdHu, partialVolumeBlur, patientName, patientId, realism);
        }

        public Params withSize(int c, int r, int s) {
            return new Params(seed, c, r, s, pixelSpacingMm, sliceSpacingMm, phase, lesionCount, lesions,
                    minLesionDiameterMm, maxLesionDiameterMm, noiseSdHu, partialVolumeBlur, patientName, patientId, realism);
        }

        public Params withSpacing(double pixelMm, double sliceMm) {
            return new Params(seed, columns, rows, slices, pixelMm, sliceMm, phase, lesionCount, lesions,
                    minLesionDiameterMm, maxLesionDiameterMm, noiseSdHu, partialVolumeBlur, patientName, patientId, realism);
        }

        public Params withPhase(Phase p) {
            return new Params(seed, columns, rows, slices, pixelSpacingMm, sliceSpacingMm, p, lesionCount, lesions,
                    minLesionDiameterMm, maxLesionDiameterMm, noiseSdHu, partialVolumeBlur, patientName, patientId, realism);
        }

        /** {@code n} random lesions (explicit specs are dropped). */
        public Params withRandomLesions(int n) {
            return new Params(seed, columns, rows, slices, pixelSpacingMm, sliceSpacingMm, phase, n, List.of(),
                    minLesionDiameterMm, maxLesionDiameterMm, noiseSdHu, partialVolumeBlur, patientName, patientId, realism);
        }

        /** Exactly these lesions. */
        public Params withLesions(List<LesionSpec> specs) {
            return new Params(seed, columns, rows, slices, pixelSpacingMm, sliceSpacingMm, phase, specs.size(), specs,
                    minLesionDiameterMm, maxLesionDiameterMm, noiseSdHu, partialVolumeBlur, patientName, patientId, realism);
        }

        public Params withLesionDiameterRange(double minMm, double maxMm) {
            return new Params(seed, columns, rows, slices, pixelSpacingMm, sliceSpacingMm, phase, lesionCount, lesions,
                    minMm, maxMm, noiseSdHu, partialVolumeBlur, patientName, patientId, realism);
        }

        public Params withNoise(double sdHu, boolean blur) {
            return new Params(seed, columns, rows, slices, pixelSpacingMm, sliceSpacingMm, phase, lesionCount, lesions,
                    minLesionDiameterMm, maxLesionDiameterMm, sdHu, blur, patientName, patientId, realism);
        }

        public Params withPatient(String name, String id) {
            return new Params(seed, columns, rows, slices, pixelSpacingMm, sliceSpacingMm, phase, lesionCount, lesions,
                    minLesionDiameterMm, maxLesionDiameterMm, noiseSdHu, partialVolumeBlur, name, id, realism);
        }

        /** The same case with this rendering realism. */
        public Params withRealism(Realism r) {
            return new Params(seed, columns, rows, slices, pixelSpacingMm, sliceSpacingMm, phase, lesionCount, lesions,
                    minLesionDiameterMm, maxLesionDiameterMm, noiseSdHu, partialVolumeBlur, patientName, patientId, r);
        }

        /** The patient ID written: the given one, or {@code LLSYN-<seed>}. */
        public String effectivePatientId() {
            return patientId.isEmpty() ? "LLSYN-" + Long.toUnsignedString(seed) : patientId;
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        private static void checkText(String v, int max, String what) {
            check(v.length() <= max, what + " is longer than " + max + " characters");
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                check(c >= 0x20 && c < 0x7f && c != '\\', what + " must be printable ASCII without '\\', got '" + v + "'");
            }
        }
    }

    /** Builds the phantom for {@code params}: anatomy, then lesion placement (which may fail, see below). */
    public SyntheticCt(Params params) {
        this.params = params;
        this.geometry = geometryOf(params);
        this.anatomy = Anatomy.build(params.seed(), params.phase(), params.realism());
        this.lesions = new LesionPlacement(params, geometry, anatomy).place();
        List<Structure> order = new ArrayList<>(anatomy.structures());
        for (Lesion l : lesions) {
            order.add(new Structure("lesion " + l.id(), l.shape(), l.hu(), Label.LIVER_LESION.value(), Structure.ANY,
                    l.id(), l.marginMm()));
        }
        this.paintOrder = Collections.unmodifiableList(order);
    }

    public Params params() {
        return params;
    }

    /** The voxel grid, exactly as written to DICOM (values rounded as the DS strings are). */
    public VolumeGeometry geometry() {
        return geometry;
    }

    public List<Lesion> lesions() {
        return lesions;
    }

    /** HU per tissue used by this case. */
    public java.util.Map<Tissue, Double> huTable() {
        return anatomy.huTable();
    }

    /** LPS z (mm) of slice {@code k}, as written to ImagePositionPatient. */
    public double sliceZ(int k) {
        return round6(geometry.originMm()[2] + k * params.sliceSpacingMm());
    }

    /** Voxel buffers of one slice, row-major ({@code j * columns + i}). Reuse one per thread. */
    public static final class SliceBuffers {
        final float[] image;
        final float[] scratch;
        final float[] noise;
        /** Rendered HU. */
        public final short[] hu;
        /** Organ labels (see {@link Label}). */
        public final byte[] labels;
        /** Lesion ids (0 = none). */
        public final byte[] lesionIds;

        public SliceBuffers(int columns, int rows) {
            int n = columns * rows;
            image = new float[n];
            scratch = new float[n];
            noise = new float[n];
            hu = new short[n];
            labels = new byte[n];
            lesionIds = new byte[n];
        }
    }

    /** A buffer set that fits this grid. */
    public SliceBuffers newBuffers() {
        return new SliceBuffers(params.columns(), params.rows());
    }

    /** Renders slice {@code k} into {@code b}: HU with noise, labels and lesion ids. */
    public void renderSlice(int k, SliceBuffers b) {
        int cols = params.columns();
        int rows = params.rows();
        double dx = params.pixelSpacingMm();
        double x0 = geometry.originMm()[0];
        double y0 = geometry.originMm()[1];
        double z = sliceZ(k);
        float[] img = b.image;
        byte[] lab = b.labels;
        byte[] les = b.lesionIds;
        java.util.Arrays.fill(img, (float) anatomy.hu(Tissue.AIR));
        java.util.Arrays.fill(lab, (byte) 0);
        java.util.Arrays.fill(les, (byte) 0);
        double half = dx / 2;
        for (Structure s : paintOrder) {
            Shape.Box box = s.shape().bounds();
            double reach = s.marginMm() > 0 ? 6 * s.marginMm() : half;
            if (z < box.minZ() - reach || z > box.maxZ() + reach) {
                continue;
            }
            int i0 = Math.max(0, (int) Math.floor((box.minX() - reach - x0) / dx));
            int i1 = Math.min(cols - 1, (int) Math.ceil((box.maxX() + reach - x0) / dx));
            int j0 = Math.max(0, (int) Math.floor((box.minY() - reach - y0) / dx));
            int j1 = Math.min(rows - 1, (int) Math.ceil((box.maxY() + reach - y0) / dx));
            if (i0 > i1 || j0 > j1) {
                continue;
            }
            paint(s, s.shape().at(z), img, lab, les, cols, i0, i1, j0, j1, x0, y0, dx, blockCulling);
        }
        for (int p = 0; p < lab.length; p++) {
            if ((lab[p] & 0xff) == Structure.CAVITY) {
                lab[p] = 0;
            }
        }
        if (!params.realism().fixture()) {
            addRealism(z, img, lab, cols, rows, x0, y0, dx);
        }
        if (params.partialVolumeBlur()) {
            smooth121(img, b.scratch, cols, rows);
        }
        addNoise(k, img, b.noise, b.scratch, cols, rows);
        short[] hu = b.hu;
        for (int p = 0; p < hu.length; p++) {
            int v = Math.round(img[p]);
            hu[p] = (short) (v < MIN_HU ? MIN_HU : (v > MAX_HU ? MAX_HU : v));
        }
    }

    /**
     * The randomised case's spatial variation: nodular or heterogeneous liver parenchyma (label 1
     * only; lesions keep their own rendering), mottled food in the stomach, and a smooth additive bias
     * field over the body. Fields are 3D, so neighbouring slices agree.
     */
    private void addRealism(double z, float[] img, byte[] lab, int cols, int rows, double x0, double y0, double dx) {
        Realism r = params.realism();
        LatticeNoise coarse = new LatticeNoise(mix(r.randomSeed(), 1), r.noduleMm());
        LatticeNoise fine = new LatticeNoise(mix(r.randomSeed(), 2), r.noduleMm() / 2.5);
        LatticeNoise bias = new LatticeNoise(mix(r.randomSeed(), 3), r.biasScaleMm());
        boolean food = r.stomach() == Realism.StomachContent.FOOD;
        // the bias field varies over 80 mm and more: sampled every 4th pixel along a row, linear between
        float[] rowBias = new float[cols];
        for (int j = 0; j < rows; j++) {
            double y = y0 + j * dx;
            if (r.biasFieldHu() > 0) {
                double next = bias.raw(x0, y, z);
                for (int i = 0; i < cols; i += 4) {
                    int i1 = Math.min(i + 4, cols - 1);
                    double a = next;
                    double c = i1 > i ? bias.raw(x0 + i1 * dx, y, z) : a;
                    next = c;
                    double step = i1 > i ? (c - a) / (i1 - i) : 0;
                    for (int q = i; q <= i1; q++) {
                        rowBias[q] = (float) (r.biasFieldHu() * (a + step * (q - i)));
                    }
                }
            }
            for (int i = 0; i < cols; i++) {
                int p = j * cols + i;
                double x = x0 + i * dx;
                int l = lab[p];
                if (l == Label.LIVER.value() && r.liverTextureHu() > 0) {
                    img[p] += (float) (r.liverTextureHu() * (0.7 * coarse.raw(x, y, z) + 0.3 * fine.raw(x, y, z)));
                } else if (food && l == Label.STOMACH.value() && img[p] > -200) {
                    img[p] += (float) (25 * fine.raw(x, y, z));
                }
                if (img[p] > -300) {
                    img[p] += rowBias[i];
                }
            }
        }
    }

    /** Pixels per side of the blocks that are tested as a whole before any pixel is. */
    private static final int BLOCK = 8;
    /**
     * Safety factor on the depth functions' slope: a block is skipped (or filled) only when the
     * depth at its centre says it lies this many block radii outside (inside) the surface.
     */
    private static final double LIPSCHITZ = 1.5;

    /**
     * Paints one structure over a pixel rectangle. Blocks of 8×8 pixels whose centre lies far outside
     * are skipped and those far inside are filled without evaluating each pixel; only blocks near the
     * surface are evaluated pixel by pixel. Hard edges of a filled block have coverage 1, exactly what
     * the pixel path gives there, so both paths produce the same bytes.
     */
    private static void paint(Structure s, Shape.Section sec, float[] img, byte[] lab, byte[] les, int cols, int i0,
                              int i1, int j0, int j1, double x0, double y0, double dx, boolean culling) {
        float hu = (float) s.hu();
        int label = s.label();
        int only = s.onlyInLabel();
        byte lesion = (byte) s.lesionId();
        double margin = s.marginMm();
        double half = dx / 2;
        double reach = margin > 0 ? 6 * margin : half;
        double blockRadius = BLOCK * dx / Math.sqrt(2);
        double skipBelow = culling ? -(LIPSCHITZ * blockRadius + reach + dx) : Double.NEGATIVE_INFINITY;
        double fillAbove = margin > 0 || !culling ? Double.POSITIVE_INFINITY : LIPSCHITZ * blockRadius + reach + dx;
        for (int bj = j0; bj <= j1; bj += BLOCK) {
            int bj1 = Math.min(bj + BLOCK - 1, j1);
            for (int bi = i0; bi <= i1; bi += BLOCK) {
                int bi1 = Math.min(bi + BLOCK - 1, i1);
                double dc = sec.depthMm(x0 + (bi + bi1) * 0.5 * dx, y0 + (bj + bj1) * 0.5 * dx);
                if (dc < skipBelow) {
                    continue;
                }
                boolean full = dc > fillAbove;
                for (int j = bj; j <= bj1; j++) {
                    double y = y0 + j * dx;
                    int row = j * cols;
                    for (int i = bi; i <= bi1; i++) {
                        int p = row + i;
                        if (only >= 0 && (lab[p] & 0xff) != only) {
                            continue;
                        }
                        double d;
                        double a;
                        if (full) {
                            d = 1;
                            a = 1;
                        } else {
                            d = sec.depthMm(x0 + i * dx, y);
                            if (margin > 0) {
                                if (d < -reach) {
                                    continue;
                                }
                                a = 1 / (1 + StrictMath.exp(-d / margin));
                            } else {
                                if (d <= -half) {
                                    continue;
                                }
                                a = d >= half ? 1 : 0.5 + d / dx;
                            }
                        }
                        if (a >= 1) {
                            img[p] = hu;
                        } else {
                            img[p] += (float) (a * (hu - img[p]));
                        }
                        if (d > 0) {
                            if (label >= 0) {
                                lab[p] = (byte) label;
                            }
                            if (lesion != 0) {
                                les[p] = lesion;
                            }
                        }
                    }
                }
            }
        }
    }

    /** In-place separable [1 2 1]/4 smoothing with clamped edges. */
    private static void smooth121(float[] img, float[] tmp, int cols, int rows) {
        for (int j = 0; j < rows; j++) {
            int row = j * cols;
            for (int i = 0; i < cols; i++) {
                float l = img[row + Math.max(i - 1, 0)];
                float r = img[row + Math.min(i + 1, cols - 1)];
                tmp[row + i] = 0.25f * l + 0.5f * img[row + i] + 0.25f * r;
            }
        }
        for (int j = 0; j < rows; j++) {
            int up = Math.max(j - 1, 0) * cols;
            int row = j * cols;
            int down = Math.min(j + 1, rows - 1) * cols;
            for (int i = 0; i < cols; i++) {
                img[row + i] = 0.25f * tmp[up + i] + 0.5f * tmp[row + i] + 0.25f * tmp[down + i];
            }
        }
    }

    /**
     * Correlated Gaussian noise: white noise smoothed by [1 2 1]/4 in x and y, scaled back to the
     * requested SD (the kernel keeps 0.375 of the SD). Each slice has its own random stream.
     */
    private void addNoise(int k, float[] img, float[] white, float[] tmp, int cols, int rows) {
        double sd = params.noiseSdHu();
        if (sd <= 0) {
            return;
        }
        SplittableRandom r = new SplittableRandom(mix(params.seed(), 0x4E015EL + k));
        int n = cols * rows;
        for (int p = 0; p < n; p++) {
            white[p] = (float) r.nextGaussian();
        }
        // SD kept by the kernel: [1 2 1]/4 in x and y keeps 0.375, applied twice 0.2734, none 1
        double kept = switch (params.realism().kernel()) {
            case STANDARD -> 0.375;
            case SMOOTH -> 0.2734;
            case SHARP -> 1;
        };
        if (params.realism().kernel() != Realism.Kernel.SHARP) {
            smooth121(white, tmp, cols, rows);
        }
        if (params.realism().kernel() == Realism.Kernel.SMOOTH) {
            smooth121(white, tmp, cols, rows);
        }
        float scale = (float) (sd / kept);
        for (int p = 0; p < n; p++) {
            img[p] += scale * white[p];
        }
    }

    /** A 64-bit mix (SplitMix64 finaliser) of the seed and a stream number. */
    static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The grid for the parameters: axial, centred on the patient origin, slices ascending in z. */
    static VolumeGeometry geometryOf(Params p) {
        double dx = p.pixelSpacingMm();
        double dz = p.sliceSpacingMm();
        double[] origin = {
            round6(-(p.columns() - 1) / 2.0 * dx),
            round6(-(p.rows() - 1) / 2.0 * dx),
            round6(-(p.slices() - 1) / 2.0 * dz)};
        return VolumeGeometry.axial(new int[] {p.columns(), p.rows(), p.slices()}, origin, new double[] {dx, dx, dz});
    }

    static double round6(double v) {
        double r = BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
        return r == 0 ? 0.0 : r; // no negative zero in DICOM strings
    }

    /** A DICOM DS value: at most 6 decimals, no exponent, no trailing zeros. */
    static String decimalString(double v) {
        String s = BigDecimal.valueOf(round6(v)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** A short description for logs and the demo. */
    public String describe() {
        long hypo = lesions.stream().filter(l -> l.type() == LesionType.HYPODENSE).count();
        return String.format(Locale.ROOT,
                "synthetic abdominal CT, seed %d, %d×%d×%d, %.3g mm pixels, %.3g mm slices, %s phase, %d lesion(s) "
                        + "(%d hypodense, %d hyperdense), noise %.3g HU%s",
                params.seed(), params.columns(), params.rows(), params.slices(), params.pixelSpacingMm(),
                params.sliceSpacingMm(), params.phase().words(), lesions.size(), hypo, lesions.size() - hypo,
                params.noiseSdHu(), params.realism().fixture() ? "" : ", " + params.realism().describe());
    }

    /** Package access for the placement and writer. */
    Anatomy anatomy() {
        return anatomy;
    }
}
