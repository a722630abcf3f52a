package org.liverlens.tools.edit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.edit.ClassicalBackend;
import org.liverlens.core.edit.EditBackend;
import org.liverlens.core.edit.EditInstruction;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditRequest;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.edit.InvalidEditException;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.service.ModelSegmentationService;
import org.liverlens.core.synth.Appearance;
import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.synth.LesionSynthesis;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Flip rates on one real CT series, in three model runs: the original (which lesions the model finds,
 * and the liver when the SEG has none), after "remove all lesions" (each lesion scored on its own: the
 * lesions are apart, so one run scores them all), and after {@link #INSERTIONS} 20 mm hypodense lesions
 * added in one instruction at random liver places at least 40 mm apart (each scored on its own). Without
 * a SEG only insertions are made, in the model's liver. Also the click at each removed lesion's centre
 * and the fill patches' feature medians against native ones, and each lesion's fill (removed on its own)
 * against the mean and SD ranges of same-shaped native places ({@link NativeRange}).
 */
public final class RealCaseEvaluation {
    static final int INSERTIONS = 3;
    static final double APART_MM = 40;

    private final ModelSegmentationService segmentation = new ModelSegmentationService();
    private final EditBackend backend;

    public RealCaseEvaluation(String backend) {
        this.backend = EditEvaluation.named(backend);
    }

    /** The figures of one case: {@code seg} holds its lesions (and maybe its liver), or is null. */
    public Map<String, Object> evaluate(Path dir, Path seg, long seed) {
        LoadedVolume loaded = CtSeries.load(dir, null, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE);
        HuVolume ct = loaded.volume();
        LabelVolume before = labels(ct);
        BitMask tumourBefore = before.mask(Segmenter.TUMOUR);
        BitMask modelLiver = before.mask(Segmenter.LIVER);
        modelLiver.addAll(tumourBefore);
        EditScene scene;
        if (seg != null) {
            SegReader reader = new SegReader();
            SegmentSet set = reader.mapOnto(reader.read(seg), loaded.stack()).segments();
            scene = EditScene.of(ct, set, "real", () -> modelLiver);
        } else {
            scene = new EditScene(ct, modelLiver, List.of(), EditScene.LIVER_FROM_MODEL);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", dir.toString());
        out.put("liver", scene.liverSource());
        out.put("grid", ct.geometry().toString());
        double ml = ct.geometry().voxelVolumeMl();
        if (!scene.lesions().isEmpty()) {
            EditResult removed = backend.apply(scene, new EditParser().parse("remove all lesions"), seed);
            BitMask tumourAfter = labels(removed.edited()).mask(Segmenter.TUMOUR);
            List<Map<String, Object>> lesions = new ArrayList<>();
            for (int n = 0; n < scene.lesions().size(); n++) {
                BitMask l = scene.lesions().get(n);
                PromptResult click = new RegionCompetition().segment(removed.edited(), scene.liver(),
                        new Prompt(List.of(Prompt.Click.atCentroid(l)), List.of(), null));
                double clickMl = click.mask().count() * ml;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("lesion", n + 1);
                m.put("ml", l.count() * ml);
                m.put("coverageBefore", EditEvaluation.coverage(tumourBefore, l));
                m.put("coverageAfter", EditEvaluation.coverage(tumourAfter, l));
                m.put("clickConfidence", click.confidence());
                m.put("clickMl", clickMl);
                m.put("clickEmptyOrLow", EditEvaluation.emptyOrLow(click, clickMl));
                EditResult alone = backend.apply(scene, new EditParser().parse("remove lesion " + (n + 1)), seed);
                NativeRange.Result f = NativeRange.of(ct, alone.edited(), alone.region(), scene.liver(),
                        scene.lesions(), seed);
                m.put("fillMeanHu", f.fillMeanHu());
                m.put("fillSdHu", f.fillSdHu());
                m.put("nativeMeanRange", f.meanRange());
                m.put("nativeSdRange", f.sdRange());
                m.put("nativePlaces", f.places());
                m.put("nativePlacesNear", f.near());
                m.put("fillMeanIn", f.meanIn());
                m.put("fillSdIn", f.sdIn());
                NativeRange.Result fp = NativeRange.of(ct, alone.edited(), alone.region(), scene.liver(),
                        scene.lesions(), seed, NativeRange.parenchymaBand(ct, alone.region(), scene.liver(),
                                scene.lesions()));
                m.put("parenchymaFillMeanHu", fp.fillMeanHu());
                m.put("parenchymaFillSdHu", fp.fillSdHu());
                m.put("parenchymaMeanRange", fp.meanRange());
                m.put("parenchymaSdRange", fp.sdRange());
                m.put("parenchymaFillMeanIn", fp.meanIn());
                m.put("parenchymaFillSdIn", fp.sdIn());
                lesions.add(m);
            }
            out.put("removals", lesions);
            FillPatches.Sample s = FillPatches.sample(scene, backend, seed);
            out.put("patchFeatureMedians", EvaluationSummary.featureMedians(
                    List.of(new PatchClassifier.CasePatches(s.edited(), s.nativePatches()))));
        }
        List<int[]> centres = centres(scene, backend, INSERTIONS, APART_MM, seed);
        List<EditInstruction> adds = new ArrayList<>();
        for (int[] c : centres) {
            adds.add(add(c));
        }
        List<Map<String, Object>> inserted = new ArrayList<>();
        if (!adds.isEmpty()) {
            EditResult a = backend.apply(scene, new EditRequest("add " + adds.size(), adds), seed);
            LabelVolume after = labels(a.edited());
            BitMask tumour = after.mask(Segmenter.TUMOUR);
            BitMask liverAfter = after.mask(Segmenter.LIVER);
            liverAfter.addAll(tumour);
            int first = a.lesionsAfter().size() - adds.size();
            for (int q = 0; q < adds.size(); q++) {
                BitMask l = a.lesionsAfter().get(first + q);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("centreVoxel", centres.get(q));
                Object centre = a.stats().get(q).figures().get("centreVoxel");
                m.put("depthMm", EditEvaluation.depthMm(scene.liver(), centre instanceof int[] c ? c : centres.get(q)));
                m.put("figures", a.stats().get(q).figures());
                m.put("coverage", EditEvaluation.coverage(tumour, l));
                m.put("inModelLiver", EditEvaluation.coverage(liverAfter, l));
                inserted.add(m);
            }
        }
        out.put("insertions", inserted);
        return out;
    }

    /**
     * Up to {@code count} centres, at least {@code apartMm} apart, each a random liver point clear of the
     * lesions ({@link LesionSynthesis#chooseCentre}) where {@code backend} accepts a 20 mm lesion on its
     * own (not too close to the liver's edge, not on a lesion); 60 draws at most.
     */
    static List<int[]> centres(EditScene scene, EditBackend backend, int count, double apartMm, long seed) {
        BitMask avoid = new BitMask(scene.ct().geometry());
        scene.lesions().forEach(avoid::addAll);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] sp = scene.ct().geometry().spacingMm();
        List<int[]> out = new ArrayList<>();
        for (int t = 0; t < 60 && out.size() < count; t++) {
            double[] c = LesionSynthesis.chooseCentre(scene.liver(), avoid, 20, rnd);
            if (c == null) {
                break;
            }
            int[] v = {(int) Math.round(c[0]), (int) Math.round(c[1]), (int) Math.round(c[2])};
            boolean apart = true;
            for (int[] o : out) {
                apart &= mm(o[0] - v[0], o[1] - v[1], o[2] - v[2], sp) >= apartMm;
            }
            if (!apart) {
                continue;
            }
            try {
                backend.apply(scene, new EditRequest("add", List.of(add(v))), seed);
                out.add(v);
            } catch (InvalidEditException e) {
                // too close to the liver's edge or on a lesion: draw another place
            }
        }
        return out;
    }

    /**
     * Fills of healthy liver, where the truth is known: up to {@code count} lesion shapes of 15-35 mm
     * from the shared lesion synthesis ({@link LesionSynthesis#insert} on a scratch copy, only its mask
     * kept) are placed at random liver points clear of the real lesions and {@link #APART_MM} apart, and
     * each is removed on its own as if it were a lesion ("remove lesion N" on a scene whose lesions are
     * these shapes, over the unchanged CT). Each fill is compared with the voxels that were there
     * (mean and SD of the truth and of the fill; the bright voxels, vessels, above the parenchyma band of
     * {@link NativeRange#parenchymaBand} in the truth, in the fill, and in both: how much of the truth's
     * vessels the fill continued) and with same-shaped native places ({@link NativeRange}, both readings);
     * the fill patches of every shape against their native twins ({@link FillPatches})
     * are returned in {@code patches} for the patch classifier across cases.
     */
    public Map<String, Object> healthy(Path dir, Path seg, int count, long seed, List<PatchClassifier.CasePatches> patches) {
        LoadedVolume loaded = CtSeries.load(dir, null, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE);
        HuVolume ct = loaded.volume();
        LabelVolume before = labels(ct);
        BitMask liver = before.mask(Segmenter.LIVER);
        liver.addAll(before.mask(Segmenter.TUMOUR));
        BitMask avoid = new BitMask(ct.geometry());
        avoid.addAll(before.mask(Segmenter.TUMOUR));
        if (seg != null) {
            SegReader reader = new SegReader();
            EditScene real = EditScene.of(ct, reader.mapOnto(reader.read(seg), loaded.stack()).segments(), "real",
                    () -> liver);
            real.lesions().forEach(avoid::addAll);
            liver.addAll(real.liver());
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        HuVolume scratch = ClassicalBackend.copyOf(ct); // the shapes are painted here, only their masks kept
        List<BitMask> shapes = new ArrayList<>();
        List<double[]> centres = new ArrayList<>();
        double[] sp = ct.geometry().spacingMm();
        for (int t = 0; t < 200 && shapes.size() < count; t++) {
            double d = 15 + 20 * rnd.nextDouble();
            double[] c = LesionSynthesis.chooseCentre(liver, avoid, d + 10, rnd);
            if (c == null) {
                break;
            }
            boolean apart = true;
            for (double[] o : centres) {
                apart &= mm(o[0] - c[0], o[1] - c[1], o[2] - c[2], sp) >= APART_MM;
            }
            if (!apart) {
                continue;
            }
            BitMask shape = LesionSynthesis.insert(scratch, liver, avoid, c,
                    LesionModel.typical(d, Appearance.HYPODENSE), rnd.nextLong()).lesion();
            if (shape.count() == 0) {
                continue;
            }
            shapes.add(shape);
            centres.add(c);
            avoid.addAll(shape);
        }
        EditScene scene = new EditScene(ct, liver, shapes, "model liver, healthy places");
        List<Map<String, Object>> fills = new ArrayList<>();
        for (int n = 0; n < shapes.size(); n++) {
            EditResult r;
            try {
                r = backend.apply(scene, new EditParser().parse("remove lesion " + (n + 1)), seed + n);
            } catch (InvalidEditException e) {
                continue; // at the liver's edge: no parenchyma around the whole region
            }
            double[] truth = EditEvaluation.stats(ct, r.region());
            double[] fill = EditEvaluation.stats(r.edited(), r.region());
            NativeRange.Result all = NativeRange.of(ct, r.edited(), r.region(), liver, shapes, seed);
            double[] band = NativeRange.parenchymaBand(ct, r.region(), liver, shapes);
            NativeRange.Result par = NativeRange.of(ct, r.edited(), r.region(), liver, shapes, seed, band);
            // bright structures (vessels) of the truth, of the fill, and where both: what was continued
            long[] vessels = new long[3];
            int[] rb = r.region().boundingBox();
            for (int k = rb[2]; k <= rb[5]; k++) {
                for (int j = rb[1]; j <= rb[4]; j++) {
                    for (int i = rb[0]; i <= rb[3]; i++) {
                        if (band != null && r.region().get(i, j, k)) {
                            boolean t = ct.get(i, j, k) > band[1];
                            boolean f = r.edited().get(i, j, k) > band[1];
                            vessels[0] += t ? 1 : 0;
                            vessels[1] += f ? 1 : 0;
                            vessels[2] += t && f ? 1 : 0;
                        }
                    }
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("shape", n + 1);
            m.put("ml", shapes.get(n).count() * ct.geometry().voxelVolumeMl());
            m.put("regionVoxels", r.region().count());
            m.put("truthMeanHu", truth[0]);
            m.put("truthSdHu", truth[1]);
            m.put("fillMeanHu", fill[0]);
            m.put("fillSdHu", fill[1]);
            m.put("meanIn", all.meanIn());
            m.put("sdIn", all.sdIn());
            m.put("parenchymaMeanIn", par.meanIn());
            m.put("parenchymaSdIn", par.sdIn());
            m.put("places", all.places());
            m.put("brightVoxelsTruth", vessels[0]);
            m.put("brightVoxelsFill", vessels[1]);
            m.put("brightVoxelsBoth", vessels[2]);
            fills.add(m);
        }
        FillPatches.Sample p = FillPatches.sample(scene, backend, seed);
        patches.add(new PatchClassifier.CasePatches(p.edited(), p.nativePatches()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", dir.toString());
        out.put("healthyFills", fills);
        out.put("patches", new int[] {p.edited().size(), p.nativePatches().size()});
        out.put("patchFeatureMedians", EvaluationSummary.featureMedians(List.of(patches.get(patches.size() - 1))));
        return out;
    }

    /** Length in mm of a voxel offset on a grid of spacing {@code sp}. */
    private static double mm(double di, double dj, double dk, double[] sp) {
        return Math.sqrt(Math.pow(di * sp[0], 2) + Math.pow(dj * sp[1], 2) + Math.pow(dk * sp[2], 2));
    }

    static EditInstruction add(int[] v) {
        return new EditInstruction.AddLesion(20, EditInstruction.Appearance.of(EditInstruction.Appearance.Kind.HYPODENSE),
                new EditInstruction.Location.Voxel(v[0], v[1], v[2]), "add a 20 mm hypodense lesion");
    }

    private LabelVolume labels(HuVolume ct) {
        return segmentation.segment(ct, SegmenterOptions.defaults(), Progress.NONE, Cancellation.NONE).labels();
    }
}
