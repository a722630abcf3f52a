package org.liverlens.core.segment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Dice of a segmentation against a reference on the same grid, per class, liver volume error and
 * lesion detection ({@link LesionDetection}), and the run of a {@link Segmenter} over labelled cases
 * that {@code liverlens models evaluate} reports ({@link EvaluationSummary} pools them).
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * Scores of one case. Liver counts liver and tumour together (the organ, as LiTS does); tumour
     * counts the tumour label. A Dice is {@code NaN} when both masks are empty. {@code detection} is
     * the lesion-level scoring ({@link LesionDetection}), null when the reference outlines no tumour
     * or when it was not asked for.
     */
    public record CaseScore(String name, double liverDice, double tumourDice, long liverVoxelsRef, long liverVoxelsOut,
                            long tumourVoxelsRef, long tumourVoxelsOut, boolean tumourLabelled, Map<String, Double> stageSeconds,
                            LesionDetection.Result detection) {

        /** (ours − reference) / reference liver volume (liver and tumour), in %; NaN without a reference liver. */
        public double liverVolumeErrorPercent() {
            return liverVoxelsRef == 0 ? Double.NaN : 100.0 * (liverVoxelsOut - liverVoxelsRef) / liverVoxelsRef;
        }

        /** Seconds of all stages of the segmentation. */
        public double seconds() {
            return stageSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** Segments one labelled case and scores it, lesions included when the reference outlines tumour. */
    public static CaseScore evaluate(Segmenter segmenter, LabelledCt c) {
        SegmentationResult r = segmenter.segment(c.ct(), Progress.NONE, Cancellation.NONE);
        return score(c, r.labels(), r.stageSeconds());
    }

    /** Scores labels on the case's grid against its reference, lesions included when the reference outlines tumour. */
    public static CaseScore score(LabelledCt c, LabelVolume out, Map<String, Double> stages) {
        CaseScore voxels = score(c.name(), c.labels(), out, c.tumourLabelled(), stages);
        LesionDetection.Result detection = c.tumourLabelled() ? LesionDetection.score(c.ct(), c.labels(), out) : null;
        return new CaseScore(voxels.name(), voxels.liverDice(), voxels.tumourDice(), voxels.liverVoxelsRef(),
                voxels.liverVoxelsOut(), voxels.tumourVoxelsRef(), voxels.tumourVoxelsOut(), voxels.tumourLabelled(),
                voxels.stageSeconds(), detection);
    }

    /** Voxel scores (Dice, volumes) of labels against a reference on the same grid, without lesion detection. */
    public static CaseScore score(String name, LabelVolume reference, LabelVolume out, boolean tumourLabelled,
                                  Map<String, Double> stages) {
        long[] liver = overlap(reference, out, true);
        long[] tumour = overlap(reference, out, false);
        return new CaseScore(name, dice(liver), tumourLabelled ? dice(tumour) : Double.NaN, liver[1], liver[2], tumour[1],
                tumour[2], tumourLabelled, new LinkedHashMap<>(stages), null);
    }

    /** {both, reference, output} voxel counts of the liver organ (liver or tumour) or of tumour alone. */
    static long[] overlap(LabelVolume ref, LabelVolume out, boolean organ) {
        long both = 0;
        long a = 0;
        long b = 0;
        for (int k = 0; k < ref.geometry().slices(); k++) {
            boolean er = ref.isSliceEmpty(k);
            boolean eo = out.isSliceEmpty(k);
            if (er && eo) {
                continue;
            }
            short[] r = er ? null : ref.slice(k);
            short[] o = eo ? null : out.slice(k);
            int n = ref.geometry().columns() * ref.geometry().rows();
            for (int p = 0; p < n; p++) {
                int rv = r == null ? 0 : r[p];
                int ov = o == null ? 0 : o[p];
                boolean x = organ ? rv != 0 : rv == Segmenter.TUMOUR;
                boolean y = organ ? ov != 0 : ov == Segmenter.TUMOUR;
                if (x) {
                    a++;
                }
                if (y) {
                    b++;
                }
                if (x && y) {
                    both++;
                }
            }
        }
        return new long[] {both, a, b};
    }

    private static double dice(long[] o) {
        return o[1] + o[2] == 0 ? Double.NaN : 2.0 * o[0] / (o[1] + o[2]);
    }
}
