package org.liverlens.core.segment;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One model's scores pooled over a group of cases (the synthetic seeds, the real cases): means of
 * the per-case Dice and liver volume error, and lesion detection pooled over all reference lesions
 * of the group (recall per size bin = detected / reference lesions of that size; false positives
 * per case over the cases with a tumour reference; long-axis error over the detected lesions).
 *
 * @param cases                 cases in the group
 * @param liverDice             mean liver Dice (cases where it is defined)
 * @param tumourDice            mean tumour Dice (cases with a tumour reference where it is defined)
 * @param liverVolumeErrorPercent      mean signed liver volume error, %
 * @param liverVolumeAbsErrorPercent   mean absolute liver volume error, %
 * @param lesions               reference lesions per size bin
 * @param detected              detected reference lesions per size bin
 * @param detectionCases        cases with a tumour reference (the denominator of false positives per case)
 * @param falsePositives        false-positive lesions in those cases
 * @param longAxisErrorMm       mean signed RECIST long-axis error of detected lesions (predicted − reference), mm
 * @param longAxisAbsErrorMm    mean absolute RECIST long-axis error of detected lesions, mm
 */
public record EvaluationSummary(int cases, double liverDice, double tumourDice, double liverVolumeErrorPercent,
                                double liverVolumeAbsErrorPercent, Map<LesionDetection.SizeBin, Long> lesions,
                                Map<LesionDetection.SizeBin, Long> detected, int detectionCases, long falsePositives,
                                double longAxisErrorMm, double longAxisAbsErrorMm) {

    public EvaluationSummary {
        lesions = Map.copyOf(lesions);
        detected = Map.copyOf(detected);
    }

    /** Pools {@code scores}. */
    public static EvaluationSummary of(List<Evaluation.CaseScore> scores) {
        Mean liver = new Mean();
        Mean tumour = new Mean();
        Mean volume = new Mean();
        Mean volumeAbs = new Mean();
        Mean axis = new Mean();
        Mean axisAbs = new Mean();
        Map<LesionDetection.SizeBin, Long> lesions = new EnumMap<>(LesionDetection.SizeBin.class);
        Map<LesionDetection.SizeBin, Long> detected = new EnumMap<>(LesionDetection.SizeBin.class);
        for (LesionDetection.SizeBin b : LesionDetection.SizeBin.values()) {
            lesions.put(b, 0L);
            detected.put(b, 0L);
        }
        int detectionCases = 0;
        long falsePositives = 0;
        for (Evaluation.CaseScore c : scores) {
            liver.add(c.liverDice());
            if (c.tumourLabelled()) {
                tumour.add(c.tumourDice());
            }
            volume.add(c.liverVolumeErrorPercent());
            volumeAbs.add(Math.abs(c.liverVolumeErrorPercent()));
            LesionDetection.Result d = c.detection();
            if (d == null) {
                continue;
            }
            detectionCases++;
            falsePositives += d.falsePositives();
            for (LesionDetection.ReferenceLesion l : d.reference()) {
                lesions.merge(l.bin(), 1L, Long::sum);
                if (l.detected()) {
                    detected.merge(l.bin(), 1L, Long::sum);
                    axis.add(l.longAxisErrorMm());
                    axisAbs.add(Math.abs(l.longAxisErrorMm()));
                }
            }
        }
        return new EvaluationSummary(scores.size(), liver.value(), tumour.value(), volume.value(), volumeAbs.value(),
                lesions, detected, detectionCases, falsePositives, axis.value(), axisAbs.value());
    }

    /** Detected / reference lesions of {@code bin}; NaN when there is none. */
    public double recall(LesionDetection.SizeBin bin) {
        long n = lesions.get(bin);
        return n == 0 ? Double.NaN : (double) detected.get(bin) / n;
    }

    /** Recall over the lesions of 10 mm and more (the medium and large bins): the product's goal. */
    public double recallFrom10Mm() {
        long n = lesions.get(LesionDetection.SizeBin.MEDIUM) + lesions.get(LesionDetection.SizeBin.LARGE);
        long d = detected.get(LesionDetection.SizeBin.MEDIUM) + detected.get(LesionDetection.SizeBin.LARGE);
        return n == 0 ? Double.NaN : (double) d / n;
    }

    /** False-positive lesions per case with a tumour reference; NaN when there is none. */
    public double falsePositivesPerCase() {
        return detectionCases == 0 ? Double.NaN : (double) falsePositives / detectionCases;
    }

    /** Mean of the finite values added. */
    private static final class Mean {
        private double sum;
        private int n;

        void add(double v) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }

        double value() {
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}
