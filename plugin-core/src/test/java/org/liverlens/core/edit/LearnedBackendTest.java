package org.liverlens.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;

/**
 * The learned backend with the shipped model on {@link EditPhantom}: the guarantees of every backend
 * ({@link EditBackendContract}), what its removal makes of a lesion, and how a missing or bad weights
 * file is refused.
 */
class LearnedBackendTest extends EditBackendContract {
    /**
     * One loaded model for every test (loading takes a second), with 4 DDIM steps for the guarantees
     * (they hold for any number of steps; 4 keeps the suite fast); the shipped 25 where the look matters.
     */
    private static final LearnedBackend FAST = new LearnedBackend(null, 4).load();
    private static final LearnedBackend SHIPPED = new LearnedBackend().load();

    @TempDir
    Path tmp;

    @Override
    EditBackend backend() {
        return FAST;
    }

    @Test
    void theResultIsMarkedAsTheLearnedBackendsWithItsModel() {
        EditResult r = run(new EditPhantom(1), "remove lesion 2", 1);
        assertEquals("learned", r.backend());
        assertTrue(r.stats().get(0).figures().get("model").toString().startsWith("shipped"), r.stats().toString());
    }

    @Test
    void aRemovedLesionIsNoLongerDarkerThanTheLiverAroundIt() {
        EditPhantom p = new EditPhantom(2);
        EditResult r = SHIPPED.apply(p.scene(), parser.parse("remove lesion 1"), 5);
        double[] lesionBefore = ClassicalBackendTest.stats(p.ct, p.lesions.get(0));
        double[] filled = ClassicalBackendTest.stats(r.edited(), p.lesions.get(0));
        System.out.printf(Locale.ROOT, "lesion %.1f ± %.1f HU, filled %.1f ± %.1f HU%n", lesionBefore[0],
                lesionBefore[1], filled[0], filled[1]);
        // the phantom's parenchyma is 100 HU and its lesion 50 HU: the fill must be nearer the parenchyma
        assertTrue(filled[0] > 80 && filled[0] < 120, "filled mean " + filled[0]);
    }

    /**
     * A new uniform lesion has the contrast it was asked for: its mean sits at the parenchyma it was drawn
     * against plus the asked contrast (the network alone realises about 80 % of it). And it is no more
     * heterogeneous than its lesion model asks (the liver's noise and the model's texture): the network
     * alone draws hypodense lesions up to 2.1 times as heterogeneous as that, mottled (docs/models.md).
     * Its texture stays the network's, not flat.
     */
    @Test
    void anInsertedLesionHasTheContrastAndTheTextureItWasAskedFor() {
        EditPhantom p = new EditPhantom(3);
        EditResult r = SHIPPED.apply(p.scene(), parser.parse("add a 12 mm hypodense lesion at 80,50,8"), 9);
        java.util.Map<String, Object> f = r.stats().get(0).figures();
        double asked = ((Number) f.get("attributeContrastHu")).doubleValue();
        double realised = ((Number) f.get("lesionMeanHu")).doubleValue() - ((Number) f.get("parenchymaHu")).doubleValue();
        double shift = ((Number) f.get("contrastCalibrationHu")).doubleValue();
        BitMask lesion = r.lesionsAfter().get(r.lesionsAfter().size() - 1);
        double[] all = ClassicalBackendTest.stats(r.edited(), lesion);
        double parenchymaSd = ((Number) f.get("parenchymaSdHu")).doubleValue();
        double factor = ((Number) f.get("textureCalibration")).doubleValue();
        double expected = LearnedBackend.expectedSdHu(
                org.liverlens.core.synth.LesionModel.typical(12, org.liverlens.core.synth.Appearance.HYPODENSE),
                parenchymaSd);
        double[] inner = innerStats(r.edited(), lesion);
        System.out.printf(Locale.ROOT, "asked %.1f HU, realised %.1f HU after a shift of %.1f HU; lesion %.1f ± %.1f; "
                + "parenchyma SD %.1f HU, lesion inner SD %.1f HU (asked %.1f), factor %.2f%n", asked, realised, shift,
                all[0], all[1], parenchymaSd, inner[1], expected, factor);
        assertTrue(asked < -20, "asked " + asked);
        assertTrue(Math.abs(realised - asked) < 3, "realised " + realised + " for " + asked);
        assertTrue(factor > 0 && factor <= 1, "factor " + factor);
        assertTrue(inner[1] <= expected + 1, "inner SD " + inner[1] + " for " + expected);
        assertTrue(inner[1] > 3, "flat lesion: SD " + inner[1]);
    }

    /**
     * The texture calibration on its own: a lesion drawn twice as heterogeneous as asked is scaled about
     * its inner mean to the SD asked; its surface voxels, the voxels outside the region and a lesion that is
     * calm already keep their values.
     */
    @Test
    void theTextureCalibrationScalesOnlyTheLesionsInnerVoxelsAndOnlyDown() {
        EditPhantom p = new EditPhantom(5);
        BitMask lesion = p.lesions.get(0);
        HuVolume ct = painted(p.ct, lesion, 60, 30, 3);
        EditRegion r = new EditRegion("add", lesion, lesion, p.liver, null, 100, 12);
        HuVolume before = ClassicalBackend.copyOf(ct);
        double factor = LearnedBackend.calibrateTexture(ct, r, 15);
        double[] was = innerStats(before, lesion);
        double[] now = innerStats(ct, lesion);
        assertEquals(15 / was[1], factor, 1e-9);
        assertEquals(15, now[1], 0.3, "inner SD");
        assertEquals(was[0], now[0], 0.3, "inner mean");
        int surface = 0;
        for (int k = 0; k < ct.geometry().slices(); k++) {
            for (int j = 0; j < ct.geometry().rows(); j++) {
                for (int i = 0; i < ct.geometry().columns(); i++) {
                    boolean inner = lesion.get(i, j, k) && lesion.get(i + 1, j, k) && lesion.get(i - 1, j, k)
                            && lesion.get(i, j + 1, k) && lesion.get(i, j - 1, k) && lesion.get(i, j, k + 1)
                            && lesion.get(i, j, k - 1);
                    if (!inner) {
                        surface += lesion.get(i, j, k) ? 1 : 0;
                        assertEquals(before.get(i, j, k), ct.get(i, j, k), "voxel " + i + "," + j + "," + k);
                    }
                }
            }
        }
        assertTrue(surface > 0);
        HuVolume calm = ClassicalBackend.copyOf(ct);
        assertEquals(1, LearnedBackend.calibrateTexture(calm, r, 20), 0);
        for (int k = 0; k < ct.geometry().slices(); k++) {
            assertTrue(java.util.Arrays.equals(ct.slice(k), calm.slice(k)), "a calm lesion changed on slice " + k);
        }
    }

    /**
     * A fill drawn calmer than the parenchyma (SD 6 HU where the classical fill of the region has 12) is
     * raised to the target SD by scaling its deviations from the local mean: its mean stays, the
     * region's outermost voxels (the seam) stay as drawn, nothing outside the region changes, and a
     * fill already as textured as the target is left alone.
     */
    @Test
    void theFillCalibrationRaisesACalmFillsTextureToTheParenchymasAndKeepsItsSeam() {
        EditPhantom p = new EditPhantom(5);
        BitMask region = p.lesions.get(0);
        HuVolume ct = painted(p.ct, region, 100, 6, 4);
        HuVolume before = ClassicalBackend.copyOf(ct);
        double factor = LearnedBackend.calibrateFill(ct, region, 12);
        double[] was = ClassicalBackendTest.stats(before, region);
        double[] now = ClassicalBackendTest.stats(ct, region);
        System.out.printf(java.util.Locale.ROOT, "fill calibration: factor %.2f, SD %.1f -> %.1f HU%n", factor, was[1],
                now[1]);
        assertTrue(factor > 1.5 && factor < 2.5, "factor " + factor);
        assertEquals(12, now[1], 1.5, "fill SD");
        assertEquals(was[0], now[0], 0.5, "fill mean");
        for (int k = 0; k < ct.geometry().slices(); k++) {
            for (int j = 0; j < ct.geometry().rows(); j++) {
                for (int i = 0; i < ct.geometry().columns(); i++) {
                    boolean seam = region.get(i, j, k) && !(region.get(i + 1, j, k) && region.get(i - 1, j, k)
                            && region.get(i, j + 1, k) && region.get(i, j - 1, k));
                    if (!region.get(i, j, k) || seam) {
                        assertEquals(before.get(i, j, k), ct.get(i, j, k), "voxel " + i + "," + j + "," + k);
                    }
                }
            }
        }
        HuVolume textured = ClassicalBackend.copyOf(ct);
        assertEquals(1, LearnedBackend.calibrateFill(textured, region, 8), 0);
        for (int k = 0; k < ct.geometry().slices(); k++) {
            assertTrue(java.util.Arrays.equals(ct.slice(k), textured.slice(k)), "a textured fill changed on slice " + k);
        }
    }

    /** A copy of {@code ct} with the voxels of {@code m} drawn as Gaussian noise of {@code mean} and {@code sd} HU. */
    private static HuVolume painted(HuVolume ct, BitMask m, double mean, double sd, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        HuVolume out = ClassicalBackend.copyOf(ct);
        int[] b = m.boundingBox();
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = b[1]; j <= b[4]; j++) {
                for (int i = b[0]; i <= b[3]; i++) {
                    if (m.get(i, j, k)) {
                        out.set(i, j, k, (short) Math.round(mean + sd * rnd.nextGaussian()));
                    }
                }
            }
        }
        return out;
    }

    /** {mean, SD} of the voxels of {@code m} whose six neighbours are in {@code m} too. */
    private static double[] innerStats(HuVolume v, BitMask m) {
        double s = 0;
        double ss = 0;
        int n = 0;
        int[] b = m.boundingBox();
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = b[1]; j <= b[4]; j++) {
                for (int i = b[0]; i <= b[3]; i++) {
                    if (m.get(i, j, k) && m.get(i + 1, j, k) && m.get(i - 1, j, k) && m.get(i, j + 1, k)
                            && m.get(i, j - 1, k) && m.get(i, j, k + 1) && m.get(i, j, k - 1)) {
                        double x = v.get(i, j, k);
                        s += x;
                        ss += x * x;
                        n++;
                    }
                }
            }
        }
        double mean = s / n;
        return new double[] {mean, Math.sqrt(ss / n - mean * mean)};
    }

    /**
     * The same phantom as an arterial-phase liver (170 HU, twice the noise): the fill follows the liver
     * it continues in level and noise, because every patch is standardised by the liver around its
     * region. With one fixed HU scale the first model pulled fills towards the levels and the noise it
     * had seen (docs/models.md).
     */
    @Test
    void aFillTakesTheLevelAndNoiseOfTheLiverAroundItAtAnyPhase() {
        for (double gain : new double[] {1, 2}) {
            EditPhantom p = new EditPhantom(4);
            double level = gain == 1 ? 100 : 170;
            for (int k = 0; k < p.ct.geometry().slices(); k++) {
                short[] s = p.ct.slice(k);
                for (int q = 0; q < s.length; q++) {
                    if (p.liver.getIndex(k, q)) {
                        s[q] = (short) Math.round(level + gain * (s[q] - 100));
                    }
                }
            }
            BitMask ring = ClassicalBackendTest.ring(p, EditPhantom.LESIONS[0], 14, 20); // lesion 1: r = 10 mm
            EditResult r = SHIPPED.apply(p.scene(), parser.parse("remove lesion 1"), 9);
            double[] native_ = ClassicalBackendTest.stats(p.ct, ring);
            double[] filled = ClassicalBackendTest.stats(r.edited(), p.lesions.get(0));
            System.out.printf(Locale.ROOT, "liver %.0f HU: ring %.1f ± %.1f HU, filled %.1f ± %.1f HU%n", level,
                    native_[0], native_[1], filled[0], filled[1]);
            assertEquals(native_[0], filled[0], 4 * gain, "filled mean at a " + level + " HU liver");
            double ratio = filled[1] / native_[1];
            assertTrue(ratio > 0.6 && ratio < 1.5, "filled SD / ring SD " + ratio + " at a " + level + " HU liver");
        }
    }

    @Test
    void aMissingWeightsFileIsRefusedWithExitThree() {
        Path none = tmp.resolve("no-such.params");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new LearnedBackend(none).load());
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.userMessage().contains("no such file") && e.userMessage().contains("train-edit"), e.userMessage());
    }

    @Test
    void aCorruptWeightsFileIsRefusedWithExitThree() throws Exception {
        Path corrupt = tmp.resolve("edit-unet.params");
        byte[] shipped = LearnedBackendTest.class.getResourceAsStream("/org/liverlens/core/inpaint/edit-model/edit-unet.params")
                .readAllBytes();
        Files.write(corrupt, java.util.Arrays.copyOf(shipped, shipped.length / 2)); // truncated
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new LearnedBackend(corrupt).load());
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.userMessage().contains("do not fit") && e.userMessage().contains("train-edit"), e.userMessage());
        Path garbage = tmp.resolve("garbage.params");
        byte[] noise = new byte[shipped.length];
        new java.util.Random(1).nextBytes(noise);
        Files.write(garbage, noise); // the right size, not DJL parameters
        InvalidInputException g = assertThrows(InvalidInputException.class, () -> new LearnedBackend(garbage).load());
        assertTrue(g.userMessage().contains("do not fit"), g.userMessage());
    }
}
