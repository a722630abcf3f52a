package org.liverlens.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

class TextureModelTest {

    /** 128×128×4 of 100 HU plus noise of SD 15, white or smoothed by a 3×3 box in-plane. */
    private static HuVolume noise(boolean smooth) {
        HuVolume ct = HuVolume.allocate(VolumeGeometry.axial(new int[] {128, 128, 4}, new double[3],
                new double[] {0.8, 0.8, 5}), (short) 0);
        SplittableRandom r = new SplittableRandom(4);
        for (int k = 0; k < 4; k++) {
            double[] w = new double[128 * 128];
            for (int p = 0; p < w.length; p++) {
                w[p] = LesionSynthesisTest.gaussian(r);
            }
            for (int j = 0; j < 128; j++) {
                for (int i = 0; i < 128; i++) {
                    double v = w[j * 128 + i];
                    if (smooth) {
                        v = 0;
                        for (int dj = -1; dj <= 1; dj++) {
                            for (int di = -1; di <= 1; di++) {
                                v += w[Math.floorMod(j + dj, 128) * 128 + Math.floorMod(i + di, 128)] / 3;
                            }
                        }
                    }
                    ct.set(i, j, k, (short) Math.round(100 + 15 * v));
                }
            }
        }
        return ct;
    }

    private static BitMask all(HuVolume ct) {
        BitMask m = new BitMask(ct.geometry());
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 128; j++) {
                for (int i = 0; i < 128; i++) {
                    m.set(i, j, k, true);
                }
            }
        }
        return m;
    }

    @Test
    void estimatesRobustMeanAndSd() {
        HuVolume ct = noise(false);
        TextureModel t = TextureModel.estimate(ct, all(ct));
        assertEquals(100, t.meanHu(), 1);
        assertEquals(15, t.sdHu(), 1);
    }

    @Test
    void smoothedNoiseHasItsPowerAtLowFrequenciesAndSynthesisKeepsIt() {
        HuVolume white = noise(false);
        HuVolume smooth = noise(true);
        double[] pw = TextureModel.estimate(white, all(white)).radialPower();
        TextureModel ts = TextureModel.estimate(smooth, all(smooth));
        double[] ps = ts.radialPower();
        assertTrue(lowHalf(ps) > lowHalf(pw) + 0.2, "smoothed " + lowHalf(ps) + ", white " + lowHalf(pw));

        float[][] synthetic = ts.synthesize(128, 128, 4, new double[] {0.8, 0.8, 5}, 9);
        HuVolume back = HuVolume.allocate(white.geometry(), (short) 0);
        double sq = 0;
        for (int k = 0; k < 4; k++) {
            for (int p = 0; p < 128 * 128; p++) {
                back.slice(k)[p] = (short) Math.round(100 + synthetic[k][p]);
                sq += synthetic[k][p] * synthetic[k][p];
            }
        }
        assertEquals(ts.sdHu(), Math.sqrt(sq / (4 * 128 * 128)), 0.5);
        double[] pb = TextureModel.estimate(back, all(back)).radialPower();
        assertEquals(lowHalf(ps), lowHalf(pb), 0.08, "spectrum of the synthesised noise");
        assertArrayEquals(synthetic[2], ts.synthesize(128, 128, 4, new double[] {0.8, 0.8, 5}, 9)[2]);
    }

    private static double lowHalf(double[] p) {
        double s = 0;
        for (int i = 0; i < p.length / 2; i++) {
            s += p[i];
        }
        return s;
    }
}
