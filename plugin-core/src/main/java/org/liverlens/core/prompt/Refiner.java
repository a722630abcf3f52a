package org.liverlens.core.prompt;

import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * {@code refine(autoLabels)} of issue 15: each automatic lesion (a 26-connected component of the
 * tumour label) becomes a prompt, a click at its voxel nearest its centroid and a box around it on
 * that slice, and is segmented again by a {@link PromptSegmenter}; the refined mask replaces the
 * automatic one where it {@linkplain #score scores} better and is at most {@code maxGrowth} times
 * its size. The liver (liver and tumour labels) is
 * the liver mask of every prompt. Voxels the refinement takes from a lesion go back to liver.
 */
public final class Refiner {
    /** Margin of the box around the automatic lesion: the refined outline may grow past the model's by this much. */
    static final double BOX_MARGIN_MM = 8;
    /** The ring the score compares a lesion with: liver voxels between these in-plane distances from it. */
    static final double RING_INNER_MM = 2;
    static final double RING_OUTER_MM = 6;

    /** Default {@link #maxGrowth}: see docs/models.md "Refining automatic lesions" for how it was chosen. */
    public static final double DEFAULT_MAX_GROWTH = 2;

    private final PromptSegmenter segmenter;
    private final double maxGrowth;

    /** A refiner with the {@link #DEFAULT_MAX_GROWTH}. */
    public Refiner(PromptSegmenter segmenter) {
        this(segmenter, DEFAULT_MAX_GROWTH);
    }

    /**
     * @param maxGrowth a refined mask over this many times the automatic lesion's voxels is never
     *                  kept (small automatic lesions are mostly false positives: a prompt on one
     *                  grows into the tissue around it and still scores well); infinity: no limit
     */
    public Refiner(PromptSegmenter segmenter, double maxGrowth) {
        if (!(maxGrowth >= 1)) {
            throw new IllegalArgumentException("maxGrowth must be at least 1, got " + maxGrowth);
        }
        this.segmenter = segmenter;
        this.maxGrowth = maxGrowth;
    }

    /**
     * What happened to one automatic lesion.
     *
     * @param click         the prompt's click
     * @param autoScore     {@link #score} of the automatic lesion
     * @param refinedScore  score of the refined mask (NaN when the prompt gave none)
     * @param kept          true when the refined mask replaced the automatic one
     * @param reason        why the prompt gave no mask, or null
     */
    public record Lesion(Prompt.Click click, long autoVoxels, long refinedVoxels, double autoScore,
                         double refinedScore, boolean kept, String reason) {
    }

    /** The refined labels (a copy) and one entry per automatic lesion, largest first. */
    public record Result(LabelVolume labels, List<Lesion> lesions) {
        public Result {
            lesions = List.copyOf(lesions);
        }
    }

    /**
     * Refines every lesion of {@code autoLabels}; the input is not changed.
     *
     * @param liverLabel  label of liver parenchyma
     * @param tumourLabel label of tumour (painted over the liver)
     */
    public Result refine(HuVolume ct, LabelVolume autoLabels, int liverLabel, int tumourLabel) {
        VolumeGeometry g = autoLabels.geometry();
        LabelVolume out = copyOf(autoLabels);
        BitMask organ = new BitMask(g);
        organ.addAll(autoLabels.mask(liverLabel));
        BitMask tumour = autoLabels.mask(tumourLabel);
        organ.addAll(tumour);
        Components.Labelling parts = Components.label(tumour, Components.Connectivity.FULL);
        List<Lesion> lesions = new ArrayList<>();
        for (int id = 1; id <= parts.count(); id++) {
            BitMask auto = parts.mask(id);
            Prompt.Click click = Prompt.Click.atCentroid(auto);
            Prompt prompt = new Prompt(List.of(click), List.of(), box(auto, click));
            PromptResult r = segmenter.segment(ct, organ, prompt);
            double autoScore = score(ct, auto, organ);
            if (r.isEmpty()) {
                lesions.add(new Lesion(click, auto.count(), 0, autoScore, Double.NaN, false, r.reason()));
                continue;
            }
            double refinedScore = score(ct, r.mask(), organ);
            boolean kept = refinedScore > autoScore && r.mask().count() <= maxGrowth * auto.count();
            if (kept) {
                out.paint(auto, liverLabel);
                out.paint(r.mask(), tumourLabel);
            }
            lesions.add(new Lesion(click, auto.count(), r.mask().count(), autoScore, refinedScore, kept, null));
        }
        lesions.sort((a, b) -> Long.compare(b.autoVoxels(), a.autoVoxels()));
        return new Result(out, lesions);
    }

    /**
     * How well a mask separates a lesion from the liver around it: the Fisher contrast
     * |mean inside − mean of the ring| / √((var inside + var ring) / 2), the ring being the liver
     * voxels 2–6 mm from the mask on its slices (in-plane: 5 mm slices are too thick for a 3D ring).
     * An outline on the lesion's edge scores highest: one too wide takes parenchyma in, one too
     * narrow leaves lesion in the ring. 0 when the mask or its ring is empty.
     */
    public static double score(HuVolume ct, BitMask mask, BitMask liver) {
        VolumeGeometry g = mask.geometry();
        int w = g.columns();
        int n = w * g.rows();
        double[] sp = g.spacingMm();
        double[] in = new double[3];
        double[] ring = new double[3];
        for (int k = 0; k < g.slices(); k++) {
            if (mask.isSliceEmpty(k)) {
                continue;
            }
            boolean[] m = new boolean[n];
            for (int p = 0; p < n; p++) {
                m[p] = mask.getIndex(k, p);
            }
            float[] d = InPlaneDistance.toMask(m, w, g.rows(), sp[0], sp[1], RING_OUTER_MM);
            short[] hu = ct.slice(k);
            for (int p = 0; p < n; p++) {
                if (m[p]) {
                    add(in, hu[p]);
                } else if (d[p] >= RING_INNER_MM && d[p] <= RING_OUTER_MM && liver.getIndex(k, p)) {
                    add(ring, hu[p]);
                }
            }
        }
        if (in[0] < 1 || ring[0] < 1) {
            return 0;
        }
        double mi = in[1] / in[0];
        double mr = ring[1] / ring[0];
        double vi = Math.max(0, in[2] / in[0] - mi * mi);
        double vr = Math.max(0, ring[2] / ring[0] - mr * mr);
        return Math.abs(mi - mr) / Math.sqrt(Math.max(1, (vi + vr) / 2));
    }

    private static void add(double[] s, double v) {
        s[0]++;
        s[1] += v;
        s[2] += v * v;
    }

    /** The lesion's bounding box on the click's slice, widened by {@link #BOX_MARGIN_MM}, clipped to the grid. */
    static Prompt.Box box(BitMask lesion, Prompt.Click click) {
        VolumeGeometry g = lesion.geometry();
        int w = g.columns();
        int i0 = Integer.MAX_VALUE;
        int j0 = Integer.MAX_VALUE;
        int i1 = -1;
        int j1 = -1;
        for (int p = 0; p < w * g.rows(); p++) {
            if (lesion.getIndex(click.k(), p)) {
                i0 = Math.min(i0, p % w);
                i1 = Math.max(i1, p % w);
                j0 = Math.min(j0, p / w);
                j1 = Math.max(j1, p / w);
            }
        }
        int mi = (int) Math.ceil(BOX_MARGIN_MM / g.spacingMm()[0]);
        int mj = (int) Math.ceil(BOX_MARGIN_MM / g.spacingMm()[1]);
        return new Prompt.Box(Math.max(0, i0 - mi), Math.max(0, j0 - mj), Math.min(w - 1, i1 + mi),
                Math.min(g.rows() - 1, j1 + mj), click.k());
    }

    private static LabelVolume copyOf(LabelVolume in) {
        LabelVolume out = new LabelVolume(in.geometry());
        for (int label : in.labels()) {
            if (label != 0) {
                out.paint(in.mask(label), label);
            }
        }
        return out;
    }
}
