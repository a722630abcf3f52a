package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The hard negatives and domain randomisation of training and evaluation cases ({@link Realism}). */
class RealismTest {
    /** 4 mm pixels and slices over ±198 mm: the whole liver, the heart above it and the stomach. */
    private static SyntheticCt.Params coarse(long seed, Phase phase) {
        return SyntheticCt.Params.defaults().withSeed(seed).withSize(100, 100, 100).withSpacing(4, 4)
                .withPhase(phase).withRandomLesions(0).withNoise(0, false);
    }

    @Test
    void arterialHeartAboveTheDomeIsBrightBackgroundWithADarkerRightHeart() {
        SyntheticCt ct = new SyntheticCt(coarse(3, Phase.ARTERIAL).withRealism(Realism.random(3, Phase.ARTERIAL)));
        double blood = ct.huTable().get(Tissue.BLOOD_POOL);
        assertTrue(blood >= 230 && blood <= 420, "arterial left heart blood 250-400 HU (± jitter), got " + blood);
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        int top = -1;
        for (int k = 0; k < 100; k++) {
            ct.renderSlice(k, b);
            for (byte l : b.labels) {
                if (l == Label.LIVER.value()) {
                    top = k;
                }
            }
        }
        int bright = 0;
        int mixing = 0;
        double rightHu = ct.huTable().get(Tissue.IVC)
                + ct.params().realism().rightHeartMix() * (blood - ct.huTable().get(Tissue.IVC));
        for (int k = top + 1; k <= Math.min(99, top + 15); k++) {
            ct.renderSlice(k, b);
            for (int p = 0; p < b.hu.length; p++) {
                if (b.labels[p] == 0 && Math.abs(b.hu[p] - blood) < 35) {
                    bright++;
                }
                if (b.labels[p] == 0 && Math.abs(b.hu[p] - rightHu) < 35) {
                    mixing++;
                }
            }
        }
        assertTrue(bright * 16 > 2000, "left heart blood above the liver dome: " + bright * 16 + " mm²");
        assertTrue(mixing * 16 > 1000, "mixing right heart blood above the dome: " + mixing * 16 + " mm²");
        assertTrue(rightHu < blood - 10, "right heart darker than left: " + rightHu + " vs " + blood);
    }

    @Test
    void randomisationIsDeterministicPerSeedAndDiffersBetweenSeeds() {
        assertEquals(Realism.random(11, Phase.ARTERIAL), Realism.random(11, Phase.ARTERIAL));
        assertNotEquals(Realism.random(11, Phase.ARTERIAL), Realism.random(12, Phase.ARTERIAL));
        SyntheticCt.Params p = coarse(11, Phase.ARTERIAL).withNoise(10, true)
                .withRealism(Realism.random(11, Phase.ARTERIAL));
        SyntheticCt.SliceBuffers a = new SyntheticCt(p).newBuffers();
        SyntheticCt.SliceBuffers c = new SyntheticCt(p).newBuffers();
        new SyntheticCt(p).renderSlice(60, a);
        new SyntheticCt(p).renderSlice(60, c);
        assertArrayEquals(a.hu, c.hu);
    }

    @Test
    void randomisedCasesSpreadTissueHuBeyondTheFixtureJitter() {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (long seed = 1; seed <= 30; seed++) {
            double v = Anatomy.build(seed, Phase.ARTERIAL, Realism.random(seed, Phase.ARTERIAL)).hu(Tissue.AORTA);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(lo >= 230 && hi <= 420 && hi - lo > 80, "arterial aorta over 30 seeds: " + lo + ".." + hi);
    }

    @Test
    void fattyLiverCanFallBelowTheSpleen() {
        int fatty = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Anatomy a = Anatomy.build(seed, Phase.NON_CONTRAST, Realism.random(seed, Phase.NON_CONTRAST));
            if (a.hu(Tissue.LIVER) < a.hu(Tissue.SPLEEN) - 10) {
                fatty++;
            }
        }
        assertTrue(fatty >= 4, "fatty livers darker than the spleen in 40 non-contrast seeds: " + fatty);
    }

    @Test
    void positiveOralContrastFillsTheStomach() {
        long seed = 1;
        while (Realism.random(seed, Phase.PORTAL_VENOUS).stomach() != Realism.StomachContent.POSITIVE_CONTRAST) {
            seed++;
        }
        SyntheticCt ct = new SyntheticCt(coarse(seed, Phase.PORTAL_VENOUS)
                .withRealism(Realism.random(seed, Phase.PORTAL_VENOUS)));
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        int opacified = 0;
        for (int k = 0; k < 100; k++) {
            ct.renderSlice(k, b);
            for (int p = 0; p < b.hu.length; p++) {
                if (b.labels[p] == Label.STOMACH.value() && b.hu[p] >= 170) {
                    opacified++;
                }
            }
        }
        assertTrue(opacified > 100, "stomach voxels of 170 HU or more: " + opacified);
    }

    @Test
    void fixtureDefaultsDrawNoRealism() {
        assertEquals(Realism.FIXTURE, SyntheticCt.Params.defaults().realism());
        assertTrue(SyntheticTrainingCases.params(5).realism().huSpread() > 0, "training cases are randomised");
    }

    @Test
    void latePhaseParsesAndBringsBloodAndLiverCloser() {
        assertEquals(Phase.LATE, Phase.parse("delayed"));
        double gapLate = Tissue.AORTA.hu(Phase.LATE) - Tissue.LIVER.hu(Phase.LATE);
        double gapPortal = Tissue.AORTA.hu(Phase.PORTAL_VENOUS) - Tissue.LIVER.hu(Phase.PORTAL_VENOUS);
        assertTrue(gapLate < gapPortal);
    }
}
