package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Pasting synthesised tumours into a training case: a 160×160×30 model-grid case with a round liver of 100 HU. */
class TrainingLesionsTest {
    private static final int N = 160;
    private static final int SLICES = 30;

    private static TrainingCrops.Prepared liverCase() {
        short[][] hu = new short[SLICES][N * N];
        byte[][] labels = new byte[SLICES][N * N];
        SplittableRandom noise = new SplittableRandom(1);
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    double x = (i - 80) / 60.0;
                    double y = (j - 80) / 50.0;
                    double z = (k - 15) / 14.0;
                    boolean liver = x * x + y * y + z * z <= 1;
                    hu[k][j * N + i] = (short) (liver ? 100 + noise.nextInt(-15, 16) : -50);
                    labels[k][j * N + i] = (byte) (liver ? Segmenter.LIVER : 0);
                }
            }
        }
        int[] liverSlices = new int[SLICES - 2];
        for (int k = 1; k < SLICES - 1; k++) {
            liverSlices[k - 1] = k;
        }
        return new TrainingCrops.Prepared("round liver", hu, labels, N, N, 3.0, liverSlices, new int[0], true);
    }

    @Test
    void pastedTumoursAreLabelledInsideTheLiverAndTheCaseIsUntouched() {
        TrainingCrops.Prepared p = liverCase();
        short[][] huBefore = new short[SLICES][];
        byte[][] labelsBefore = new byte[SLICES][];
        for (int k = 0; k < SLICES; k++) {
            huBefore[k] = p.hu()[k].clone();
            labelsBefore[k] = p.labels()[k].clone();
        }
        TrainingLesions lesions = new TrainingLesions(DefaultModel.input(), 0);
        SplittableRandom r = new SplittableRandom(8);
        int withTumourAtK = 0;
        for (int t = 0; t < 20; t++) {
            TrainingCrops.Prepared q = lesions.paste(p, 15, r);
            long tumourAtK = 0;
            for (int k = 0; k < SLICES; k++) {
                for (int v = 0; v < N * N; v++) {
                    byte l = q.labels()[k][v];
                    if (l == Segmenter.TUMOUR) {
                        assertEquals(Segmenter.LIVER, labelsBefore[k][v], "tumour outside the liver at " + k + "/" + v);
                        tumourAtK += k == 15 ? 1 : 0;
                    } else {
                        assertEquals(labelsBefore[k][v], l);
                        if (labelsBefore[k][v] == 0) {
                            assertEquals(huBefore[k][v], q.hu()[k][v], "changed outside the liver");
                        }
                    }
                }
            }
            withTumourAtK += tumourAtK > 0 ? 1 : 0;
        }
        assertTrue(withTumourAtK >= 14, "only " + withTumourAtK + " of 20 pastes put tumour on the crop's slice");
        for (int k = 0; k < SLICES; k++) {
            assertArrayEquals(huBefore[k], p.hu()[k], "the case's own slice " + k + " changed");
            assertArrayEquals(labelsBefore[k], p.labels()[k]);
        }
    }

    /**
     * With {@code --faint-share 1} every pasted tumour is faint: its median HU lies within 5–25 HU (plus the
     * liver's noise and the margin's blend) of the 100 HU liver; with 0 the same draws give the lesion
     * model's own contrasts, most of them further out.
     */
    @Test
    void faintTumoursDifferFromTheLiverByAtMostTwentyFiveHu() {
        TrainingCrops.Prepared p = liverCase();
        int[] far = new int[2];
        for (int faint = 0; faint <= 1; faint++) {
            TrainingLesions lesions = new TrainingLesions(DefaultModel.input(), faint);
            SplittableRandom r = new SplittableRandom(9);
            for (int t = 0; t < 30; t++) {
                TrainingCrops.Prepared q = lesions.paste(p, 15, r);
                List<Integer> values = new ArrayList<>();
                for (int k = 0; k < SLICES; k++) {
                    for (int v = 0; v < N * N; v++) {
                        if (q.labels()[k][v] == Segmenter.TUMOUR) {
                            values.add((int) q.hu()[k][v]);
                        }
                    }
                }
                if (values.size() < 20) {
                    continue;
                }
                Collections.sort(values);
                double contrast = Math.abs(values.get(values.size() / 2) - 100);
                if (faint == 1) {
                    assertTrue(contrast <= 27, "a faint tumour " + contrast + " HU from the liver");
                }
                far[faint] += contrast > 27 ? 1 : 0;
            }
        }
        assertEquals(0, far[1]);
        assertTrue(far[0] >= 10, "only " + far[0] + " of the lesion model's own tumours lie over 27 HU from the liver");
    }
}
