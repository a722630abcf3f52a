package org.liverlens.core.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.seg.CodedConcept;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** Lesion instances, volumes, RECIST axes, HU and centroids against answers worked out by hand. */
class MeasurementsTest {
    private static final ModelInfo MODEL = new ModelInfo("test", "1", null);
    private static final Findings.Source SOURCE = new Findings.Source(Findings.SourceKind.MODEL, "test");

    private static Measurements.Measured measure(LabelVolume labels) {
        return Measurements.ofLabels(Phantoms.ct(labels.geometry()), labels, "1.2.3", MODEL, SOURCE);
    }

    @Test
    void sphereOfKnownRadiusHasItsVolumeDiameterAndCentre() {
        // 1 mm voxels, sphere of radius 10.3 mm centred on voxel (32, 32, 32) inside a liver ball.
        VolumeGeometry g = Phantoms.grid(64, 64, 64, 1, 1, 1, 32, 32, 32);
        LabelVolume labels = new LabelVolume(g);
        Phantoms.ellipsoid(labels, new double[] {0, 0, 0}, 30, 30, 30, Segmenter.LIVER);
        long voxels = Phantoms.ellipsoid(labels, new double[] {0, 0, 0}, 10.3, 10.3, 10.3, Segmenter.TUMOUR);
        Findings f = measure(labels).findings();

        assertEquals(1, f.lesionCount());
        LesionMeasurement l = f.lesions().get(0);
        assertEquals(voxels, l.voxels());
        double trueMl = 4.0 / 3 * Math.PI * Math.pow(10.3, 3) / 1000; // 4.577 mL
        assertEquals(trueMl, l.volumeMl(), 0.03 * trueMl);
        assertEquals(voxels * g.voxelVolumeMl(), l.volumeMl(), 1e-12);
        // The farthest voxel centres are (±9, ±5) from the centre (√106 = 10.296 <= 10.3): 2·√106 = 20.591 mm
        // apart; the digital line between them advances 18 columns, so edge to edge adds 1/18 of that.
        assertEquals(2 * Math.sqrt(106) * 19 / 18, l.recist().longMm(), 1e-9);
        assertEquals(20.6, l.recist().longMm(), Math.sqrt(2), "within one diagonal pixel of the true diameter");
        assertEquals(l.recist().longMm(), l.recist().shortMm(), 1.0);
        assertEquals(32, l.recist().slice(), "the central slice has the longest diameter");
        assertArrayEquals(new double[] {32, 32, 32}, l.centroidVoxel(), 1e-9);
        assertArrayEquals(new double[] {0, 0, 0}, l.centroidMm(), 1e-9);
        assertEquals(2, l.segmentNumber());
        assertEquals(40, l.hu().mean(), 1e-9);
        assertEquals(0, l.hu().sd(), 1e-9);
    }

    @Test
    void sphereOnAnisotropicGridKeepsItsSizeInMillimetres() {
        // 0.7 × 0.7 mm pixels, 3 mm slices; radius 15 mm centred on voxel (40, 40, 10).
        VolumeGeometry g = Phantoms.grid(80, 80, 21, 0.7, 0.7, 3.0, 40, 40, 10);
        LabelVolume labels = new LabelVolume(g);
        long voxels = Phantoms.ellipsoid(labels, new double[] {0, 0, 0}, 15, 15, 15, Segmenter.TUMOUR);
        Findings f = measure(labels).findings();

        LesionMeasurement l = f.lesions().get(0);
        assertEquals(0.7 * 0.7 * 3.0 / 1000, g.voxelVolumeMl(), 1e-15);
        assertEquals(voxels * g.voxelVolumeMl(), l.volumeMl(), 1e-12);
        assertEquals(4.0 / 3 * Math.PI * 15 * 15 * 15 / 1000, l.volumeMl(), 0.03 * 14.137); // 14.137 mL
        assertEquals(30.0, l.recist().longMm(), 0.7 * Math.sqrt(2));
        assertEquals(10, l.recist().slice());
        assertTrue(l.recist().measurable());
        assertArrayEquals(new double[] {40, 40, 10}, l.centroidVoxel(), 1e-9);
    }

    @Test
    void rotatedEllipseOnOneSliceHasItsAxesInTheirDirections() {
        // 0.5 mm pixels; semi-axes 15 and 6 mm, long axis at 30° to the rows.
        VolumeGeometry g = Phantoms.grid(100, 100, 1, 0.5, 0.5, 5, 50, 50, 0);
        LabelVolume labels = new LabelVolume(g);
        Phantoms.rotatedEllipse(labels, 0, 0, 0, 15, 6, 30, Segmenter.TUMOUR);
        Recist r = measure(labels).findings().lesions().get(0).recist();

        assertEquals(30.0, r.longMm(), 0.5 * Math.sqrt(2), "long axis = 2a");
        assertEquals(12.0, r.shortMm(), 0.5 * Math.sqrt(2), "short axis = 2b");
        int[] e = r.longAxisEnds();
        double angle = Math.toDegrees(Math.atan2(e[3] - e[1], e[2] - e[0]));
        angle = ((angle % 180) + 180) % 180;
        assertEquals(30, angle, 3.0);
        int[] s = r.shortAxisEnds();
        double dot = (e[2] - e[0]) * (s[2] - s[0]) + (e[3] - e[1]) * (s[3] - s[1]);
        double cos = dot / Math.hypot(e[2] - e[0], e[3] - e[1]) / Math.hypot(s[2] - s[0], s[3] - s[1]);
        assertEquals(0, cos, 0.15, "the short axis is (nearly) perpendicular to the long axis");
        assertTrue(r.measurable(), "30 mm >= max(10 mm, 2 x 5 mm)");
    }

    @Test
    void axesAreMeasuredEdgeToEdgeWithThePixelSpacing() {
        // A row of 10 pixels, 0.7 mm columns, 0.9 mm rows: 10 × 0.7 = 7.0 mm long, one row = 0.9 mm short.
        VolumeGeometry g = Phantoms.grid(20, 20, 1, 0.7, 0.9, 5, 0, 0, 0);
        LabelVolume labels = new LabelVolume(g);
        for (int i = 3; i < 13; i++) {
            labels.set(i, 5, 0, Segmenter.TUMOUR);
        }
        Recist r = measure(labels).findings().lesions().get(0).recist();
        assertEquals(7.0, r.longMm(), 1e-9);
        assertEquals(0.9, r.shortMm(), 1e-9);
        assertArrayEquals(new int[] {3, 5, 12, 5}, r.longAxisEnds());
        assertFalse(r.measurable(), "7 mm is below 10 mm");

        // A 10 × 4 pixel rectangle: the long axis is its diagonal, centre to centre √((9·0.7)² + (3·0.9)²),
        // plus one pixel step along it: × 10/9 (the digital line advances 9 columns).
        LabelVolume rect = new LabelVolume(g);
        for (int j = 5; j < 9; j++) {
            for (int i = 3; i < 13; i++) {
                rect.set(i, j, 0, Segmenter.TUMOUR);
            }
        }
        Recist d = measure(rect).findings().lesions().get(0).recist();
        assertEquals(Math.hypot(9 * 0.7, 3 * 0.9) * 10 / 9, d.longMm(), 1e-9);
    }

    @Test
    void singleVoxelMeasuresOnePixel() {
        VolumeGeometry g = Phantoms.grid(8, 8, 3, 0.8, 0.6, 2, 0, 0, 0);
        LabelVolume labels = new LabelVolume(g);
        labels.set(4, 4, 1, Segmenter.TUMOUR);
        LesionMeasurement l = measure(labels).findings().lesions().get(0);
        assertEquals(0.8, l.recist().longMm(), 1e-12);
        assertEquals(0.6, l.recist().shortMm(), 1e-12);
        assertEquals(1, l.recist().slice());
        assertEquals(1, l.voxels());
    }

    @Test
    void separateBlobsAreSeparateLesionsNumberedByVolume() {
        VolumeGeometry g = Phantoms.grid(60, 40, 20, 1, 1, 2, 0, 0, 0);
        LabelVolume labels = new LabelVolume(g);
        long small = Phantoms.ellipsoid(labels, new double[] {12, 20, 20}, 4, 4, 4, Segmenter.TUMOUR);
        long large = Phantoms.ellipsoid(labels, new double[] {40, 20, 20}, 8, 8, 8, Segmenter.TUMOUR);
        Findings f = measure(labels).findings();

        assertEquals(2, f.lesionCount());
        assertEquals(large, f.lesions().get(0).voxels());
        assertEquals(small, f.lesions().get(1).voxels());
        assertEquals(1, f.lesions().get(0).id());
        assertEquals(2, f.lesions().get(1).id());
        assertEquals(2, f.lesions().get(0).segmentNumber());
        assertEquals(3, f.lesions().get(1).segmentNumber());
        assertEquals(40, f.lesions().get(0).centroidVoxel()[0], 1e-9);
        assertEquals(12, f.lesions().get(1).centroidVoxel()[0], 1e-9);
        assertEquals(small + large, f.tumourVoxels());
    }

    @Test
    void voxelsTouchingAtACornerAreOneLesion() {
        VolumeGeometry g = Phantoms.grid(10, 10, 4, 1, 1, 1, 0, 0, 0);
        LabelVolume labels = new LabelVolume(g);
        labels.set(2, 2, 1, Segmenter.TUMOUR);
        labels.set(3, 3, 2, Segmenter.TUMOUR);
        labels.set(7, 7, 1, Segmenter.TUMOUR);
        Findings f = measure(labels).findings();
        assertEquals(2, f.lesionCount(), "26-connected: (2,2,1) and (3,3,2) touch at a corner");
        assertEquals(2, f.lesions().get(0).voxels());
    }

    @Test
    void lesionTouchingTheVolumeBorderIsMeasuredWhereItIsInView() {
        // A sphere of radius 8 mm centred on column 0: only the half with i >= 0 is in view.
        VolumeGeometry g = Phantoms.grid(30, 30, 20, 1, 1, 1, 0, 15, 10);
        LabelVolume labels = new LabelVolume(g);
        long voxels = Phantoms.ellipsoid(labels, new double[] {0, 0, 0}, 8, 8, 8, Segmenter.TUMOUR);
        LesionMeasurement l = measure(labels).findings().lesions().get(0);
        assertEquals(voxels, l.voxels());
        // Half the sphere plus half the disc of voxels on the cut plane i = 0: (4/3·π·8³ + π·8²·1 mm) / 2.
        double expected = (4.0 / 3 * Math.PI * 512 + Math.PI * 64) / 2 / 1000;
        assertEquals(expected, l.volumeMl(), 0.03 * expected);
        assertEquals(17, l.recist().longMm(), 1.0, "the cut face still shows the full diameter");
        assertEquals(10, l.recist().slice());
        assertTrue(l.centroidVoxel()[0] > 2.5 && l.centroidVoxel()[0] < 3.5, "centroid of a hemisphere: 3r/8 = 3 mm");
    }

    @Test
    void huStatisticsComeFromTheCt() {
        VolumeGeometry g = Phantoms.grid(10, 10, 2, 1, 1, 1, 0, 0, 0);
        LabelVolume labels = new LabelVolume(g);
        HuVolume ct = Phantoms.ct(g);
        int n = 0;
        for (int j = 2; j < 6; j++) {
            for (int i = 2; i < 6; i++) {
                labels.set(i, j, 0, Segmenter.TUMOUR);
                ct.set(i, j, 0, (short) ((i + j) % 2 == 0 ? 10 : 30));
                n++;
            }
        }
        HuStats hu = Measurements.ofLabels(ct, labels, "1", MODEL, SOURCE).findings().lesions().get(0).hu();
        assertEquals(20, hu.mean(), 1e-12);
        assertEquals(Math.sqrt(n * 100.0 / (n - 1)), hu.sd(), 1e-12, "sample SD of eight 10s and eight 30s");
        assertEquals(10, hu.min());
        assertEquals(30, hu.max());
    }

    @Test
    void liverVolumeIncludesTumoursAndBurdenIsTheirShare() {
        VolumeGeometry g = Phantoms.grid(40, 40, 20, 1, 1, 2, 20, 20, 10);
        LabelVolume labels = new LabelVolume(g);
        long liver = Phantoms.ellipsoid(labels, new double[] {0, 0, 0}, 15, 15, 15, Segmenter.LIVER);
        long tumour = Phantoms.ellipsoid(labels, new double[] {2, 0, 0}, 5, 5, 5, Segmenter.TUMOUR);
        Measurements.Measured m = measure(labels);
        Findings f = m.findings();
        assertEquals(liver, f.liverVoxels(), "the tumour replaced liver voxels: the union is the liver ball");
        assertEquals(tumour, f.tumourVoxels());
        assertEquals(100.0 * tumour / liver, f.tumourBurdenPercent(), 1e-12);
        assertEquals(liver * g.voxelVolumeMl(), f.liverVolumeMl(), 1e-12);
        assertEquals(List.of(), f.messages());
        // Overlay: 1 = liver without tumour, 2 = lesion 1.
        assertEquals(liver - tumour, m.overlay().count(1));
        assertEquals(tumour, m.overlay().count(2));
    }

    @Test
    void noLiverInViewIsAClearEmptyResult() {
        VolumeGeometry g = Phantoms.grid(16, 16, 4, 1, 1, 1, 0, 0, 0);
        Findings f = measure(new LabelVolume(g)).findings();
        assertEquals(0, f.lesionCount());
        assertEquals(0, f.liverVoxels());
        assertEquals(0.0, f.liverVolumeMl());
        assertEquals(0.0, f.tumourBurdenPercent());
        assertNull(f.liverCentroidVoxel());
        assertTrue(f.messages().get(0).contains("no liver in view"), f.messages().toString());
    }

    // ---------------------------------------------------------------- SEG segments

    private static Segment segment(int number, String label, CodedConcept category, CodedConcept type) {
        return Segment.manual(number, label, category, type, null);
    }

    @Test
    void oneTumourSegmentIsSplitIntoItsComponents() {
        VolumeGeometry g = Phantoms.grid(60, 40, 20, 1, 1, 2, 0, 0, 0);
        SegmentSet set = SegmentSet.binary(g);
        BitMask liver = set.addBinary(segment(1, "Liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER));
        BitMask tumour = set.addBinary(segment(2, "Tumor", Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.NEOPLASM));
        LabelVolume shapes = new LabelVolume(g);
        long liverVoxels = Phantoms.ellipsoid(shapes, new double[] {30, 20, 20}, 25, 15, 15, 1);
        long a = Phantoms.ellipsoid(shapes, new double[] {18, 20, 20}, 4, 4, 4, 2);
        long b = Phantoms.ellipsoid(shapes, new double[] {40, 20, 20}, 6, 6, 6, 3);
        fill(shapes, liver, 1, 2, 3);   // the liver outline includes its tumours, as radiologists draw it
        fill(shapes, tumour, 2, 3);
        Findings f = Measurements.ofSegments(Phantoms.ct(g), set, "1", SOURCE).findings();

        assertEquals(2, f.lesionCount());
        assertEquals(b, f.lesions().get(0).voxels());
        assertEquals(a, f.lesions().get(1).voxels());
        assertEquals(2, f.lesions().get(0).segmentNumber());
        assertEquals(2, f.lesions().get(1).segmentNumber());
        assertEquals(liverVoxels, f.liverVoxels());
        assertEquals(100.0 * (a + b) / liverVoxels, f.tumourBurdenPercent(), 1e-12);
        assertNull(f.model(), "manual segments name no model");
    }

    @Test
    void severalLesionSegmentsAreOneLesionEach() {
        VolumeGeometry g = Phantoms.grid(60, 40, 20, 1, 1, 2, 0, 0, 0);
        SegmentSet set = SegmentSet.binary(g);
        BitMask first = set.addBinary(segment(1, "Lesion A", Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.NEOPLASM));
        BitMask second = set.addBinary(segment(2, "Lesion B", Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE,
                new CodedConcept("4147007", "SCT", "Mass")));
        set.addBinary(segment(3, "Spleen", Codes.ANATOMICAL_STRUCTURE, new CodedConcept("78961009", "SCT", "Spleen")));
        LabelVolume shapes = new LabelVolume(g);
        Phantoms.ellipsoid(shapes, new double[] {10, 20, 20}, 3, 3, 3, 1);
        Phantoms.ellipsoid(shapes, new double[] {25, 20, 20}, 3, 3, 3, 1); // apart, yet one lesion segment
        Phantoms.ellipsoid(shapes, new double[] {45, 20, 20}, 5, 5, 5, 2);
        fill(shapes, first, 1);
        fill(shapes, second, 2);
        Findings f = Measurements.ofSegments(Phantoms.ct(g), set, "1", SOURCE).findings();

        assertEquals(2, f.lesionCount());
        assertEquals(2, f.lesions().get(0).segmentNumber(), "the larger lesion first");
        assertEquals(1, f.lesions().get(1).segmentNumber());
        assertFalse(f.liverSegmented());
        assertNull(f.tumourBurdenPercent(), "no liver segment: no burden");
        assertTrue(f.messages().stream().anyMatch(m -> m.contains("Spleen") && m.contains("not measured")),
                f.messages().toString());
        assertTrue(f.messages().stream().anyMatch(m -> m.contains("no liver segment")), f.messages().toString());
    }

    @Test
    void retiredSrtLiverCodeIsRecognised() {
        Segment srt = segment(1, "liver", new CodedConcept("T-D0050", "SRT", "Tissue"),
                new CodedConcept("T-62000", "SRT", "Liver"));
        assertTrue(Codes.isLiver(srt));
        assertFalse(Codes.isLesion(srt));
    }

    @Test
    void segmentsOfAnAutomaticAlgorithmNameTheModel() {
        VolumeGeometry g = Phantoms.grid(20, 20, 4, 1, 1, 1, 0, 0, 0);
        SegmentSet set = SegmentSet.binary(g);
        set.addBinary(Segment.automatic(1, "Liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER, "net", "2.1", null))
                .set(3, 3, 1, true);
        Findings f = Measurements.ofSegments(Phantoms.ct(g), set, "1", SOURCE).findings();
        assertEquals(new ModelInfo("net", "2.1", null), f.model());
        assertEquals(1, f.liverVoxels());
        assertTrue(f.messages().contains("no lesion found"), f.messages().toString());
    }

    private static void fill(LabelVolume shapes, BitMask mask, int... values) {
        VolumeGeometry g = shapes.geometry();
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    int v = shapes.get(i, j, k);
                    for (int want : values) {
                        if (v == want) {
                            mask.set(i, j, k, true);
                        }
                    }
                }
            }
        }
    }
}
