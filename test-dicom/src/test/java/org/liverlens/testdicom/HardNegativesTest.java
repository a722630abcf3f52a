package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Fluid organs against the liver that the network took for lesions on real CT (docs/models.md, 2.0.0 on
 * radcttaceomics 0697): the randomised gallbladder and the distended duodenal bulb of {@link Realism},
 * rendered as background beside the liver.
 */
class HardNegativesTest {
    /** 3 mm pixels and slices over ±150 mm: the liver, the gallbladder fossa and the duodenum. */
    private static SyntheticCt render(long seed, Realism realism) {
        return new SyntheticCt(SyntheticCt.Params.defaults().withSeed(seed).withSize(100, 100, 100).withSpacing(3, 3)
                .withPhase(Phase.PORTAL_VENOUS).withRandomLesions(0).withNoise(0, false).withRealism(realism));
    }

    /** Counts over the volume: [0] voxels of {@code label}, [1] of them within 3 HU of {@code hu}, [2] of them with a liver neighbour in plane. */
    private static long[] count(SyntheticCt ct, Label label, double hu) {
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        long[] n = new long[3];
        int cols = 100;
        for (int k = 0; k < 100; k++) {
            ct.renderSlice(k, b);
            for (int p = 0; p < b.labels.length; p++) {
                if (b.labels[p] != label.value()) {
                    continue;
                }
                n[0]++;
                n[1] += Math.abs(b.hu[p] - hu) <= 3 ? 1 : 0;
                int i = p % cols;
                boolean onLiver = false;
                for (int q : new int[] {p - 1, p + 1, p - cols, p + cols}) {
                    if (q >= 0 && q < b.labels.length && Math.abs(q % cols - i) <= 1
                            && b.labels[q] == Label.LIVER.value()) {
                        onLiver = true;
                    }
                }
                n[2] += onLiver ? 1 : 0;
            }
        }
        return n;
    }

    /** The seed's randomised rendering without its bias field (so that a tissue keeps one HU). */
    private static Realism randomised(long seed) {
        Realism r = Realism.random(seed, Phase.PORTAL_VENOUS);
        return new Realism(r.randomSeed(), r.huSpread(), r.liverShiftHu(), r.liverTextureHu(), r.noduleMm(), r.stomach(),
                r.stomachFillHu(), r.rightHeartMix(), r.duodenum(), 0, r.biasScaleMm(), r.kernel(), r.gallbladder(),
                r.distendedBulb());
    }

    private static long seedWith(Realism.Gallbladder.Form form) {
        long seed = 1;
        while (randomised(seed).gallbladder().form() != form) {
            seed++;
        }
        return seed;
    }

    @Test
    void distendedGallbladderIsAPearOfBileAgainstTheLiver() {
        long seed = seedWith(Realism.Gallbladder.Form.DISTENDED);
        Realism.Gallbladder g = randomised(seed).gallbladder();
        long[] n = count(render(seed, randomised(seed)), Label.GALLBLADDER, Math.round(g.bileHu()));
        double ml = n[0] * 27 / 1000.0;
        // a cone of capsules from 0.3 r to r over the length: between a third and the whole of its cylinder
        double cylinder = Math.PI * g.widthMm() * g.widthMm() / 4 * g.lengthMm() / 1000;
        assertTrue(ml > cylinder / 3 && ml < cylinder, "gallbladder " + ml + " mL for " + g);
        // on 3 mm voxels the wall and its partial volume take the outer shell
        assertTrue(n[1] > n[0] / 3, "its lumen is bile of " + g.bileHu() + " HU: " + n[1] + " of " + n[0]);
        assertTrue(n[2] > 20, "it lies against the liver: " + n[2] + " voxels with a liver neighbour");
    }

    @Test
    void contractedGallbladderIsSmallAndMostlyWall() {
        long seed = seedWith(Realism.Gallbladder.Form.CONTRACTED);
        Realism.Gallbladder g = randomised(seed).gallbladder();
        long[] all = count(render(seed, randomised(seed)), Label.GALLBLADDER, Math.round(g.wallHu()));
        assertTrue(all[0] * 27 / 1000.0 < 15, "a contracted gallbladder is small: " + all[0] * 27 / 1000.0 + " mL");
        assertTrue(all[1] > all[0] / 3, "its wall of " + g.wallHu() + " HU is much of it: " + all[1] + " of " + all[0]);
        assertTrue(g.wallHu() > g.bileHu() + 10, "the wall is denser than bile: " + g);
    }

    @Test
    void absentGallbladderLeavesTheFossaToTheLiver() {
        long seed = seedWith(Realism.Gallbladder.Form.ABSENT);
        assertEquals(0, count(render(seed, randomised(seed)), Label.GALLBLADDER, 0)[0]);
        long withOne = count(render(seed, randomised(seed).withGallbladder(Realism.Gallbladder.FIXTURE)),
                Label.GALLBLADDER, 0)[0];
        assertTrue(withOne > 100, "the same seed with the fixture's gallbladder has one: " + withOne);
    }

    @Test
    void distendedBulbIsFluidBowelIndentingTheLiver() {
        long seed = 1;
        Realism with = randomised(seed).withDistendedBulb(true);
        Realism without = with.withDistendedBulb(false);
        double fluid = render(seed, with).huTable().get(Tissue.ENTERIC_FLUID);
        long[] a = count(render(seed, with), Label.BOWEL, fluid);
        long[] b = count(render(seed, without), Label.BOWEL, fluid);
        long liverWith = count(render(seed, with), Label.LIVER, 0)[0];
        long liverWithout = count(render(seed, without), Label.LIVER, 0)[0];
        assertTrue(a[2] > b[2] + 20, "bowel against the liver with the bulb " + a[2] + ", without " + b[2]);
        assertTrue(liverWith < liverWithout, "the bulb takes liver voxels: " + liverWith + " vs " + liverWithout);
    }

    @Test
    void aboutASeventhOfCasesHaveNoGallbladderAndAThirdADistendedBulb() {
        int absent = 0;
        int bulb = 0;
        for (long seed = 1; seed <= 200; seed++) {
            Realism r = randomised(seed);
            absent += r.gallbladder().form() == Realism.Gallbladder.Form.ABSENT ? 1 : 0;
            bulb += r.distendedBulb() ? 1 : 0;
        }
        assertTrue(absent >= 15 && absent <= 45, "absent in " + absent + " of 200");
        assertTrue(bulb >= 50 && bulb <= 90, "distended bulb in " + bulb + " of 200");
    }
}
