package org.liverlens.tools.edit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.liverlens.core.edit.EditBackend;
import org.liverlens.core.edit.EditInstruction;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditRequest;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.edit.EditStats;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.service.CounterfactualEditService;
import org.liverlens.core.service.EditService;
import org.liverlens.core.service.ModelSegmentationService;
import org.liverlens.core.synth.LesionSynthesis;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.SyntheticCt;

/**
 * Flip rates and realism of an edit backend (chosen by name among {@link EditService#backends()}) on
 * synthetic CT, scored with the default segmentation model (two runs per case: the original, and one
 * volume holding both edits, lesion 1 removed and a lesion added apart from it): after "remove lesion 1" the model must no
 * longer find that lesion (counted only where it found it before the edit: its tumour voxels cover at
 * least 30 % of the lesion), and a click at the removed lesion's centre must give an empty or
 * low-confidence mask from the promptable tool; after "add a 20 mm hypodense lesion" at a random liver
 * point it must find the new one (tumour voxels cover at least 30 % of it). Realism (no model needed):
 * the fill patches of {@link FillPatches} against native parenchyma, and the filled mean against the
 * surrounding parenchyma's range.
 */
public final class EditEvaluation {
    /** Share of a lesion the model's tumour voxels must cover for it to count as found. */
    public static final double FOUND = 0.30;
    /** A click answer at or above this confidence (and 2 mL) still counts as a lesion (as in docs/prompt.md's test). */
    public static final double PROMPT_CONFIDENCE = 0.5;
    public static final double PROMPT_ML = 2.0;

    /**
     * What is measured: the backend's name, whether the model scores flips, where previews go (or null),
     * whether the model scores the removal too (false: one model run per case, the insertion only), and
     * whether the fill patches of every lesion are made (false: no patch classifier; the flips of a slow
     * backend cost one removal of each lesion less).
     */
    public record Options(String backend, boolean model, Path previews, boolean scoreRemoval, boolean patches) {
        public Options(String backend, boolean model, Path previews) {
            this(backend, model, previews, true, true);
        }
    }

    /**
     * One synthetic case's outcome; flip fields are NaN / false when the model was not run.
     * {@code nativeLesions}: per generator lesion {equivalent diameter mm, model coverage before any edit}.
     */
    public record CaseResult(long seed, boolean removalScored, boolean removalFlipped, boolean insertionFlipped,
                             double removedCoverageBefore, double removedCoverageAfter, double insertedCoverage,
                             double insertedDepthMm, double insertedContrastHu, double insertedInModelLiver,
                             boolean promptEmptyOrLow, double promptConfidence, double promptMl,
                             boolean nativeClickEmptyOrLow, double nativeClickConfidence, double nativeClickMl,
                             double filledMeanHu, double filledSdHu, double nativeMeanHu, double nativeSdHu,
                             boolean meanInRange, NativeRange.Result fillRange,
                             NativeRange.Result fillRangeParenchyma, double[] glcmFilled, double[] glcmNative,
                             List<double[]> editedPatches, List<double[]> nativePatches,
                             List<double[]> nativeLesions) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seed);
        }

        @Override
        public String toString() {
            return "CaseResult[seed " + seed + "]";
        }
    }

    private final ModelSegmentationService segmentation = new ModelSegmentationService();
    private final Options options;
    private final EditBackend backend;

    public EditEvaluation(Options options) {
        this.options = options;
        this.backend = named(options.backend());
    }

    /** The classical backend, scored by the model, no previews. */
    public EditEvaluation() {
        this(new Options("classical", true, null));
    }

    /**
     * The backend {@code name} of the edit service, or an {@link IllegalArgumentException} listing the
     * available ones.
     */
    public static EditBackend named(String name) {
        EditService service = new CounterfactualEditService();
        if (!service.backends().contains(name)) {
            throw new IllegalArgumentException("unknown edit backend '" + name + "': this build has "
                    + String.join(", ", service.backends()));
        }
        return new EditBackend() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public EditResult apply(EditScene scene, EditRequest request, long seed) {
                return service.edit(scene, request, name, seed);
            }
        };
    }

    /** The synthetic scene of a case: a 192 × 192 CT at 2 mm (the model's in-plane spacing), 5 mm slices, 2-3 lesions of 15-35 mm. */
    public static EditScene scene(long seed) {
        SyntheticCt ct = new SyntheticCt(SyntheticCt.Params.defaults().withSeed(seed).withSize(192, 192, 32)
                .withSpacing(2.0, 5.0).withRandomLesions(2 + (int) (seed % 2)).withLesionDiameterRange(15, 35));
        return SyntheticScenes.of(ct, SyntheticScenes.render(ct));
    }

    public CaseResult evaluate(long seed) {
        EditScene scene = scene(seed);
        HuVolume hu = scene.ct();
        BitMask liver = scene.liver();
        List<BitMask> lesions = scene.lesions();

        // removal of the largest lesion
        BitMask removed = lesions.get(0);
        EditResult r = backend.apply(scene, new EditParser().parse("remove lesion 1"), seed);
        BitMask ring = ring(r.region(), liver, lesions, 3, 15);
        double[] filled = stats(r.edited(), r.region());
        double[] nativeStats = stats(hu, ring);
        double se = nativeStats[1] / Math.sqrt(Math.max(1, r.region().count() / 9.0));
        boolean inRange = Math.abs(filled[0] - nativeStats[0]) <= 1.96 * se + 2;
        NativeRange.Result fillRange = NativeRange.of(hu, r.edited(), r.region(), liver, lesions, seed);
        NativeRange.Result fillRangeParenchyma = NativeRange.of(hu, r.edited(), r.region(), liver, lesions, seed,
                NativeRange.parenchymaBand(hu, r.region(), liver, lesions));
        double[] glcmFilled = Glcm.contrastHomogeneity(r.edited(), r.region(), nativeStats[0], nativeStats[1]);
        double[] glcmNative = Glcm.contrastHomogeneity(hu, ring, nativeStats[0], nativeStats[1]);
        PromptResult click = new RegionCompetition().segment(r.edited(), liver,
                new Prompt(List.of(Prompt.Click.atCentroid(removed)), List.of(), null));
        double clickMl = click.mask().count() * hu.geometry().voxelVolumeMl();
        boolean clickLow = emptyOrLow(click, clickMl);
        // the control: the same click on native parenchyma (a random liver point 5 mm clear of the lesions)
        BitMask allLesions = new BitMask(hu.geometry());
        lesions.forEach(allLesions::addAll);
        double[] np = LesionSynthesis.chooseCentre(liver, allLesions, 20, new SplittableRandom(seed + 1));
        PromptResult nativeClick = np == null ? PromptResult.empty(new BitMask(hu.geometry()), "no place")
                : new RegionCompetition().segment(hu, liver, Prompt.click((int) np[0], (int) np[1], (int) np[2]));
        double nativeMl = nativeClick.mask().count() * hu.geometry().voxelVolumeMl();

        // insertion of a 20 mm hypodense lesion at a random liver point clear of the lesions (the first
        // random point the backend accepts: the new lesion may not overlap a lesion nor leave the liver)
        List<int[]> sites = RealCaseEvaluation.centres(scene, backend, 1, 0, seed);
        EditResult a = null;
        double depth = Double.NaN;
        double contrast = Double.NaN;
        if (!sites.isEmpty()) {
            int[] v = sites.get(0);
            a = backend.apply(scene, new EditRequest("add", List.of(RealCaseEvaluation.add(v))), seed);
            EditStats s = a.stats().get(a.stats().size() - 1);
            depth = s.figures().get("centreVoxel") instanceof int[] moved ? depthMm(liver, moved) : depthMm(liver, v);
            Object lm = s.figures().get("lesionMeanHu");
            Object ph = s.figures().get("parenchymaHu");
            if (lm instanceof Number l && ph instanceof Number p) {
                contrast = l.doubleValue() - p.doubleValue();
            }
        }
        FillPatches.Sample patches = options.patches() ? FillPatches.sample(scene, backend, seed)
                : new FillPatches.Sample(List.of(), List.of());

        double before = Double.NaN;
        double after = Double.NaN;
        double inserted = Double.NaN;
        double inModelLiver = Double.NaN;
        List<double[]> nativeLesions = new ArrayList<>();
        if (options.model()) {
            if (options.scoreRemoval()) {
                BitMask tumourBefore = labels(hu).mask(Segmenter.TUMOUR);
                before = coverage(tumourBefore, removed);
                for (BitMask m : lesions) {
                    double ml = m.count() * hu.geometry().voxelVolumeMl();
                    nativeLesions.add(new double[] {Math.cbrt(6 * ml * 1000 / Math.PI), coverage(tumourBefore, m)});
                }
            }
            // One model run scores both edits: lesion 1 removed and the new lesion added, apart, in one volume.
            List<EditInstruction> both = new ArrayList<>(options.scoreRemoval()
                    ? new EditParser().parse("remove lesion 1").edits() : List.of());
            if (a != null) {
                both.add(RealCaseEvaluation.add(sites.get(0)));
            }
            if (both.isEmpty()) {
                both.add(new EditParser().parse("remove lesion 1").edits().get(0)); // no site: the removal alone
            }
            EditResult e = backend.apply(scene, new EditRequest("remove and add", both), seed);
            LabelVolume afterEdits = labels(e.edited());
            BitMask tumour = afterEdits.mask(Segmenter.TUMOUR);
            if (options.scoreRemoval()) {
                after = coverage(tumour, removed);
                preview(hu, e.edited(), liver, e.region(), afterEdits, String.format(Locale.ROOT,
                        "seed %d remove lesion 1 (%s): coverage %.2f -> %.2f", seed, backend.name(), before, after),
                        "remove-" + seed + ".png", removed);
            }
            if (a != null) {
                BitMask newLesion = e.lesionsAfter().get(e.lesionsAfter().size() - 1);
                inserted = coverage(tumour, newLesion);
                BitMask modelLiver = afterEdits.mask(Segmenter.LIVER);
                modelLiver.addAll(tumour);
                inModelLiver = coverage(modelLiver, newLesion);
                preview(hu, e.edited(), liver, newLesion, afterEdits, String.format(Locale.ROOT,
                        "seed %d add 20 mm (%s): coverage %.2f, contrast %.0f HU, depth %.0f mm", seed, backend.name(),
                        inserted, contrast, depth), "add-" + seed + ".png", newLesion);
            }
        }
        return new CaseResult(seed, before >= FOUND, before >= FOUND && after < FOUND, inserted >= FOUND, before,
                after, inserted, depth, contrast, inModelLiver, clickLow, click.confidence(), clickMl,
                emptyOrLow(nativeClick, nativeMl), nativeClick.confidence(), nativeMl, filled[0],
                filled[1], nativeStats[0], nativeStats[1], inRange, fillRange, fillRangeParenchyma, glcmFilled, glcmNative, patches.edited(),
                patches.nativePatches(), nativeLesions);
    }

    /** Empty, or under {@link #PROMPT_CONFIDENCE} and {@link #PROMPT_ML} (docs/prompt.md's normal-parenchyma test). */
    static boolean emptyOrLow(PromptResult r, double ml) {
        return r.isEmpty() || (r.confidence() < PROMPT_CONFIDENCE && ml < PROMPT_ML);
    }

    private void preview(HuVolume before, HuVolume after, BitMask liver, BitMask edited, LabelVolume labels,
                         String caption, String file, BitMask slice) {
        if (options.previews() != null) {
            EvaluationPreview.write(options.previews().resolve(file), before, after, liver, edited, slice,
                    labels.mask(Segmenter.LIVER), labels.mask(Segmenter.TUMOUR), caption);
        }
    }

    private LabelVolume labels(HuVolume ct) {
        return segmentation.segment(ct, SegmenterOptions.defaults(), Progress.NONE, Cancellation.NONE).labels();
    }

    /** Distance in mm from voxel {@code v} to the nearest voxel outside the liver (or the volume), up to 60 mm. */
    static double depthMm(BitMask liver, int[] v) {
        VolumeGeometry g = liver.geometry();
        double[] s = g.spacingMm();
        double best = 60;
        int ri = (int) Math.ceil(best / s[0]);
        int rk = (int) Math.ceil(best / s[2]);
        for (int dk = -rk; dk <= rk; dk++) {
            for (int dj = -ri; dj <= ri; dj++) {
                for (int di = -ri; di <= ri; di++) {
                    double d = Math.sqrt(Math.pow(di * s[0], 2) + Math.pow(dj * s[1], 2) + Math.pow(dk * s[2], 2));
                    if (d < best && (!g.contains(v[0] + di, v[1] + dj, v[2] + dk)
                            || !liver.get(v[0] + di, v[1] + dj, v[2] + dk))) {
                        best = d;
                    }
                }
            }
        }
        return best;
    }

    static double coverage(BitMask found, BitMask lesion) {
        long hit = 0;
        for (int k = 0; k < lesion.geometry().slices(); k++) {
            if (lesion.isSliceEmpty(k) || found.isSliceEmpty(k)) {
                continue;
            }
            long[] a = lesion.words(k);
            long[] b = found.words(k);
            for (int w = 0; w < a.length; w++) {
                hit += Long.bitCount(a[w] & b[w]);
            }
        }
        return lesion.count() == 0 ? 0 : (double) hit / lesion.count();
    }

    /** Liver voxels r0-r1 mm (in-plane box distance, same slice ± 1) from the region, off every lesion. */
    static BitMask ring(BitMask region, BitMask liver, List<BitMask> lesions, double r0, double r1) {
        VolumeGeometry g = region.geometry();
        BitMask out = new BitMask(g);
        int[] box = region.boundingBox();
        double s = g.spacingMm()[0];
        int outer = (int) Math.ceil(r1 / s);
        int inner = (int) Math.ceil(r0 / s);
        for (int k = Math.max(0, box[2]); k <= box[5]; k++) {
            for (int j = Math.max(0, box[1] - outer); j <= Math.min(g.rows() - 1, box[4] + outer); j++) {
                for (int i = Math.max(0, box[0] - outer); i <= Math.min(g.columns() - 1, box[3] + outer); i++) {
                    boolean inBox = i >= box[0] - inner && i <= box[3] + inner && j >= box[1] - inner
                            && j <= box[4] + inner;
                    if (inBox || !liver.get(i, j, k) || region.get(i, j, k)) {
                        continue;
                    }
                    boolean lesion = false;
                    for (BitMask m : lesions) {
                        lesion |= m.get(i, j, k);
                    }
                    if (!lesion) {
                        out.set(i, j, k, true);
                    }
                }
            }
        }
        return out;
    }

    static double[] stats(HuVolume v, BitMask m) {
        double s = 0;
        double ss = 0;
        long n = 0;
        for (int k = 0; k < v.geometry().slices(); k++) {
            if (m.isSliceEmpty(k)) {
                continue;
            }
            short[] a = v.slice(k);
            for (int q = 0; q < a.length; q++) {
                if (m.getIndex(k, q)) {
                    s += a[q];
                    ss += (double) a[q] * a[q];
                    n++;
                }
            }
        }
        double mean = n == 0 ? Double.NaN : s / n;
        return new double[] {mean, n == 0 ? Double.NaN : Math.sqrt(Math.max(0, ss / n - mean * mean))};
    }
}
