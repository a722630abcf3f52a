package org.liverlens.tools.edit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of docs/models.md from the cases of {@link EditEvaluation}: flip rates (where the model ran),
 * the promptable tool's answer at removed lesions, the filled mean against the surrounding range (the ring's
 * mean ± SE, and the mean-and-SD test against same-shaped native places, {@link NativeRange}), GLCM
 * of filled against native parenchyma, the median of each patch feature for edited and native patches,
 * and the edited-vs-native patch classifier's AUC with its 95 % interval.
 */
public final class EvaluationSummary {
    private EvaluationSummary() {
    }

    public static Map<String, Object> of(String backend, List<EditEvaluation.CaseResult> results) {
        int scored = 0;
        int removedFlips = 0;
        int inserted = 0;
        int insertedFlips = 0;
        int inRange = 0;
        int[][] literal = new int[2][4]; // all voxels / parenchyma only: scored, mean in, SD in, both in
        int clickLow = 0;
        int clickLowConfidence = 0;
        int nativeLow = 0;
        int nativeLowConfidence = 0;
        double[] gf = new double[2];
        double[] gn = new double[2];
        List<PatchClassifier.CasePatches> patches = new ArrayList<>();
        for (EditEvaluation.CaseResult r : results) {
            if (r.removalScored()) {
                scored++;
                removedFlips += r.removalFlipped() ? 1 : 0;
            }
            if (!Double.isNaN(r.insertedCoverage())) {
                inserted++;
                insertedFlips += r.insertionFlipped() ? 1 : 0;
            }
            inRange += r.meanInRange() ? 1 : 0;
            NativeRange.Result[] f = {r.fillRange(), r.fillRangeParenchyma()};
            for (int q = 0; q < 2; q++) {
                literal[q][0] += f[q].scored() ? 1 : 0;
                literal[q][1] += f[q].meanIn() ? 1 : 0;
                literal[q][2] += f[q].sdIn() ? 1 : 0;
                literal[q][3] += f[q].bothIn() ? 1 : 0;
            }
            clickLow += r.promptEmptyOrLow() ? 1 : 0;
            clickLowConfidence += r.promptConfidence() < EditEvaluation.PROMPT_CONFIDENCE ? 1 : 0;
            nativeLow += r.nativeClickEmptyOrLow() ? 1 : 0;
            nativeLowConfidence += r.nativeClickConfidence() < EditEvaluation.PROMPT_CONFIDENCE ? 1 : 0;
            for (int q = 0; q < 2; q++) {
                gf[q] += r.glcmFilled()[q] / results.size();
                gn[q] += r.glcmNative()[q] / results.size();
            }
            patches.add(new PatchClassifier.CasePatches(r.editedPatches(), r.nativePatches()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", backend);
        m.put("cases", results.size());
        m.put("removalScored", scored);
        m.put("removalFlipped", removedFlips);
        m.put("removalFlipRate", scored == 0 ? Double.NaN : (double) removedFlips / scored);
        m.put("insertions", inserted);
        m.put("insertionsFound", insertedFlips);
        m.put("insertionFlipRate", inserted == 0 ? Double.NaN : (double) insertedFlips / inserted);
        m.put("generatorLesions15to25mmFound", nativeFound(results, 15, 25));
        m.put("clickAtRemovedEmptyOrLow", clickLow);
        m.put("clickAtRemovedEmptyOrLowRate", (double) clickLow / results.size());
        m.put("clickAtRemovedConfidenceUnderHalf", clickLowConfidence);
        m.put("clickOnNativeParenchymaEmptyOrLow", nativeLow);
        m.put("clickOnNativeParenchymaConfidenceUnderHalf", nativeLowConfidence);
        m.put("filledMeanInRange", (double) inRange / results.size());
        m.put("fillInNativeRange", counts(literal[0]));
        m.put("fillInNativeRangeParenchyma", counts(literal[1]));
        m.put("glcmContrastFilled", gf[0]);
        m.put("glcmContrastNative", gn[0]);
        m.put("glcmHomogeneityFilled", gf[1]);
        m.put("glcmHomogeneityNative", gn[1]);
        m.put("patchFeatureMedians", featureMedians(patches));
        PatchClassifier.Auc auc = PatchClassifier.evaluate(patches, 16);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("auc", auc.auc());
        a.put("ci95", new double[] {auc.lo(), auc.hi()});
        a.put("editedPatches", auc.edited());
        a.put("nativePatches", auc.nativePatches());
        a.put("cases", auc.cases());
        m.put("patchClassifier", a);
        return m;
    }

    private static Map<String, Object> counts(int[] c) {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("scored", c[0]);
        range.put("meanIn", c[1]);
        range.put("sdIn", c[2]);
        range.put("meanAndSdIn", c[3]);
        return range;
    }

    /** {found, count} of the generator's own lesions of {@code lo}-{@code hi} mm (before any edit). */
    static int[] nativeFound(List<EditEvaluation.CaseResult> results, double lo, double hi) {
        int found = 0;
        int n = 0;
        for (EditEvaluation.CaseResult r : results) {
            for (double[] l : r.nativeLesions()) {
                if (l[0] >= lo && l[0] <= hi) {
                    n++;
                    found += l[1] >= EditEvaluation.FOUND ? 1 : 0;
                }
            }
        }
        return new int[] {found, n};
    }

    /** Per feature: {median over edited patches, median over native patches}. */
    public static Map<String, double[]> featureMedians(List<PatchClassifier.CasePatches> cases) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int f = 0; f < PatchFeatures.NAMES.size(); f++) {
            int ff = f;
            double[] e = cases.stream().flatMap(c -> c.edited().stream()).mapToDouble(v -> v[ff]).sorted().toArray();
            double[] n = cases.stream().flatMap(c -> c.nativePatches().stream()).mapToDouble(v -> v[ff]).sorted()
                    .toArray();
            out.put(PatchFeatures.NAMES.get(f), new double[] {median(e), median(n)});
        }
        return out;
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
