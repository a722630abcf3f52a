package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Crops reach the hard negatives at the liver dome: the heart above it, labelled background. */
class TrainingCropsTest {
    private static final int N = 96;
    private static final int LIVER_SLICES = 100;
    private static final int SLICES = 120;
    private static final short HEART_HU = 1500;

    /** 2 mm slices: liver in slices 0..99 on the image's left half, a "heart" in the 40 mm above it. */
    private static TrainingCrops.Prepared domeCase() {
        short[][] hu = new short[SLICES][N * N];
        byte[][] labels = new byte[SLICES][N * N];
        int[] liver = new int[LIVER_SLICES];
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    int p = j * N + i;
                    if (k < LIVER_SLICES && i >= 10 && i < 50 && j >= 30 && j < 70) {
                        hu[k][p] = 60;
                        labels[k][p] = 1;
                    } else if (k >= LIVER_SLICES && i >= 45 && i < 75 && j >= 20 && j < 50) {
                        hu[k][p] = HEART_HU;
                    }
                }
            }
            if (k < LIVER_SLICES) {
                liver[k] = k;
            }
        }
        return new TrainingCrops.Prepared("dome", hu, labels, N, N, 2, liver, new int[0], false);
    }

    @Test
    void aShareOfCropsShowsTheHeartAboveTheDomeAsBackground() {
        ModelSpec.InputSpec input = new ModelSpec.InputSpec(ModelSpec.Dimensionality.D2_5, new double[] {2, 2, 2}, 1,
                2, -1024, 3071, 0, 1);
        TrainingCrops crops = new TrainingCrops(input, 48, 0, false, 0);
        crops.synthetic().add(domeCase());
        int plane = 48 * 48;
        float[] x = new float[3 * plane];
        float[] y = new float[plane];
        SplittableRandom r = new SplittableRandom(7);
        int withHeart = 0;
        int runs = 1000;
        for (int n = 0; n < runs; n++) {
            crops.sample(r, x, y, 0);
            for (int q = 0; q < plane; q++) {
                if (x[plane + q] > 1000) { // centre channel
                    assertTrue(y[q] == 0, "the heart is background");
                    withHeart++;
                    break;
                }
            }
        }
        assertTrue(withHeart >= runs / 10, "crops showing the heart above the dome: " + withHeart + " of " + runs);
    }
}
