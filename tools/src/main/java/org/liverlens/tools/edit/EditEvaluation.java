package org.liverlens.tools.edit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.liverlens.core.edit.ClassicalBackend;
import org.liverlens.core.edit.EditInstruction;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditRequest;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
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
 * Flip rates and realism of the classical edit backend on synthetic CT, scored with the default
 * segmentation model: after "remove lesion 1" the model must no longer find that lesion (counted only
 * where it found it before the edit: its tumour voxels cover at least 30 % of the lesion), and after
 * "add a 20 mm hypodense lesion" at a random liver point it must find the new one (tumour voxels cover
 * at least 30 % of it). Realism: filled HU mean and SD against the parenchyma 3-15 mm around the region,
 * and GLCM contrast and homogeneity of filled against native parenchyma.
 */
public final class EditEvaluation {
    /** Share of a lesion the model's tumour voxels must cover for it to count as found. */
    public static final double FOUND = 0.30;

    /** One synthetic case's outcome. */
    public record CaseResult(long seed, boolean removalScored, boolean removalFlipped, boolean insertionFlipped,
                             double removedCoverageBefore, double removedCoverageAfter, double insertedCoverage,
                             double filledMeanHu, double filledSdHu, double nativeMeanHu, double nativeSdHu,
                             boolean meanInRange, double[] glcmFilled, double[] glcmNative) {
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

    /** One case: a 192 × 192 CT at 2 mm (the model's in-plane spacing), 5 mm slices, 2-3 lesions of 15-35 mm. */
    public CaseResult evaluate(long seed) {
        SyntheticCt ct = new SyntheticCt(SyntheticCt.Params.defaults().withSeed(seed).withSize(192, 192, 32)
                .withSpacing(2.0, 5.0).withRandomLesions(2 + (int) (seed % 2)).withLesionDiameterRange(15, 35));
        HuVolume hu = SyntheticScenes.render(ct);
        EditScene scene = SyntheticScenes.of(ct, hu);
        VolumeGeometry g = hu.geometry();
        BitMask liver = scene.liver();
        List<BitMask> lesions = scene.lesions();
        ClassicalBackend backend = new ClassicalBackend();
        BitMask tumourBefore = tumour(hu);

        // removal of the largest lesion
        BitMask removed = lesions.get(0);
        double before = coverage(tumourBefore, removed);
        EditResult r = backend.apply(scene, new EditParser().parse("remove lesion 1"), seed);
        double after = coverage(tumour(r.edited()), removed);
        BitMask ring = ring(r.region(), liver, lesions, 3, 15);
        double[] filled = stats(r.edited(), r.region());
        double[] nativeStats = stats(hu, ring);
        double se = nativeStats[1] / Math.sqrt(Math.max(1, r.region().count() / 9.0));
        boolean inRange = Math.abs(filled[0] - nativeStats[0]) <= 1.96 * se + 2;
        double[] glcmFilled = Glcm.contrastHomogeneity(r.edited(), r.region(), nativeStats[0], nativeStats[1]);
        double[] glcmNative = Glcm.contrastHomogeneity(hu, ring, nativeStats[0], nativeStats[1]);

        // insertion of a 20 mm hypodense lesion at a random liver point clear of the lesions
        BitMask all = new BitMask(g);
        for (BitMask m : lesions) {
            all.addAll(m);
        }
        double[] c = LesionSynthesis.chooseCentre(liver, all, 20, new SplittableRandom(seed));
        double inserted = Double.NaN;
        if (c != null) {
            EditRequest add = new EditRequest("add", List.of(new EditInstruction.AddLesion(20,
                    EditInstruction.Appearance.of(EditInstruction.Appearance.Kind.HYPODENSE),
                    new EditInstruction.Location.Voxel((int) Math.round(c[0]), (int) Math.round(c[1]),
                            (int) Math.round(c[2])), "add a 20 mm hypodense lesion")));
            EditResult a = backend.apply(scene, add, seed);
            BitMask added = a.lesionsAfter().get(a.lesionsAfter().size() - 1);
            inserted = coverage(tumour(a.edited()), added);
        }
        return new CaseResult(seed, before >= FOUND, before >= FOUND && after < FOUND, inserted >= FOUND, before,
                after, inserted, filled[0], filled[1], nativeStats[0], nativeStats[1], inRange, glcmFilled, glcmNative);
    }

    private BitMask tumour(HuVolume ct) {
        LabelVolume labels = segmentation.segment(ct, SegmenterOptions.defaults(), Progress.NONE, Cancellation.NONE)
                .labels();
        return labels.mask(Segmenter.TUMOUR);
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

    /** Rates and means over cases. */
    public static Map<String, Object> summary(List<CaseResult> results) {
        int scored = 0;
        int removedFlips = 0;
        int inserted = 0;
        int insertedFlips = 0;
        int inRange = 0;
        double[] gf = new double[2];
        double[] gn = new double[2];
        for (CaseResult r : results) {
            if (r.removalScored()) {
                scored++;
                removedFlips += r.removalFlipped() ? 1 : 0;
            }
            if (!Double.isNaN(r.insertedCoverage())) {
                inserted++;
                insertedFlips += r.insertionFlipped() ? 1 : 0;
            }
            inRange += r.meanInRange() ? 1 : 0;
            for (int q = 0; q < 2; q++) {
                gf[q] += r.glcmFilled()[q] / results.size();
                gn[q] += r.glcmNative()[q] / results.size();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cases", results.size());
        m.put("removalScored", scored);
        m.put("removalFlipRate", scored == 0 ? Double.NaN : (double) removedFlips / scored);
        m.put("insertions", inserted);
        m.put("insertionFlipRate", inserted == 0 ? Double.NaN : (double) insertedFlips / inserted);
        m.put("filledMeanInRange", (double) inRange / results.size());
        m.put("glcmContrastFilled", gf[0]);
        m.put("glcmContrastNative", gn[0]);
        m.put("glcmHomogeneityFilled", gf[1]);
        m.put("glcmHomogeneityNative", gn[1]);
        return m;
    }
}
