package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Post-processing on a hand-built chest-and-abdomen phantom (2 mm pixels, 5 mm slices, z rising with
 * the slice index): a body of soft tissue, two lungs from slice 13 up (their lower parts the
 * costophrenic recesses beside the liver), a liver whose dome reaches slice 17 under the right lung,
 * and a heart between the lungs (slices 16–26) resting on the dome. The network's failure of issue 14 is painted into the labels: the heart labelled liver and
 * its ventricle tumour, so that heart and liver form one connected organ.
 */
class PostProcessTest {
    private static final int COLS = 128;
    private static final int SLICES = 30;
    private static final VolumeGeometry GRID = VolumeGeometry.axial(new int[] {COLS, COLS, SLICES},
            new double[] {0, 0, 0}, new double[] {2, 2, 5});
    private static final ModelSpec.PostProcessSpec SPEC = new ModelSpec.PostProcessSpec(true, 5, 0.05);

    private static boolean inEllipse(int i, int j, double ci, double cj, double ri, double rj) {
        double x = (i - ci) / ri;
        double y = (j - cj) / rj;
        return x * x + y * y <= 1;
    }

    private static boolean liver(int i, int j, int k) {
        double z = (k - 9.5) / 8.0; // slices 2..17
        if (Math.abs(z) > 1) {
            return false;
        }
        double f = Math.sqrt(1 - z * z);
        return inEllipse(i, j, 44, 66, 28 * f, 30 * f);
    }

    private static boolean heart(int i, int j, int k) {
        return k >= 16 && k <= 26 && inEllipse(i, j, 64, 60, 16, 16);
    }

    private static boolean ventricle(int i, int j, int k) {
        return k >= 18 && k <= 24 && inEllipse(i, j, 66, 60, 7, 7);
    }

    private static boolean lung(int i, int j, int k) {
        return k >= 13 && !liver(i, j, k) && !heart(i, j, k) && (inEllipse(i, j, 30, 62, 16, 26) || inEllipse(i, j, 98, 62, 16, 26));
    }

    private static HuVolume ct(boolean withLungs) {
        HuVolume ct = HuVolume.allocate(GRID, (short) -1000);
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < COLS; j++) {
                for (int i = 0; i < COLS; i++) {
                    short hu = -1000;
                    if (inEllipse(i, j, 64, 64, 58, 48)) {
                        hu = 40;
                    }
                    if (liver(i, j, k)) {
                        hu = 60;
                    }
                    if (withLungs && lung(i, j, k)) {
                        hu = -850;
                    }
                    if (heart(i, j, k)) {
                        hu = (short) (ventricle(i, j, k) ? 250 : 120);
                    }
                    ct.set(i, j, k, hu);
                }
            }
        }
        return ct;
    }

    /** Labels painted where {@code label} says (0: left as background). */
    private static LabelVolume labels(Labeller label) {
        LabelVolume l = new LabelVolume(GRID);
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < COLS; j++) {
                for (int i = 0; i < COLS; i++) {
                    int v = label.at(i, j, k);
                    if (v != 0) {
                        l.set(i, j, k, v);
                    }
                }
            }
        }
        return l;
    }

    private interface Labeller {
        int at(int i, int j, int k);
    }

    /** What the network of issue 14 made of it: liver and heart as liver, the ventricle as tumour. */
    private static LabelVolume heartAsLiver() {
        return labels((i, j, k) -> liver(i, j, k) || heart(i, j, k)
                ? (ventricle(i, j, k) ? Segmenter.TUMOUR : Segmenter.LIVER) : 0);
    }

    /** A lesion of radius 5 voxels centred on the liver's right edge at slice 9: half of it outside. */
    private static void edgeLesion(LabelVolume l) {
        for (int k = 8; k <= 10; k++) {
            for (int j = 60; j <= 72; j++) {
                for (int i = 10; i <= 26; i++) {
                    if (inEllipse(i, j, 16, 66, 5, 5)) {
                        l.set(i, j, k, Segmenter.TUMOUR);
                    }
                }
            }
        }
    }

    private static long count(LabelVolume l, java.util.function.IntPredicate label, Region where) {
        long n = 0;
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < COLS; j++) {
                for (int i = 0; i < COLS; i++) {
                    if (where.contains(i, j, k) && label.test(l.get(i, j, k))) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private interface Region {
        boolean contains(int i, int j, int k);
    }

    @Test
    void heartLabelledLiverAboveTheDomeIsRemoved() {
        LabelVolume labels = heartAsLiver();
        PostProcess.apply(labels, ct(true), SPEC);
        Region heartAboveDome = (i, j, k) -> heart(i, j, k) && !liver(i, j, k);
        assertEquals(0, count(labels, v -> v != 0, heartAboveDome), "heart voxels left labelled");
    }

    @Test
    void ventricleLabelledTumourGoesWithTheHeart() {
        LabelVolume labels = heartAsLiver();
        PostProcess.apply(labels, ct(true), SPEC);
        assertEquals(0, count(labels, v -> v == Segmenter.TUMOUR, (i, j, k) -> true), "tumour voxels left");
    }

    @Test
    void liverBelowTheLungsIsKeptWhenTheHeartIsRemoved() {
        LabelVolume labels = heartAsLiver();
        PostProcess.apply(labels, ct(true), SPEC);
        Region liverBelowHeart = (i, j, k) -> liver(i, j, k) && k < 16;
        long all = count(heartAsLiver(), v -> v != 0, liverBelowHeart);
        assertEquals(all, count(labels, v -> v == Segmenter.LIVER, liverBelowHeart));
    }

    @Test
    void liverDomeUnderOneLungIsKeptWithoutAHeart() {
        LabelVolume labels = labels((i, j, k) -> liver(i, j, k) ? Segmenter.LIVER : 0);
        long before = count(labels, v -> v != 0, (i, j, k) -> true);
        PostProcess.apply(labels, ct(true), SPEC);
        assertEquals(before, count(labels, v -> v != 0, (i, j, k) -> true));
    }

    @Test
    void lesionAtTheLiverEdgeSurvives() {
        LabelVolume labels = labels((i, j, k) -> liver(i, j, k) ? Segmenter.LIVER : 0);
        edgeLesion(labels);
        long lesion = count(labels, v -> v == Segmenter.TUMOUR, (i, j, k) -> true);
        PostProcess.apply(labels, ct(true), SPEC);
        assertEquals(lesion, count(labels, v -> v == Segmenter.TUMOUR, (i, j, k) -> true));
    }

    @Test
    void lesionMostlyOutsideTheLiverIsDropped() {
        // a blob touching the liver's right edge from outside, within the 5 mm margin of it
        LabelVolume labels = labels((i, j, k) -> liver(i, j, k) ? Segmenter.LIVER
                : (k >= 8 && k <= 10 && inEllipse(i, j, 13, 66, 4, 4) ? Segmenter.TUMOUR : 0));
        assertTrue(count(labels, v -> v == Segmenter.TUMOUR, (i, j, k) -> true) > 50);
        PostProcess.apply(labels, ct(true), SPEC);
        assertEquals(0, count(labels, v -> v == Segmenter.TUMOUR, (i, j, k) -> true));
    }

    @Test
    void withoutLungsInViewNothingIsTakenForChest() {
        LabelVolume labels = heartAsLiver();
        long organ = count(labels, v -> v != 0, (i, j, k) -> true);
        assertEquals(0, Thorax.betweenLungs(ct(false), labels.mask(Segmenter.LIVER)).count());
        assertTrue(organ > 0);
    }
}
