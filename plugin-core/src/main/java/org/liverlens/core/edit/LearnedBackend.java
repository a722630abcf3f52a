package org.liverlens.core.edit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.liverlens.core.inpaint.InpaintModel;
import org.liverlens.core.inpaint.InpaintNetwork;
import org.liverlens.core.inpaint.InpaintRegion;
import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * The learned backend: every edit is decided as the classical backend decides it (the same region,
 * new lesion, refusals and lesion numbers), then the voxels of its region are made by the learned
 * inpainting model ({@link InpaintRegion}, a conditional diffusion model, docs/models.md): parenchyma
 * for a removal, the requested lesion (its mask from the shared lesion synthesis, its contrast and
 * appearance as attributes) for an insertion or resize. Voxels outside the regions are never written;
 * the same seed gives the same voxels.
 */
public final class LearnedBackend implements EditBackend {
    public static final String NAME = "learned";

    private final Path weights;
    private final int steps;
    private InpaintNetwork network;

    /** The shipped model. */
    public LearnedBackend() {
        this(null);
    }

    /** The model whose weights are {@code weights} (from {@code liverlens train-edit}), or the shipped one when null. */
    public LearnedBackend(Path weights) {
        this(weights, InpaintNetwork.STEPS);
    }

    /** With {@code steps} DDIM steps per patch instead of the shipped {@value InpaintNetwork#STEPS} (fewer: faster, coarser). */
    LearnedBackend(Path weights, int steps) {
        if (steps < 1 || steps > InpaintModel.TIMESTEPS) {
            throw new IllegalArgumentException("DDIM steps must be 1…" + InpaintModel.TIMESTEPS + ", got " + steps);
        }
        this.weights = weights;
        this.steps = steps;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Loads the model now (it is otherwise loaded by the first edit): a missing or bad model fails here. */
    public synchronized LearnedBackend load() {
        if (network == null) {
            network = weights == null ? InpaintNetwork.shipped() : InpaintNetwork.fromFile(weights);
        }
        return this;
    }

    @Override
    public EditResult apply(EditScene scene, EditRequest request, long seed) {
        return new ClassicalBackend(NAME, this::render).apply(scene, request, seed);
    }

    private Map<String, Object> render(HuVolume out, EditRegion r, long seed) {
        load();
        InpaintModel.Attributes a;
        if (r.kind().equals("remove")) {
            a = InpaintModel.Attributes.PARENCHYMA;
        } else if (r.model() != null) {
            a = InpaintModel.Attributes.of(r.model(), r.parenchymaHu());
        } else {
            // grow or shrink: the lesion keeps the contrast the classical rendering gave it
            a = new InpaintModel.Attributes(lesionContrast(out, r), false, false);
        }
        // the classical fill the region holds before the network draws it has the parenchyma's SD
        double parenchymaSd = r.kind().equals("remove") ? regionSd(out, r.region()) : Double.NaN;
        InpaintRegion.render(network, out, r.region(), r.lesion(), a, seed, steps);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", network.description());
        figures.put("ddimSteps", steps);
        figures.put("attributeContrastHu", a.contrastHu());
        if (!Double.isNaN(parenchymaSd)) {
            figures.put("fillCalibration", calibrateFill(out, r.region(), parenchymaSd));
        }
        if (r.model() != null && !a.rim() && !a.necrotic() && !Double.isNaN(r.parenchymaHu())) {
            figures.put("contrastCalibrationHu", calibrate(out, r, r.parenchymaHu() + a.contrastHu()));
            if (!Double.isNaN(r.parenchymaSdHu())) {
                figures.put("textureCalibration", calibrateTexture(out, r,
                        expectedSdHu(r.model(), r.parenchymaSdHu())));
            }
        }
        List<Double> fill = new ArrayList<>();
        List<Double> lesion = new ArrayList<>();
        forEach(r.region(), (i, j, k) -> (r.lesion().get(i, j, k) ? lesion : fill).add((double) out.get(i, j, k)));
        if (r.kind().equals("remove")) {
            figures.put("filledMeanHu", mean(fill));
            figures.put("filledSdHu", sd(fill));
        } else if (!lesion.isEmpty()) {
            figures.put("lesionMeanHu", mean(lesion));
        }
        return figures;
    }

    /**
     * Moves the new lesion's mean to {@code targetHu} (the parenchyma it was drawn against plus the contrast
     * asked), keeping the network's texture, shape and margin: the network realises about 80 % of the contrast
     * it is given (2.0.0: median −41 HU for −50 asked, docs/models.md), and a faint lesion is one the
     * segmenter misses. The shift is added in full inside the lesion and by half on its surface voxels (those
     * with a 6-neighbour outside it), and never outside the region. Uniform lesions only: a rim or a necrotic
     * centre has no single mean to set. Returns the shift in HU.
     */
    static double calibrate(HuVolume out, EditRegion r, double targetHu) {
        List<Double> lesion = new ArrayList<>();
        forEach(r.lesion(), (i, j, k) -> lesion.add((double) out.get(i, j, k)));
        if (lesion.isEmpty()) {
            return 0;
        }
        double shift = targetHu - mean(lesion);
        forEach(r.lesion(), (i, j, k) -> {
            if (r.region().get(i, j, k)) {
                double w = surface(r.lesion(), i, j, k) ? 0.5 : 1;
                long v = Math.round(out.get(i, j, k) + w * shift);
                out.set(i, j, k, (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
            }
        });
        return shift;
    }

    /**
     * The SD that the lesion model asked for gives a uniform lesion: the liver's own noise, which an inserted
     * lesion keeps, and the model's texture ({@link LesionModel#textureSdHu}), independent of it.
     */
    static double expectedSdHu(LesionModel model, double parenchymaSdHu) {
        return Math.hypot(parenchymaSdHu, model.textureSdHu(parenchymaSdHu));
    }

    /**
     * Brings a new lesion's heterogeneity down to {@code targetSdHu} when the network drew it stronger: the
     * network has no texture attribute and draws 2.0.0's hypodense lesions up to 2.1 times (median 1.45) as
     * heterogeneous as the model asked (mottled: docs/models.md), which is neither the request nor how the
     * segmenter knows a lesion. The deviations of the lesion's inner voxels (not on its surface) from their
     * mean are scaled by one factor, so the pattern stays the network's; the surface voxels (its margin) and
     * everything outside the region are not touched; a calmer lesion is left as drawn. Returns the factor
     * (1: none).
     */
    static double calibrateTexture(HuVolume out, EditRegion r, double targetSdHu) {
        List<Double> inner = new ArrayList<>();
        forEach(r.lesion(), (i, j, k) -> {
            if (r.region().get(i, j, k) && !surface(r.lesion(), i, j, k)) {
                inner.add((double) out.get(i, j, k));
            }
        });
        if (inner.size() < 2) {
            return 1;
        }
        double m = mean(inner);
        double sd = sd(inner);
        if (!(sd > targetSdHu)) {
            return 1;
        }
        double f = targetSdHu / sd;
        forEach(r.lesion(), (i, j, k) -> {
            if (r.region().get(i, j, k) && !surface(r.lesion(), i, j, k)) {
                long v = Math.round(m + f * (out.get(i, j, k) - m));
                out.set(i, j, k, (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
            }
        });
        return f;
    }

    /** In-plane half width of the local mean that a fill's texture is measured about, voxels. */
    static final int FILL_MEAN_RADIUS = 3;
    /** The fill's texture is raised by at most this factor. */
    static final double MAX_FILL_CALIBRATION = 2.5;

    /**
     * Brings a removal's fill up to {@code targetSdHu} (the SD of the classical fill of the same region, which
     * has the parenchyma's: {@link ParenchymaFill}) when the network drew it calmer: 2.0.0's fills have about
     * two thirds of the liver's texture (docs/models.md). The deviations of each fill voxel from its in-plane
     * local mean (over the region, ±{@value #FILL_MEAN_RADIUS} voxels) are scaled by a gain that ramps in over
     * the two outermost voxels of each slice (1 on the seam, which stays as drawn, half one voxel in, the full
     * factor deeper), the factor chosen so that the fill's SD is the target; the pattern and the local level
     * stay the network's; never scaled down. Returns the factor (1: none).
     */
    static double calibrateFill(HuVolume out, BitMask region, double targetSdHu) {
        if (!(targetSdHu > 0)) {
            return 1;
        }
        List<int[]> voxels = new ArrayList<>();
        forEach(region, (i, j, k) -> voxels.add(new int[] {i, j, k}));
        float[] mean = new float[voxels.size()];
        float[] weight = new float[voxels.size()];
        Moments means = new Moments();
        // sums of d², w d² and w² d² (d: deviation from the local mean, w: the gain's ramp weight)
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        for (int v = 0; v < mean.length; v++) {
            int[] at = voxels.get(v);
            mean[v] = (float) localMean(out, region, at[0], at[1], at[2]);
            weight[v] = inPlaneDepth(region, at[0], at[1], at[2]) / 2f;
            means.add(mean[v]);
            double dev = out.get(at[0], at[1], at[2]) - mean[v];
            s0 += dev * dev;
            s1 += weight[v] * dev * dev;
            s2 += weight[v] * weight[v] * dev * dev;
        }
        // the fill's variance after scaling by gain g = 1 + (f − 1) w is var(mean) + Σ (g d)² / n: solve
        // Σ w² d² x² + 2 Σ w d² x + n (var(mean) + Σ d² / n − target²) = 0 for x = f − 1
        long n = means.count();
        double c = n < 2 ? 0 : n * (means.variance() - targetSdHu * targetSdHu) + s0;
        if (n < 2 || c >= 0 || s2 <= 0) {
            return 1;
        }
        double f = Math.min(MAX_FILL_CALIBRATION, 1 + (-s1 + Math.sqrt(s1 * s1 - s2 * c)) / s2);
        for (int v = 0; v < mean.length; v++) {
            int[] at = voxels.get(v);
            double gain = 1 + (f - 1) * weight[v];
            long h = Math.round(mean[v] + gain * (out.get(at[0], at[1], at[2]) - mean[v]));
            out.set(at[0], at[1], at[2], (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, h)));
        }
        return f;
    }

    /** Mean HU of the region's voxels within ±{@value #FILL_MEAN_RADIUS} voxels in-plane of (i, j, k). */
    private static double localMean(HuVolume out, BitMask region, int i, int j, int k) {
        double sum = 0;
        int n = 0;
        for (int jj = j - FILL_MEAN_RADIUS; jj <= j + FILL_MEAN_RADIUS; jj++) {
            for (int ii = i - FILL_MEAN_RADIUS; ii <= i + FILL_MEAN_RADIUS; ii++) {
                if (out.geometry().contains(ii, jj, k) && region.get(ii, jj, k)) {
                    sum += out.get(ii, jj, k);
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** 0 on the region's outermost in-plane voxels, 1 one voxel in, 2 deeper (8-neighbourhood squares). */
    private static int inPlaneDepth(BitMask region, int i, int j, int k) {
        for (int r = 1; r <= 2; r++) {
            for (int jj = j - r; jj <= j + r; jj++) {
                for (int ii = i - r; ii <= i + r; ii++) {
                    if (!region.geometry().contains(ii, jj, k) || !region.get(ii, jj, k)) {
                        return r - 1;
                    }
                }
            }
        }
        return 2;
    }

    private static double regionSd(HuVolume v, BitMask region) {
        Moments m = new Moments();
        forEach(region, (i, j, k) -> m.add(v.get(i, j, k)));
        return m.count() < 2 ? Double.NaN : Math.sqrt(m.variance());
    }

    private static boolean surface(BitMask m, int i, int j, int k) {
        int[][] n = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (int[] d : n) {
            int a = i + d[0];
            int b = j + d[1];
            int c = k + d[2];
            if (!m.geometry().contains(a, b, c) || !m.get(a, b, c)) {
                return true;
            }
        }
        return false;
    }

    /** Mean HU of the lesion minus the robust median of the liver around it (the classical rendering's values). */
    private static double lesionContrast(HuVolume out, EditRegion r) {
        List<Double> lesion = new ArrayList<>();
        forEach(r.lesion(), (i, j, k) -> lesion.add((double) out.get(i, j, k)));
        int[] b = r.region().boundingBox();
        List<Double> ring = new ArrayList<>();
        int pad = 6;
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = Math.max(0, b[1] - pad); j <= Math.min(out.geometry().rows() - 1, b[4] + pad); j++) {
                for (int i = Math.max(0, b[0] - pad); i <= Math.min(out.geometry().columns() - 1, b[3] + pad); i++) {
                    if (r.liver().get(i, j, k) && !r.region().get(i, j, k) && !r.lesion().get(i, j, k)) {
                        ring.add((double) out.get(i, j, k));
                    }
                }
            }
        }
        if (lesion.isEmpty() || ring.isEmpty()) {
            return 0;
        }
        double[] v = ring.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return mean(lesion) - v[v.length / 2];
    }

    private interface VoxelVisitor {
        void visit(int i, int j, int k);
    }

    private static void forEach(BitMask m, VoxelVisitor v) {
        int[] b = m.boundingBox();
        if (b == null) {
            return;
        }
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = b[1]; j <= b[4]; j++) {
                for (int i = b[0]; i <= b[3]; i++) {
                    if (m.get(i, j, k)) {
                        v.visit(i, j, k);
                    }
                }
            }
        }
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double sd(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).average().orElse(Double.NaN));
    }
}
