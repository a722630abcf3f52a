package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Lesion-level scoring on label volumes built by hand, 1 mm voxels: a bar of n voxels along a row
 * has a RECIST long axis of exactly n mm (edge to edge), so the expected bins and errors are known.
 */
class LesionDetectionTest {
    private static final VolumeGeometry GRID = VolumeGeometry.axial(new int[] {80, 80, 12}, new double[] {0, 0, 0},
            new double[] {1, 1, 1});
    private static final HuVolume CT = HuVolume.allocate(GRID, (short) 60);

    /** A liver box with nothing else. */
    private static LabelVolume liver() {
        LabelVolume l = new LabelVolume(GRID);
        box(l, 2, 2, 1, 76, 76, 10, Segmenter.LIVER);
        return l;
    }

    private static void box(LabelVolume l, int i0, int j0, int k0, int ni, int nj, int nk, int value) {
        for (int k = k0; k < k0 + nk; k++) {
            for (int j = j0; j < j0 + nj; j++) {
                for (int i = i0; i < i0 + ni; i++) {
                    l.set(i, j, k, value);
                }
            }
        }
    }

    /** A bar {@code length} voxels along a row, two slices thick: long axis {@code length} mm. */
    private static void bar(LabelVolume l, int i0, int j, int length) {
        box(l, i0, j, 4, length, 1, 2, Segmenter.TUMOUR);
    }

    @Test
    void lesionsAtTheBinEdgesFallInTheirBins() {
        LabelVolume ref = liver();
        bar(ref, 5, 5, 9);
        bar(ref, 5, 10, 10);
        bar(ref, 5, 15, 20);
        bar(ref, 5, 20, 21);
        LesionDetection.Result r = LesionDetection.score(CT, ref, ref);
        Map<Double, LesionDetection.SizeBin> bins = new java.util.HashMap<>();
        for (LesionDetection.ReferenceLesion l : r.reference()) {
            bins.put(l.longMm(), l.bin());
        }
        assertEquals(Map.of(9.0, LesionDetection.SizeBin.SMALL, 10.0, LesionDetection.SizeBin.MEDIUM,
                20.0, LesionDetection.SizeBin.MEDIUM, 21.0, LesionDetection.SizeBin.LARGE), bins);
        assertEquals(1, r.count(LesionDetection.SizeBin.SMALL));
        assertEquals(2, r.count(LesionDetection.SizeBin.MEDIUM));
        assertEquals(1, r.count(LesionDetection.SizeBin.LARGE));
        assertEquals(4, r.reference().stream().filter(LesionDetection.ReferenceLesion::detected).count());
        assertEquals(0, r.falsePositives());
        for (LesionDetection.ReferenceLesion l : r.reference()) {
            assertEquals(0.0, l.longAxisErrorMm(), 1e-9);
        }
    }

    @Test
    void missedLesionIsNotDetected() {
        LabelVolume ref = liver();
        bar(ref, 5, 5, 15);
        bar(ref, 5, 30, 25);
        LabelVolume out = liver();
        bar(out, 5, 30, 25);
        LesionDetection.Result r = LesionDetection.score(CT, ref, out);
        LesionDetection.ReferenceLesion missed = r.reference().stream().filter(l -> l.longMm() == 15).findFirst()
                .orElseThrow();
        assertFalse(missed.detected());
        assertEquals(0, missed.overlapVoxels());
        assertTrue(Double.isNaN(missed.longAxisErrorMm()));
        assertEquals(0, r.detected(LesionDetection.SizeBin.MEDIUM));
        assertEquals(1, r.detected(LesionDetection.SizeBin.LARGE));
        assertEquals(0, r.falsePositives());
    }

    @Test
    void splitLesionIsOneDetectionWithoutFalsePositive() {
        LabelVolume ref = liver();
        bar(ref, 5, 5, 30);
        LabelVolume out = liver();
        bar(out, 5, 5, 12); // voxels 5..16
        bar(out, 19, 5, 16); // voxels 19..34, two voxels apart: a second lesion
        LesionDetection.Result r = LesionDetection.score(CT, ref, out);
        assertEquals(2, r.predictedLesions());
        assertEquals(0, r.falsePositives());
        LesionDetection.ReferenceLesion l = r.reference().get(0);
        assertTrue(l.detected());
        assertEquals((12 + 16) * 2, l.overlapVoxels());
        // matched to the piece that overlaps most (16 mm): 16 − 30
        assertEquals(-14.0, l.longAxisErrorMm(), 1e-9);
    }

    @Test
    void predictedLesionTouchingNoReferenceIsAFalsePositive() {
        LabelVolume ref = liver();
        bar(ref, 5, 5, 12);
        LabelVolume out = liver();
        bar(out, 5, 5, 12);
        bar(out, 40, 40, 6);
        LesionDetection.Result r = LesionDetection.score(CT, ref, out);
        assertEquals(2, r.predictedLesions());
        assertEquals(1, r.falsePositives());
    }

    @Test
    void smallCoreOfALargeLesionIsAMissNotAFalsePositive() {
        LabelVolume ref = liver();
        box(ref, 20, 20, 1, 20, 20, 10, Segmenter.TUMOUR); // 4000 voxels
        LabelVolume out = liver();
        box(out, 28, 28, 4, 5, 5, 4, Segmenter.TUMOUR); // 100 voxels inside: 2.5 %
        LesionDetection.Result r = LesionDetection.score(CT, ref, out);
        assertFalse(r.reference().get(0).detected());
        assertEquals(100, r.reference().get(0).overlapVoxels());
        assertEquals(0, r.falsePositives());
    }

    @Test
    void liverVolumeErrorIsSignedPercentOfTheReferenceOrgan() {
        LabelVolume ref = new LabelVolume(GRID);
        box(ref, 0, 0, 0, 10, 10, 10, Segmenter.LIVER); // 1000 voxels
        LabelVolume out = new LabelVolume(GRID);
        box(out, 0, 0, 0, 10, 10, 9, Segmenter.LIVER); // 900
        box(out, 0, 0, 9, 5, 10, 1, Segmenter.TUMOUR); // + 50 tumour counts as organ
        Evaluation.CaseScore s = Evaluation.score("c", ref, out, false, Map.of());
        assertEquals(-5.0, s.liverVolumeErrorPercent(), 1e-9);
    }

    @Test
    void summaryPoolsRecallByBinAndFalsePositivesPerCase() {
        LabelVolume ref = liver();
        bar(ref, 5, 5, 9);
        bar(ref, 5, 10, 15);
        LabelVolume out = liver();
        bar(out, 5, 10, 15);
        bar(out, 40, 40, 6);
        LabelledCt c = new LabelledCt("case", CT, ref, true);
        Evaluation.CaseScore a = Evaluation.score(c, out, Map.of());
        Evaluation.CaseScore b = Evaluation.score(c, ref, Map.of());
        Evaluation.CaseScore liverOnly = Evaluation.score(new LabelledCt("liver only", CT, liver(), false), liver(), Map.of());
        EvaluationSummary s = EvaluationSummary.of(List.of(a, b, liverOnly));
        assertEquals(3, s.cases());
        assertEquals(2, s.detectionCases());
        assertEquals(0.5, s.recall(LesionDetection.SizeBin.SMALL), 1e-9);
        assertEquals(1.0, s.recall(LesionDetection.SizeBin.MEDIUM), 1e-9);
        assertTrue(Double.isNaN(s.recall(LesionDetection.SizeBin.LARGE)));
        assertEquals(1.0, s.recallFrom10Mm(), 1e-9);
        assertEquals(0.5, s.falsePositivesPerCase(), 1e-9);
        assertEquals(0.0, s.longAxisAbsErrorMm(), 1e-9);
    }
}
