package org.liverlens.core.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * How the learned edit model standardises a patch by the liver around its region: level and scale
 * from the ring's soft tissue only, inverse mapping, and the same network input for a liver of any
 * level and noise (what lets one model fill a portal-venous 100 HU liver and an arterial 170 HU one).
 */
class InpaintStandardTest {
    private static final int P = InpaintModel.PATCH;

    /** A tile of whole HU: liver of {@code level} ± {@code sd} HU in the centre 40 × 40, fat (−100 HU) around, region the centre 16 × 16. */
    private static float[] tile(double level, double sd, long seed, boolean[] region) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] hu = new float[P * P];
        for (int y = 0; y < P; y++) {
            for (int x = 0; x < P; x++) {
                boolean liver = x >= 12 && x < 52 && y >= 12 && y < 52;
                hu[y * P + x] = liver ? Math.round(level + sd * rnd.nextGaussian()) : -100; // whole HU, as CT stores them
                region[y * P + x] = x >= 24 && x < 40 && y >= 24 && y < 40;
            }
        }
        return hu;
    }

    @Test
    void levelAndScaleComeFromTheSoftTissueAroundTheRegion() {
        boolean[] region = new boolean[P * P];
        float[] hu = tile(150, 20, 1, region);
        for (int p = 0; p < P * P; p++) {
            if (region[p]) {
                hu[p] = 40; // a lesion inside the region must not pull the level
            }
        }
        InpaintModel.Standard s = InpaintModel.Standard.of(hu, region);
        assertEquals(150, s.levelHu(), 3);
        assertEquals(20, s.scaleHu(), 3);
        for (double v : new double[] {-40, 75.5, 150, 260}) {
            assertEquals(v, s.toHu(s.normalise(v)), 1e-3, "inverse at " + v);
        }
        // beyond ± 10 scales the value is clipped (air, bone): it cannot dominate the network's input
        assertEquals(InpaintModel.LIMIT, s.normalise(3000), 1e-6);
        assertEquals(-InpaintModel.LIMIT, s.normalise(-1024), 1e-6);
    }

    @Test
    void aRingWithoutSoftTissueFallsBackToTheDefaults() {
        boolean[] region = new boolean[P * P];
        float[] hu = new float[P * P];
        java.util.Arrays.fill(hu, -900); // lung
        region[P * P / 2] = true;
        InpaintModel.Standard s = InpaintModel.Standard.of(hu, region);
        assertEquals(InpaintModel.DEFAULT_LEVEL_HU, s.levelHu());
        assertEquals(InpaintModel.DEFAULT_SCALE_HU, s.scaleHu());
    }

    @Test
    void aBrighterNoisierLiverGivesTheSameStandardisedContext() {
        boolean[] region = new boolean[P * P];
        float[] portal = tile(100, 10, 7, region);
        float[] arterial = new float[P * P];
        for (int p = 0; p < P * P; p++) {
            // the same anatomy and noise pattern, the liver at 170 HU with twice the noise; fat unchanged
            arterial[p] = portal[p] == -100 ? -100 : (float) (170 + 2 * (portal[p] - 100));
        }
        InpaintNetwork.Patch a = new InpaintNetwork.Patch(portal, region, new boolean[P * P],
                InpaintModel.Attributes.PARENCHYMA, 0.8, 1);
        InpaintNetwork.Patch b = new InpaintNetwork.Patch(arterial, region, new boolean[P * P],
                InpaintModel.Attributes.PARENCHYMA, 0.8, 1);
        assertEquals(170 + 2 * (a.standard().levelHu() - 100), b.standard().levelHu(), 0.5);
        assertEquals(2 * a.standard().scaleHu(), b.standard().scaleHu(), 0.5);
        float[] ca = new float[P * P];
        float[] cb = new float[P * P];
        for (int p = 0; p < P * P; p++) {
            boolean liver = portal[p] != -100;
            ca[p] = liver ? a.context()[p] : 0;
            cb[p] = liver ? b.context()[p] : 0;
        }
        assertArrayEquals(ca, cb, 0.02f, "the liver's standardised values differ between the two phases");
    }
}
