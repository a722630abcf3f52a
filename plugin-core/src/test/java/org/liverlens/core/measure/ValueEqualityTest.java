package org.liverlens.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** Measurement records holding arrays compare, hash and print by the arrays' values, not their identity. */
class ValueEqualityTest {
    private static final ModelInfo MODEL = new ModelInfo("test", "1", null);
    private static final Findings.Source SOURCE = new Findings.Source(Findings.SourceKind.MODEL, "test");

    private static Recist recist(int endI) {
        return new Recist(20, 10, 3, new int[] {1, 2, endI, 2}, new int[] {5, 0, 5, 9}, true);
    }

    private static LesionMeasurement lesion(double centroidK) {
        return new LesionMeasurement(1, 2, 100, 0.1, recist(20), new HuStats(60, 10, 20, 90),
                new double[] {10, 11, centroidK}, new double[] {-5, 3, 7});
    }

    @Test
    void recistsWithEqualAxisEndsAreEqual() {
        assertEquals(recist(20), recist(20));
        assertEquals(recist(20).hashCode(), recist(20).hashCode());
        assertNotEquals(recist(20), recist(21));
        assertTrue(recist(20).toString().contains("longAxisEnds=[1, 2, 20, 2]"), recist(20).toString());
    }

    @Test
    void lesionMeasurementsWithEqualCentroidsAreEqual() {
        assertEquals(lesion(12), lesion(12));
        assertEquals(lesion(12).hashCode(), lesion(12).hashCode());
        assertNotEquals(lesion(12), lesion(13));
        assertTrue(lesion(12).toString().contains("centroidVoxel=[10.0, 11.0, 12.0]"), lesion(12).toString());
    }

    @Test
    void measuringTheSameLabelsTwiceGivesEqualFindings() {
        VolumeGeometry g = Phantoms.grid(48, 48, 24, 1, 1, 2, 24, 24, 12);
        LabelVolume labels = new LabelVolume(g);
        Phantoms.ellipsoid(labels, new double[] {0, 0, 0}, 20, 20, 20, Segmenter.LIVER);
        Phantoms.ellipsoid(labels, new double[] {3, 0, 0}, 6, 6, 6, Segmenter.TUMOUR);
        Findings a = Measurements.ofLabels(Phantoms.ct(g), labels, "1.2.3", MODEL, SOURCE).findings();
        Findings b = Measurements.ofLabels(Phantoms.ct(g), labels, "1.2.3", MODEL, SOURCE).findings();
        assertEquals(1, a.lesionCount());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(a.toString().contains("liverCentroidVoxel=[2"), a.toString());
    }
}
