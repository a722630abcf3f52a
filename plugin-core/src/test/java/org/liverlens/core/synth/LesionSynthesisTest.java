package org.liverlens.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Lesion insertion on a hand-made liver: a 120×100×90 mm ellipsoid of 100 HU (SD 12 noise) at
 * 0.7×0.7×5 mm, crossed by a 8 mm, 200 HU vessel along the slice axis at column 60.
 */
class LesionSynthesisTest {
    private static final double[] SPACING = {0.7, 0.7, 5};
    private static final int[] SIZE = {220, 200, 24};

    private static final class Fixture {
        final HuVolume ct = HuVolume.allocate(VolumeGeometry.axial(SIZE, new double[3], SPACING), (short) -100);
        final BitMask liver = new BitMask(ct.geometry());
        final BitMask vessel = new BitMask(ct.geometry());

        Fixture() {
            SplittableRandom noise = new SplittableRandom(7);
            for (int k = 0; k < SIZE[2]; k++) {
                for (int j = 0; j < SIZE[1]; j++) {
                    for (int i = 0; i < SIZE[0]; i++) {
                        double x = (i - 110) * 0.7 / 60;
                        double y = (j - 100) * 0.7 / 50;
                        double z = (k - 12) * 5.0 / 45;
                        if (x * x + y * y + z * z <= 1) {
                            liver.set(i, j, k, true);
                            double dx = (i - 60) * 0.7;
                            double dy = (j - 100) * 0.7;
                            boolean inVessel = dx * dx + dy * dy <= 16;
                            vessel.set(i, j, k, inVessel);
                            ct.set(i, j, k, (short) Math.round((inVessel ? 200 : 100) + 12 * gaussian(noise)));
                        }
                    }
                }
            }
        }

        short[][] copy() {
            short[][] c = new short[SIZE[2]][];
            for (int k = 0; k < SIZE[2]; k++) {
                c[k] = ct.slice(k).clone();
            }
            return c;
        }
    }

    private static final double[] CENTRE = {130, 100, 12};

    @Test
    void sameSeedGivesSameVoxelsAndAnotherSeedOthers() {
        Fixture a = new Fixture();
        Fixture b = new Fixture();
        Fixture c = new Fixture();
        LesionModel m = LesionModel.typical(30, Appearance.HYPODENSE);
        InsertedLesion la = LesionSynthesis.insert(a.ct, a.liver, a.vessel, CENTRE, m, 42);
        InsertedLesion lb = LesionSynthesis.insert(b.ct, b.liver, b.vessel, CENTRE, m, 42);
        InsertedLesion lc = LesionSynthesis.insert(c.ct, c.liver, c.vessel, CENTRE, m, 43);
        assertEquals(la.lesion(), lb.lesion());
        assertEquals(la.changed(), lb.changed());
        boolean differs = false;
        for (int k = 0; k < SIZE[2]; k++) {
            assertTrue(java.util.Arrays.equals(a.ct.slice(k), b.ct.slice(k)), "slice " + k);
            differs |= !java.util.Arrays.equals(a.ct.slice(k), c.ct.slice(k));
        }
        assertTrue(differs, "seed 43 drew the same lesion as seed 42");
    }

    @Test
    void changedMaskIsExactlyTheVoxelsThatChanged() {
        for (Appearance ap : Appearance.values()) {
            Fixture f = new Fixture();
            short[][] before = f.copy();
            LesionModel m = new LesionModel(40, ap, ap == Appearance.EXPLICIT_HU ? 30 : -40, 0.3, 4, 1.0);
            InsertedLesion l = LesionSynthesis.insert(f.ct, f.liver, f.vessel, CENTRE, m, 5);
            long n = 0;
            for (int k = 0; k < SIZE[2]; k++) {
                for (int j = 0; j < SIZE[1]; j++) {
                    for (int i = 0; i < SIZE[0]; i++) {
                        boolean diff = before[k][j * SIZE[0] + i] != f.ct.get(i, j, k);
                        assertEquals(diff, l.changed().get(i, j, k), ap + " voxel " + i + "," + j + "," + k);
                        n += diff ? 1 : 0;
                    }
                }
            }
            assertTrue(n > 1000, ap + " changed only " + n + " voxels");
        }
    }

    @Test
    void nothingChangesOutsideTheLiverOrInsideTheAvoidMask() {
        Fixture f = new Fixture();
        // 70 mm lesion centred 25 mm from the vessel and 30 mm from the liver's right edge.
        LesionModel m = new LesionModel(70, Appearance.RIM_ENHANCING, -50, 0.3, 6, 1.0);
        InsertedLesion l = LesionSynthesis.insert(f.ct, f.liver, f.vessel, new double[] {96, 100, 12}, m, 9);
        BitMask outside = new BitMask(f.ct.geometry());
        outside.addAll(l.changed());
        outside.addAll(l.lesion());
        long bad = 0;
        long inVessel = 0;
        for (int k = 0; k < SIZE[2]; k++) {
            for (int j = 0; j < SIZE[1]; j++) {
                for (int i = 0; i < SIZE[0]; i++) {
                    if (outside.get(i, j, k) && !f.liver.get(i, j, k)) {
                        bad++;
                    }
                    if (outside.get(i, j, k) && f.vessel.get(i, j, k)) {
                        inVessel++;
                    }
                }
            }
        }
        assertEquals(0, bad, "voxels changed or labelled outside the liver");
        assertEquals(0, inVessel, "voxels changed or labelled in the avoid mask");
        assertTrue(l.lesion().count() > 10_000);
    }

    @Test
    void labelVolumeMatchesTheDiameterAtFiveMillimetreSlices() {
        for (double d : new double[] {10, 25, 60}) {
            Fixture f = new Fixture();
            LesionModel m = new LesionModel(d, Appearance.HYPODENSE, -60, 0.0, 0, 0.5);
            InsertedLesion l = LesionSynthesis.insert(f.ct, f.liver, null, CENTRE, m, 11);
            double ml = l.lesion().count() * 0.7 * 0.7 * 5 / 1000;
            double expected = Math.PI / 6 * d * d * d / 1000;
            double equivalentD = Math.cbrt(ml * 1000 * 6 / Math.PI);
            assertEquals(d, equivalentD, d * 0.12, "label " + ml + " mL against a sphere of " + expected + " mL");
        }
    }

    @Test
    void contrastFollowsTheAppearanceAgainstLocalParenchyma() {
        assertContrast(new LesionModel(30, Appearance.HYPODENSE, -50, 0.1, 0.5, 0.5), -65, -35);
        assertContrast(new LesionModel(30, Appearance.HYPERENHANCING, 60, 0.1, 0.5, 0.5), 45, 75);
        assertContrast(new LesionModel(30, Appearance.WASHOUT, -20, 0.1, 0.5, 0.5), -25, 5);
        assertContrast(LesionModel.ofHu(30, 40), -70, -50);
        assertContrast(new LesionModel(40, Appearance.NECROTIC, -20, 0.0, 0.5, 0.5), -75, -20);
    }

    private static void assertContrast(LesionModel m, double lo, double hi) {
        Fixture f = new Fixture();
        InsertedLesion l = LesionSynthesis.insert(f.ct, f.liver, f.vessel, CENTRE, m, 3);
        assertEquals(100, l.parenchymaHu(), 3, "local parenchyma median");
        assertEquals(12, l.parenchymaSdHu(), 3, "local parenchyma SD");
        double c = l.lesionMeanHu() - l.parenchymaHu();
        assertTrue(c >= lo && c <= hi, m.appearance() + " contrast " + c + " HU, expected " + lo + "…" + hi);
    }

    @Test
    void rimIsBrighterThanTheInteriorAndCalcificationsAreVeryBright() {
        Fixture f = new Fixture();
        LesionModel rim = new LesionModel(40, Appearance.RIM_ENHANCING, -50, 0.0, 0, 0.3);
        LesionSynthesis.insert(f.ct, f.liver, f.vessel, CENTRE, rim, 21);
        assertTrue(f.ct.get(130, 100, 12) < 70, "centre " + f.ct.get(130, 100, 12));
        Fixture g = new Fixture();
        LesionModel calc = new LesionModel(40, Appearance.CALCIFIED, -40, 0.1, 0.5, 0.5);
        InsertedLesion l = LesionSynthesis.insert(g.ct, g.liver, g.vessel, CENTRE, calc, 21);
        int max = Short.MIN_VALUE;
        for (int k = 0; k < SIZE[2]; k++) {
            for (int j = 0; j < SIZE[1]; j++) {
                for (int i = 0; i < SIZE[0]; i++) {
                    if (l.lesion().get(i, j, k)) {
                        max = Math.max(max, g.ct.get(i, j, k));
                    }
                }
            }
        }
        assertTrue(max > 250, "brightest calcified-lesion voxel " + max + " HU");
        double rimMean = ringMean(f.ct, 130, 100, 12, 17 / 0.7, 19 / 0.7);
        double innerMean = ringMean(f.ct, 130, 100, 12, 0, 8 / 0.7);
        assertTrue(rimMean > innerMean + 30, "rim " + rimMean + " HU, interior " + innerMean + " HU");
    }

    private static double ringMean(HuVolume ct, int ci, int cj, int k, double r0, double r1) {
        double sum = 0;
        int n = 0;
        for (int j = 0; j < SIZE[1]; j++) {
            for (int i = 0; i < SIZE[0]; i++) {
                double r = Math.hypot(i - ci, j - cj);
                if (r >= r0 && r <= r1) {
                    sum += ct.get(i, j, k);
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void chosenCentresKeepClearOfVesselsAndTheLiverEdge() {
        Fixture f = new Fixture();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int t = 0; t < 20; t++) {
            double[] c = LesionSynthesis.chooseCentre(f.liver, f.vessel, 40, rnd);
            assertNotNull(c);
            double dv = Math.hypot((c[0] - 60) * 0.7, (c[1] - 100) * 0.7);
            assertTrue(dv >= 4 + 10 - 1, "centre " + dv + " mm from the vessel axis");
            double x = (c[0] - 110) * 0.7 / 60;
            double y = (c[1] - 100) * 0.7 / 50;
            double z = (c[2] - 12) * 5.0 / 45;
            assertTrue(Math.sqrt(x * x + y * y + z * z) < 0.85, "centre near the liver edge");
        }
        BitMask small = new BitMask(f.liver.geometry());
        for (int i = 100; i < 120; i++) {
            small.set(i, 100, 12, true);
        }
        assertEquals(null, LesionSynthesis.chooseCentre(small, null, 20, new SplittableRandom(2)), "no room in a 14 mm line");
    }

    @Test
    void modelRefusesOutOfRangeValuesAndRandomDrawsByPhase() {
        assertThrows(IllegalArgumentException.class, () -> LesionModel.typical(4, Appearance.HYPODENSE));
        assertThrows(IllegalArgumentException.class, () -> new LesionModel(20, Appearance.HYPODENSE, -50, 0.9, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> LesionSynthesis.insert(new Fixture().ct,
                new Fixture().liver, null, new double[] {1, 1, 1}, LesionModel.typical(20, Appearance.HYPODENSE), 1));
        SplittableRandom rnd = new SplittableRandom(3);
        int hyper = 0;
        for (int t = 0; t < 400; t++) {
            LesionModel m = LesionModel.random(rnd, ContrastPhase.ARTERIAL, 5, 80);
            assertTrue(m.diameterMm() >= 5 && m.diameterMm() <= 80);
            hyper += m.appearance() == Appearance.HYPERENHANCING ? 1 : 0;
            assertFalse(m.appearance() == Appearance.EXPLICIT_HU);
        }
        assertTrue(hyper > 100, "arterial draws " + hyper + "/400 hyper-enhancing");
        assertEquals(ContrastPhase.PORTAL_VENOUS, ContrastPhase.parse("portal venous"));
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(Math.max(1e-300, r.nextDouble()))) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
