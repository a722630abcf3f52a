package org.liverlens.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The search box and the liver's edge, on a phantom: an ellipsoidal liver (100 HU, noise 10 HU, semi-axes
 * 90 × 70 × 35 mm) in fat, 0.8 mm pixels and 2.5 mm slices, with one hypodense ball (40 HU).
 */
class SearchBoxTest {
    private static final VolumeGeometry GRID = VolumeGeometry.axial(new int[] {256, 256, 32}, new double[] {0, 0, 0},
            new double[] {0.8, 0.8, 2.5});
    private static final double[] CENTRE = {128, 128, 16};

    private record Phantom(HuVolume ct, BitMask liver, BitMask lesion) {
    }

    /** A lesion of this diameter centred at (ci, cj, CENTRE k), voxel indices. */
    private static Phantom phantom(double diameterMm, double ci, double cj) {
        HuVolume ct = HuVolume.allocate(GRID, (short) -100);
        BitMask liver = new BitMask(GRID);
        BitMask lesion = new BitMask(GRID);
        Random noise = new Random(15);
        double[] sp = GRID.spacingMm();
        for (int k = 0; k < GRID.slices(); k++) {
            short[] s = ct.slice(k);
            for (int j = 0; j < GRID.rows(); j++) {
                for (int i = 0; i < GRID.columns(); i++) {
                    double x = (i - CENTRE[0]) * sp[0] / 90;
                    double y = (j - CENTRE[1]) * sp[1] / 70;
                    double z = (k - CENTRE[2]) * sp[2] / 35;
                    if (x * x + y * y + z * z > 1) {
                        continue;
                    }
                    liver.set(i, j, k, true);
                    double dx = (i - ci) * sp[0];
                    double dy = (j - cj) * sp[1];
                    double dz = (k - CENTRE[2]) * sp[2];
                    boolean inLesion = dx * dx + dy * dy + dz * dz <= diameterMm * diameterMm / 4;
                    if (inLesion) {
                        lesion.set(i, j, k, true);
                    }
                    s[j * GRID.columns() + i] = (short) Math.round((inLesion ? 40 : 100) + 10 * noise.nextGaussian());
                }
            }
        }
        return new Phantom(ct, liver, lesion);
    }

    private static int firstBox(Phantom p) {
        Prompt.Click c = Prompt.Click.atCentroid(p.lesion());
        Prompt prompt = Prompt.click(c.i(), c.j(), c.k());
        return new RegionCompetition().firstBox(p.ct(), p.liver(), prompt, prompt.positives(),
                new double[] {c.i(), c.j(), c.k()}, RegionCompetition.HALF_SIZES_MM, LocalRegion.FINE_SMOOTH_MM);
    }

    @Test
    void aLargeLesionStartsInTheBoxThatHoldsIt() {
        // 80 mm: its outline (radius 40 mm) fills the 40 mm box, which used to run for nothing first
        assertEquals(1, firstBox(phantom(80, CENTRE[0], CENTRE[1])));
    }

    @Test
    void aSmallLesionStartsInTheFirstBox() {
        assertEquals(0, firstBox(phantom(20, CENTRE[0], CENTRE[1])));
    }

    @Test
    void aLesionOnTheLiversEdgeStaysInsideTheLiverMask() {
        // centred 5 mm inside the liver's edge (x = 85 mm of 90): a third of the ball lies outside the liver
        Phantom p = phantom(24, CENTRE[0] + 85 / 0.8, CENTRE[1]);
        Prompt.Click c = Prompt.Click.atCentroid(p.lesion());
        PromptResult r = new RegionCompetition().segment(p.ct(), p.liver(), new Prompt(List.of(c), null, null));
        long outside = 0;
        for (int k = 0; k < GRID.slices(); k++) {
            for (int q = 0; q < GRID.rows() * GRID.columns(); q++) {
                outside += r.mask().getIndex(k, q) && !p.liver().getIndex(k, q) ? 1 : 0;
            }
        }
        assertEquals(0, outside, "mask voxels outside the liver, of " + r.mask().count());
        assertTrue(r.mask().dice(p.lesion()) > 0.8, "Dice " + r.mask().dice(p.lesion()));
    }
}
