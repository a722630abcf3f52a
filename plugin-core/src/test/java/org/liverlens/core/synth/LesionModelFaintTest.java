package org.liverlens.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The faint lesions the networks also train on: 5–25 HU from the liver, ill-defined, size and shape kept. */
class LesionModelFaintTest {
    @Test
    void aFaintLesionKeepsItsSizeAndSignAndIsFiveToTwentyFiveHuFromTheLiver() {
        SplittableRandom r = new SplittableRandom(7);
        int brighter = 0;
        for (int n = 0; n < 400; n++) {
            ContrastPhase phase = ContrastPhase.values()[n % ContrastPhase.values().length];
            LesionModel m = LesionModel.random(r, phase, LesionModel.MIN_DIAMETER_MM, LesionModel.MAX_DIAMETER_MM);
            LesionModel f = m.faint(r);
            assertEquals(m.diameterMm(), f.diameterMm());
            assertEquals(m.irregularity(), f.irregularity());
            assertEquals(m.textureStrength(), f.textureStrength());
            double c = Math.abs(f.contrastHu());
            assertTrue(c >= 5 && c <= 25, "contrast " + f.contrastHu());
            assertTrue(f.marginMm() <= 6 + 1e-9 && f.marginMm() <= f.diameterMm() / 5 + 1e-9,
                    "margin " + f.marginMm() + " for " + f.diameterMm() + " mm");
            if (m.appearance() == Appearance.HYPERENHANCING) {
                assertEquals(Appearance.HYPERENHANCING, f.appearance());
                assertTrue(f.contrastHu() > 0);
                brighter++;
            } else {
                assertTrue(f.contrastHu() < 0, m.appearance() + " made faint: " + f.contrastHu());
                assertTrue(f.appearance() == Appearance.HYPODENSE || f.appearance() == Appearance.WASHOUT,
                        m.appearance() + " became " + f.appearance());
            }
        }
        assertTrue(brighter > 0, "no hyper-enhancing lesion among 400 draws");
    }
}
