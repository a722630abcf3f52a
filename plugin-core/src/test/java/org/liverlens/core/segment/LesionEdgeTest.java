package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * {@link LesionEdge}: a network lesion drawn 3 mm too wide shrinks back to the lesion seen in the CT;
 * it never grows; a rim brighter than the liver stays; a "lesion" with no step to the liver stays as it is.
 */
class LesionEdgeTest {
    private static final double[] SPACING = {0.8, 0.8, 2.5};
    private static final int N = 80;
    private static final int NZ = 24;
    private static final LesionEdge EDGE = new LesionEdge(4, 0.5);

    /** Liver everywhere (100 ± 10 HU); inside radius {@code r} mm of the centre {@code core} HU, between r and rim {@code rimHu}. */
    private static HuVolume ct(double r, double coreHu, double rimMm, double rimHu) {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {N, N, NZ}, new double[] {0, 0, 0}, SPACING);
        HuVolume ct = HuVolume.allocate(g, (short) 0);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < NZ; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    double d = distance(i, j, k);
                    double hu = d <= r ? coreHu : d <= r + rimMm ? rimHu : 100;
                    ct.set(i, j, k, (short) Math.round(hu + 10 * rnd.nextGaussian()));
                }
            }
        }
        return ct;
    }

    private static double distance(int i, int j, int k) {
        double dx = (i - N / 2.0) * SPACING[0];
        double dy = (j - N / 2.0) * SPACING[1];
        double dz = (k - NZ / 2.0) * SPACING[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** Liver labels with a tumour ball of radius {@code r} mm. */
    private static LabelVolume labels(HuVolume ct, double r) {
        LabelVolume l = new LabelVolume(ct.geometry());
        for (int k = 0; k < NZ; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    l.set(i, j, k, distance(i, j, k) <= r ? Segmenter.TUMOUR : Segmenter.LIVER);
                }
            }
        }
        return l;
    }

    private static double dice(BitMask a, BitMask b) {
        return a.dice(b);
    }

    @Test
    void aLesionDrawnTooWideShrinksToWhatTheCtShows() {
        HuVolume ct = ct(10, 50, 0, 100);
        LabelVolume truth = labels(ct, 10);
        LabelVolume wide = labels(ct, 13);
        LabelVolume refined = EDGE.apply(ct, wide);
        BitMask t = truth.mask(Segmenter.TUMOUR);
        double before = dice(wide.mask(Segmenter.TUMOUR), t);
        double after = dice(refined.mask(Segmenter.TUMOUR), t);
        assertTrue(before < 0.7 && after > 0.9, "Dice " + before + " -> " + after);
        long added = 0;
        for (int k = 0; k < NZ; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    added += refined.get(i, j, k) == Segmenter.TUMOUR && wide.get(i, j, k) != Segmenter.TUMOUR ? 1 : 0;
                }
            }
        }
        assertEquals(0, added, "the refinement only shrinks");
        assertEquals(wide.count(Segmenter.TUMOUR) + wide.count(Segmenter.LIVER),
                refined.count(Segmenter.TUMOUR) + refined.count(Segmenter.LIVER), "what it takes goes back to liver");
    }

    @Test
    void aRimBrighterThanTheLiverStaysPartOfTheLesion() {
        HuVolume ct = ct(8, 40, 2.5, 160); // necrotic centre, enhancing rim to 10.5 mm
        LabelVolume labels = labels(ct, 10.5);
        LabelVolume refined = EDGE.apply(ct, labels);
        assertTrue(refined.count(Segmenter.TUMOUR) > 0.9 * labels.count(Segmenter.TUMOUR),
                refined.count(Segmenter.TUMOUR) + " of " + labels.count(Segmenter.TUMOUR) + " voxels kept");
    }

    @Test
    void aLabelOnPlainLiverHasNoEdgeToFindAndStays() {
        HuVolume ct = ct(10, 100, 0, 100);
        LabelVolume labels = labels(ct, 10);
        assertTrue(EDGE.apply(ct, labels).sameLabels(labels));
    }
}
