package org.liverlens.core.segment;

import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;

/**
 * Lesion-level detection of a segmentation against a reference on the same grid (docs/models.md,
 * "How lesions are scored"). Lesions on both sides are the 26-connected components of the tumour
 * label, measured by {@link Measurements#ofLabels} (RECIST long axis as a radiologist measures it).
 * A reference lesion is <b>detected</b> when the predicted tumour covers at least
 * {@value #DETECTED_FRACTION} of its voxels (so a lesion found only as a small core at its centre
 * is a miss); its <b>match</b> is the predicted lesion that overlaps it most, whose long axis is
 * compared with the reference's. A predicted lesion that overlaps no reference lesion at all is a
 * <b>false positive</b>; one that overlaps a reference lesion too little to detect it is neither.
 */
public final class LesionDetection {
    /** Share of a reference lesion's voxels that the predicted tumour must cover to detect it. */
    public static final double DETECTED_FRACTION = 0.10;
    /** Upper bound (exclusive) of the small size bin, RECIST long axis in mm. */
    public static final double SMALL_BELOW_MM = 10.0;
    /** Upper bound (inclusive) of the middle size bin, RECIST long axis in mm. */
    public static final double MEDIUM_UP_TO_MM = 20.0;

    private LesionDetection() {
    }

    /** Size bins of the reference lesions by RECIST long axis: {@code < 10}, {@code 10–20}, {@code > 20} mm. */
    public enum SizeBin {
        SMALL("< 10 mm"), MEDIUM("10-20 mm"), LARGE("> 20 mm");

        private final String label;

        SizeBin(String label) {
            this.label = label;
        }

        /** The bin's range in words. */
        public String label() {
            return label;
        }

        /** The bin of a long axis: 10 mm falls in MEDIUM, 20 mm too. */
        public static SizeBin of(double longMm) {
            return longMm < SMALL_BELOW_MM ? SMALL : (longMm <= MEDIUM_UP_TO_MM ? MEDIUM : LARGE);
        }
    }

    /**
     * One reference lesion and what the segmentation made of it.
     *
     * @param overlapVoxels   its voxels that the predicted tumour covers
     * @param predictedLongMm RECIST long axis of the matched predicted lesion, NaN when none overlaps
     */
    public record ReferenceLesion(int id, long voxels, double volumeMl, double longMm, long overlapVoxels, boolean detected,
                                  double predictedLongMm) {
        /** Size bin by the reference long axis. */
        public SizeBin bin() {
            return SizeBin.of(longMm);
        }

        /** Predicted minus reference long axis (mm); NaN when the lesion was not detected. */
        public double longAxisErrorMm() {
            return detected ? predictedLongMm - longMm : Double.NaN;
        }
    }

    /** Detection on one case: every reference lesion, the predicted lesion count and the false positives. */
    public record Result(List<ReferenceLesion> reference, int predictedLesions, int falsePositives) {
        public Result {
            reference = List.copyOf(reference);
        }

        /** Reference lesions in {@code bin}. */
        public long count(SizeBin bin) {
            return reference.stream().filter(l -> l.bin() == bin).count();
        }

        /** Detected reference lesions in {@code bin}. */
        public long detected(SizeBin bin) {
            return reference.stream().filter(l -> l.bin() == bin && l.detected()).count();
        }
    }

    /** Scores the tumour label of {@code out} against {@code reference}; {@code ct} is their grid's CT. */
    public static Result score(HuVolume ct, LabelVolume reference, LabelVolume out) {
        Findings.Source source = new Findings.Source(Findings.SourceKind.GROUND_TRUTH, "evaluation");
        Measurements.Measured ref = Measurements.ofLabels(ct, reference, null, null, source);
        Measurements.Measured pred = Measurements.ofLabels(ct, out, null, null, source);
        List<LesionMeasurement> refLesions = ref.findings().lesions();
        List<LesionMeasurement> predLesions = pred.findings().lesions();
        int nr = refLesions.size();
        int np = predLesions.size();
        // overlap[r][p] in voxels; index 0 of p = covered by no predicted lesion (unused), ids from 1
        long[][] overlap = new long[nr + 1][np + 1];
        LabelVolume ro = ref.overlay();
        LabelVolume po = pred.overlay();
        for (int k = 0; k < ro.geometry().slices(); k++) {
            if (ro.isSliceEmpty(k) || po.isSliceEmpty(k)) {
                continue;
            }
            short[] a = ro.slice(k);
            short[] b = po.slice(k);
            for (int q = 0; q < a.length; q++) {
                // overlay values: 1 liver, id + 1 lesion id
                int r = (a[q] & 0xffff) - 1;
                int p = (b[q] & 0xffff) - 1;
                if (r >= 1 && p >= 1) {
                    overlap[r][p]++;
                }
            }
        }
        List<ReferenceLesion> lesions = new ArrayList<>();
        boolean[] touches = new boolean[np + 1];
        for (int r = 1; r <= nr; r++) {
            LesionMeasurement l = refLesions.get(r - 1);
            long covered = 0;
            int best = 0;
            for (int p = 1; p <= np; p++) {
                covered += overlap[r][p];
                if (overlap[r][p] > 0) {
                    touches[p] = true;
                    if (best == 0 || overlap[r][p] > overlap[r][best]) {
                        best = p;
                    }
                }
            }
            boolean detected = covered > 0 && covered >= DETECTED_FRACTION * l.voxels();
            double predictedLong = best == 0 ? Double.NaN : predLesions.get(best - 1).recist().longMm();
            lesions.add(new ReferenceLesion(r, l.voxels(), l.volumeMl(), l.recist().longMm(), covered, detected,
                    predictedLong));
        }
        int falsePositives = 0;
        for (int p = 1; p <= np; p++) {
            if (!touches[p]) {
                falsePositives++;
            }
        }
        return new Result(lesions, np, falsePositives);
    }
}
