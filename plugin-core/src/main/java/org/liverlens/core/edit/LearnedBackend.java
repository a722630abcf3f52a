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
        InpaintRegion.render(network, out, r.region(), r.lesion(), a, seed, steps);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", network.description());
        figures.put("ddimSteps", steps);
        figures.put("attributeContrastHu", a.contrastHu());
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
