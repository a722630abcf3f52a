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
                double d = Math.sqrt(Math.pow((o[0] - v[0]) * sp[0], 2) + Math.pow((o[1] - v[1]) * sp[1], 2)
                        + Math.pow((o[2] - v[2]) * sp[2], 2));
                apart &= d >= apartMm;
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

    static EditInstruction add(int[] v) {
        return new EditInstruction.AddLesion(20, EditInstruction.Appearance.of(EditInstruction.Appearance.Kind.HYPODENSE),
                new EditInstruction.Location.Voxel(v[0], v[1], v[2]), "add a 20 mm hypodense lesion");
    }

    private LabelVolume labels(HuVolume ct) {
        return segmentation.segment(ct, SegmenterOptions.defaults(), Progress.NONE, Cancellation.NONE).labels();
    }
}
