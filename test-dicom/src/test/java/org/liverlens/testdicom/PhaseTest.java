package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The contrast phase moves the HU of liver, vessels and spleen the way real scans do. */
class PhaseTest {

    @Test
    void contrastPhaseChangesLiverAndAortaHu() {
        Map<Phase, double[]> means = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            // slices at z = -40, 0, 40 mm; the last crosses liver, aorta and spleen
            SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(128, 128, 3).withSpacing(3, 40)
                    .withPhase(phase).withRandomLesions(0).withNoise(0, false);
            SyntheticCt ct = new SyntheticCt(p);
            SyntheticCt.SliceBuffers b = ct.newBuffers();
            ct.renderSlice(2, b);
            means.put(phase, new double[] {meanHu(b, Label.LIVER), meanHu(b, Label.AORTA), meanHu(b, Label.SPLEEN)});
        }
        double[] nc = means.get(Phase.NON_CONTRAST);
        double[] art = means.get(Phase.ARTERIAL);
        double[] pv = means.get(Phase.PORTAL_VENOUS);
        assertEquals(60, nc[0], 15, "non-contrast liver");
        assertEquals(110, pv[0], 20, "portal venous liver");
        assertTrue(nc[0] < art[0] && art[0] < pv[0], "liver enhances most in the portal venous phase");
        assertTrue(art[1] > pv[1] && pv[1] > nc[1] + 80, "aorta is brightest in the arterial phase");
        assertTrue(pv[2] > nc[2] + 40, "spleen enhances");
    }

    @Test
    void noiseHasTheRequestedStandardDeviation() {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(256, 256, 1).withSpacing(1.5, 2.5)
                .withRandomLesions(0);
        SyntheticCt noisy = new SyntheticCt(p.withNoise(15, false));
        SyntheticCt clean = new SyntheticCt(p.withNoise(0, false));
        SyntheticCt.SliceBuffers a = noisy.newBuffers();
        SyntheticCt.SliceBuffers b = clean.newBuffers();
        noisy.renderSlice(0, a);
        clean.renderSlice(0, b);
        double sum = 0;
        double sum2 = 0;
        int n = 0;
        for (int i = 0; i < a.hu.length; i++) {
            if (b.hu[i] > -900) { // away from the -1024 clip outside the body
                double d = a.hu[i] - b.hu[i];
                sum += d;
                sum2 += d * d;
                n++;
            }
        }
        double mean = sum / n;
        double sd = Math.sqrt(sum2 / n - mean * mean);
        assertEquals(0, mean, 1.0); // about 4 standard errors for ~3600 independent samples
        assertEquals(15, sd, 1.0);
    }

    private static double meanHu(SyntheticCt.SliceBuffers b, Label label) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < b.hu.length; i++) {
            if ((b.labels[i] & 0xff) == label.value()) {
                sum += b.hu[i];
                n++;
            }
        }
        assertTrue(n > 20, label + " is in the slice (" + n + " voxels)");
        return sum / n;
    }
}
