package org.liverlens.core.segment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Dice of a segmentation against a reference on the same grid, per class, and the run of a
 * {@link Segmenter} over labelled cases that {@code liverlens models evaluate} reports.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * Scores of one case. Liver counts liver and tumour together (the organ, as LiTS does); tumour
     * counts the tumour label. A Dice is {@code NaN} when both masks are empty.
     */
    public record CaseScore(String name, double liverDice, double tumourDice, long liverVoxelsRef, long liverVoxelsOut,
                            long tumourVoxelsRef, long tumourVoxelsOut, boolean tumourLabelled, Map<String, Double> stageSeconds) {
    }

    /** Segments one labelled case and scores it. */
    public static CaseScore evaluate(Segmenter segmenter, LabelledCt c) {
        SegmentationResult r = segmenter.segment(c.ct(), Progress.NONE, Cancellation.NONE);
        return score(c.name(), c.labels(), r.labels(), c.tumourLabelled(), r.stageSeconds());
    }

    /** Scores labels against a reference on the same grid. */
    public static CaseScore score(String name, LabelVolume reference, LabelVolume out, boolean tumourLabelled,
                                  Map<String, Double> stages) {
        long[] liver = overlap(reference, out, true);
        long[] tumour = overlap(reference, out, false);
        return new CaseScore(name, dice(liver), tumourLabelled ? dice(tumour) : Double.NaN, liver[1], liver[2], tumour[1],
                tumour[2], tumourLabelled, new LinkedHashMap<>(stages));
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
