package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

/** Reading real SEGs and mapping them onto their CT; figures from the test-data READMEs. */
class SegReaderTest {
    private static final Map<String, Stack> STACKS = new ConcurrentHashMap<>();

    /** The stack of a CT folder (or file) in the test data, scanned once per test run. */
    static Stack ct(String relative) {
        return STACKS.computeIfAbsent(relative, r -> {
            ScanResult scan = new DicomScanner(2).scan(TestData.path(r), Progress.NONE, Cancellation.NONE);
            return scan.series().stream().filter(s -> !"SEG".equals(s.modality())).findFirst().orElseThrow()
                    .primaryStack().orElseThrow();
        });
    }

    static SegDocument read(String relative) {
        return new SegReader().read(TestData.path(relative));
    }

    /** Mean (i, j, k) over the mask. */
    static double[] centroid(BitMask m) {
        double[] sum = new double[3];
        long n = 0;
        var g = m.geometry();
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    if (m.get(i, j, k)) {
                        sum[0] += i;
                        sum[1] += j;
                        sum[2] += k;
                        n++;
                    }
                }
            }
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    static long countInSlice(BitMask m, int k) {
        return m.countSlice(k);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // case, seg, frames, voxels, iMin, iMax, jMin, jMax, kMin, kMax, ci, cj, ck, mL, label, type code
        "0697, Tumor, 3, 728, 142, 166, 310, 335, 31, 33, 152.79, 321.63, 31.85, 2.36, Tumor, 108369006",
        "0697, Liver, 24, 286430, 71, 286, 140, 360, 13, 36, 160.53, 241.72, 26.87, 927.35, Liver, 10200004",
        "1720, Tumor, 10, 31858, 88, 210, 166, 330, 24, 33, 155.33, 235.70, 28.83, 88.21, Tumor, 108369006",
        "1720, Liver, 31, 563744, 60, 374, 129, 375, 13, 43, 156.55, 231.88, 31.33, 1560.85, Liver, 10200004"})
    void radcttaceomicsSegsMapOntoTheirCtAsTheReadmeMeasured(String kase, String what, int frames, long voxels,
                                                              int iMin, int iMax, int jMin, int jMax, int kMin,
                                                              int kMax, double ci, double cj, double ck, double ml,
                                                              String label, String typeCode) {
        SegDocument seg = read("radcttaceomics/" + kase + "/31_EQP_Ax5.00mm_ManualROI_" + what + ".dcm");
        assertEquals(SegmentationType.BINARY, seg.type());
        assertEquals(frames, seg.numberOfFrames());
        assertEquals(1, seg.segments().size());
        Segment s = seg.segments().get(0);
        assertEquals(label, s.label());
        assertEquals(typeCode, s.type().value());
        assertEquals("SCT", s.type().scheme());
        assertEquals(AlgorithmType.MANUAL, s.algorithmType());
        assertEquals("1801040320200103051513090319." + (kase.equals("0697") ? "697" : "1720") + ".3.4",
                seg.referencedSeries().get(0).seriesInstanceUid());

        Stack ct = ct("radcttaceomics/" + kase + "/31_EQP_Ax5.00mm");
        SegMapping m = new SegReader().mapOnto(seg, ct);
        BitMask mask = m.segments().mask(1);
        assertEquals(voxels, mask.count());
        assertArrayEquals(new int[] {iMin, jMin, kMin, iMax, jMax, kMax}, mask.boundingBox());
        double[] c = centroid(mask);
        assertEquals(ci, c[0], 0.005);
        assertEquals(cj, c[1], 0.005);
        assertEquals(ck, c[2], 0.005);
        assertEquals(ml, Math.round(voxels * m.geometry().voxelVolumeMl() * 100) / 100.0, 1e-9);
        // Frames are stored in ascending z, one per slice, over a contiguous k range.
        int[] k = m.sliceOfFrame();
        for (int f = 0; f < k.length; f++) {
            assertEquals(kMin + f, k[f]);
        }
    }

    @Test
    void radcttaceomicsFramesAreMappedByPositionWithAWarningAboutTheirSourceReferences() {
        SegDocument seg = read("radcttaceomics/0697/31_EQP_Ax5.00mm_ManualROI_Tumor.dcm");
        // Every frame references dicom-00002 (the highest slice, k=43) with a frame number n_axial - k.
        for (SegFrame f : seg.frames()) {
            assertEquals(1, f.sources().size());
            assertTrue(f.sources().get(0).sopInstanceUid().endsWith(".1415174066.532"), f.sources().toString());
            assertEquals(44 - (31 + f.index()), f.sources().get(0).frameNumber());
        }
        SegMapping m = new SegReader().mapOnto(seg, ct("radcttaceomics/0697/31_EQP_Ax5.00mm"));
        assertEquals(1, m.warnings().size(), m.warnings().toString());
        String w = m.warnings().get(0);
        assertTrue(w.contains("3 of 3 frame(s)") && w.contains("k=43") && w.contains("dicom-00002.dcm")
                && w.contains("placed by their positions"), w);
    }

    @Test
    void tumourLiesInsideTheLiverAsMeasured() {
        for (String[] c : new String[][] {{"0697", "712"}, {"1720", "31818"}}) {
            Stack ct = ct("radcttaceomics/" + c[0] + "/31_EQP_Ax5.00mm");
            SegReader r = new SegReader();
            BitMask tumour = r.mapOnto(read("radcttaceomics/" + c[0] + "/31_EQP_Ax5.00mm_ManualROI_Tumor.dcm"), ct)
                    .segments().mask(1);
            BitMask liver = r.mapOnto(read("radcttaceomics/" + c[0] + "/31_EQP_Ax5.00mm_ManualROI_Liver.dcm"), ct)
                    .segments().mask(1);
            long inside = 0;
            for (int k = 0; k < ct.geometry().slices(); k++) {
                if (tumour.isSliceEmpty(k) || liver.isSliceEmpty(k)) {
                    continue;
                }
                long[] a = tumour.words(k);
                long[] b = liver.words(k);
                for (int w = 0; w < a.length; w++) {
                    inside += Long.bitCount(a[w] & b[w]);
                }
            }
            assertEquals(Long.parseLong(c[1]), inside, c[0]);
        }
    }

    @Test
    void segOfOneCaseIsRefusedOnTheOtherCasesCt() {
        SegDocument seg = read("radcttaceomics/0697/31_EQP_Ax5.00mm_ManualROI_Tumor.dcm");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new SegReader().mapOnto(seg, ct("radcttaceomics/1720/31_EQP_Ax5.00mm")));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("FrameOfReferenceUID (0020,0052) differs"), e.getMessage());
        assertTrue(e.userMessage().contains("1801040320200103051513090319.697.3.4"), e.userMessage());
    }

    @Test
    void nonSegFilesAreRefused() {
        InvalidInputException ct = assertThrows(InvalidInputException.class, () -> read("pydicom-data/CT_small.dcm"));
        assertTrue(ct.getMessage().contains("not a DICOM Segmentation") && ct.getMessage().contains("1.2.840.10008.5.1.4.1.1.2"),
                ct.getMessage());
        InvalidInputException gz = assertThrows(InvalidInputException.class, () -> read("pydicom-data/zipMR.gz"));
        assertTrue(gz.getMessage().contains("not a DICOM file"), gz.getMessage());
        assertThrows(InvalidInputException.class, () -> read("pydicom-data/no_meta.dcm"));
    }

    @Test
    void croppedSegIsRefusedOnTheFullCt() {
        SegDocument seg = read("pydicom-data/liver_nonbyte_aligned.dcm");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new SegReader().mapOnto(seg, ct("dcmqi/data/segmentations/ct-3slice")));
        assertTrue(e.getMessage().contains("510×510") && e.getMessage().contains("512×512"), e.getMessage());
    }

    @Test
    void dcmqiLiverIsVoxelForVoxelTheReadmesLabel() {
        SegDocument seg = read("dcmqi/data/segmentations/liver.dcm");
        Segment s = seg.segments().get(0);
        // Retired SRT codes are read as their SCT equivalents, with a warning each.
        assertEquals(new CodedConcept("10200004", "SCT", "Liver"), s.type());
        assertEquals("85756007", s.category().value());
        assertEquals(AlgorithmType.SEMIAUTOMATIC, s.algorithmType());
        assertEquals("SlicerEditor", s.algorithmName());
        assertArrayEquals(new int[] {41661, 41167, 40792}, s.cieLab());
        assertTrue(seg.warnings().stream().anyMatch(w -> w.contains("T-62000")), seg.warnings().toString());

        SegMapping m = new SegReader().mapOnto(seg, ct("dcmqi/data/segmentations/ct-3slice"));
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
        BitMask liver = m.segments().mask(1);
        assertEquals(107098, liver.count());
        assertArrayEquals(new int[] {79, 145, 0, 350, 366, 2}, liver.boundingBox());
        assertEquals(36233, liver.countSlice(0));
        assertEquals(35645, liver.countSlice(1));
        assertEquals(35220, liver.countSlice(2));
        assertArrayEquals(new int[] {0, 1, 2}, m.sliceOfFrame());
        // Named voxels of the README.
        assertTrue(liver.get(256, 256, 1));
        assertTrue(liver.get(200, 250, 0));
        assertTrue(liver.get(150, 250, 1));
        assertTrue(liver.get(120, 200, 1));
        assertTrue(liver.get(300, 200, 2));
        assertFalse(liver.get(250, 400, 1));
        assertFalse(liver.get(0, 0, 0));
        assertFalse(liver.get(511, 511, 2));
    }

    @Test
    void dcmqiPartialOverlapsKeepEachSegmentAndItsOverlaps() {
        SegDocument seg = read("dcmqi/data/segmentations/partial_overlaps.dcm");
        assertEquals(5, seg.segments().size());
        assertEquals("UNDEFINED", seg.segmentsOverlap());
        SegMapping m = new SegReader().mapOnto(seg, ct("dcmqi/data/segmentations/ct-3slice"));
        // DimensionIndexValues restart per segment; positions place the frames.
        assertArrayEquals(new int[] {1, 1, 0, 1, 2, 0, 0}, m.sliceOfFrame());
        long[] voxels = {9602, 11888, 10743, 6693, 4713};
        int[][] boxes = {{129, 171, 1, 269, 267, 1}, {200, 197, 1, 348, 312, 1}, {156, 206, 0, 354, 282, 2},
            {274, 313, 0, 372, 396, 0}, {122, 330, 0, 210, 399, 0}};
        for (int n = 1; n <= 5; n++) {
            assertEquals(voxels[n - 1], m.segments().mask(n).count(), "segment " + n);
            assertArrayEquals(boxes[n - 1], m.segments().mask(n).boundingBox(), "segment " + n);
        }
        BitMask s3 = m.segments().mask(3);
        assertEquals(117, s3.countSlice(0));
        assertEquals(117, s3.countSlice(1));
        assertEquals(10509, s3.countSlice(2));
        assertEquals(3017, overlap(m.segments().mask(1), m.segments().mask(2), 1));
        assertEquals(95, overlap(m.segments().mask(1), s3, 1));
        assertEquals(50, overlap(m.segments().mask(2), s3, 1));
        assertTrue(m.segments().overlapping());
        assertEquals("Edema", m.segments().segment(4).type().meaning());
    }

    private static long overlap(BitMask a, BitMask b, int k) {
        long n = 0;
        long[] wa = a.words(k);
        long[] wb = b.words(k);
        for (int w = 0; w < wa.length; w++) {
            n += Long.bitCount(wa[w] & wb[w]);
        }
        return n;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "23x38x3, 322, 4, 314, 4, 0, 0, 22, 37",
        "24x38x3, 315, 0, 315, 0, 4, 0, 23, 19"})
    void dcmqiNonByteAlignedPhantomsMatchTheirLabelMaps(String size, long voxels, long k0, long k1, long k2,
                                                        int iMin, int jMin, int iMax, int jMax) {
        SegDocument seg = read("dcmqi/data/segmentations/" + size + "/seg/label.seg");
        SegMapping m = new SegReader().mapOnto(seg, ct("dcmqi/data/segmentations/" + size + "/image"));
        BitMask mask = m.segments().mask(1);
        assertEquals(voxels, mask.count());
        assertEquals(k0, mask.countSlice(0));
        assertEquals(k1, mask.countSlice(1));
        assertEquals(k2, mask.countSlice(2));
        int[] box = mask.boundingBox();
        assertArrayEquals(new int[] {iMin, jMin, iMax, jMax}, new int[] {box[0], box[1], box[3], box[4]});
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sparse-labelmap-noppv.dcm, -1", "sparse-labelmap-ppv5.dcm, 5"})
    void dcmqiSparseLabelMapsBecomeOneSegmentOnTheirCt(String file, int padding) {
        SegDocument seg = read("dcmqi/data/segmentations/" + file);
        assertEquals(SegmentationType.LABELMAP, seg.type());
        assertEquals(SegReader.LABEL_MAP_SEGMENTATION_STORAGE, seg.sopClassUid());
        assertEquals("Background", seg.backgroundLabel());
        assertEquals(padding, seg.pixelPaddingValue());
        assertEquals(List.of(1), seg.segments().stream().map(Segment::number).toList());
        assertTrue(seg.frames().stream().allMatch(SegFrame::isLabelMap));
        SegMapping m = new SegReader().mapOnto(seg, ct("dcmqi/data/segmentations/24x38x3/image"));
        assertEquals(SegmentationType.BINARY, m.segments().type());
        BitMask liver = m.segments().mask(1);
        assertEquals(630, liver.count());
        assertEquals(315, liver.countSlice(0));
        assertEquals(0, liver.countSlice(1));
        assertEquals(315, liver.countSlice(2));
        assertArrayEquals(new int[] {4, 0, 0, 23, 19, 2}, liver.boundingBox());
        assertArrayEquals(new int[] {0, 2}, m.sliceOfFrame());
    }

    @Test
    void ownGridWithoutCtGivesTheSameMaskAsTheCtGrid() {
        SegDocument seg = read("radcttaceomics/1720/31_EQP_Ax5.00mm_ManualROI_Tumor.dcm");
        SegMapping own = new SegReader().mapOnto(seg);
        assertTrue(own.ownGrid());
        assertArrayEquals(new int[] {512, 512, 10}, own.geometry().size());
        assertEquals(5.0, own.geometry().spacingMm()[2], 1e-9);
        BitMask onCt = new SegReader().mapOnto(seg, ct("radcttaceomics/1720/31_EQP_Ax5.00mm")).segments().mask(1);
        BitMask onOwn = own.segments().mask(1);
        assertEquals(31858, onOwn.count());
        for (int k = 0; k < 10; k++) {
            assertArrayEquals(onCt.words(24 + k), onOwn.words(k), "k=" + k);
        }
        assertEquals(onCt.count() * onCt.geometry().voxelVolumeMl(), onOwn.count() * own.geometry().voxelVolumeMl(), 1e-9);
    }

    @Test
    void segWithoutPositionsIsPlacedByItsSourceReferencesOnlyWithACt() {
        SegDocument cr = read("highdicom/seg_image_cr_binary.dcm");
        assertFalse(cr.hasPlanePositions());
        assertNull(cr.orientation());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SegReader().mapOnto(cr));
        assertTrue(e.getMessage().contains("no plane positions"), e.getMessage());
        assertEquals(151, cr.pixelsOf(1));
    }

    @Test
    void highdicomCtSegFramesLandOnTheSlicesTheirSourcesName() {
        // CT2 holds 4 slices at z -99.48, 103.02, 104.27, 105.52: a 165-slice grid with a gap.
        Stack ct2 = ct("pydicom-data/dicomdirtests/77654033/CT2");
        SegMapping m = new SegReader().mapOnto(read("highdicom/seg_image_ct_binary.dcm"), ct2);
        assertArrayEquals(new int[] {162, 163, 164}, m.sliceOfFrame());
        assertTrue(m.warnings().stream().noneMatch(w -> w.contains("disagree")), m.warnings().toString());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("irregular")), m.warnings().toString());
        assertEquals(638, m.segments().mask(1).count());

        SegMapping overlap = new SegReader().mapOnto(read("highdicom/seg_image_ct_binary_overlap.dcm"), ct2);
        assertArrayEquals(new int[] {0, 162, 163, 164, 0, 162, 163, 164}, overlap.sliceOfFrame());
        assertEquals(64, overlap.segments().mask(1).count());
        assertEquals(16, overlap.segments().mask(2).count());
        assertTrue(overlap.segments().overlapping());
    }

    @Test
    void highdicomSingleFrameSegMapsOntoCtSmall() {
        SegMapping m = new SegReader().mapOnto(read("highdicom/seg_image_ct_binary_single_frame.dcm"),
                ct("pydicom-data/CT_small.dcm"));
        assertEquals(1832, m.segments().mask(1).count());
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
    }

    @Test
    void findSourceStackPicksTheReferencedAxialStackAndIgnoresSegsAndTheReformat() {
        SegDocument seg = read("radcttaceomics/0697/31_EQP_Ax5.00mm_ManualROI_Liver.dcm");
        ScanResult scan = new DicomScanner(2).scan(TestData.path("radcttaceomics/0697"), Progress.NONE,
                Cancellation.NONE);
        Stack st = SegReader.findSourceStack(seg, scan);
        assertEquals(44, st.slices().size());
        assertEquals(Stack.Role.PRIMARY, st.role());
        Path empty = TestData.path("pydicom-data/dicomdirtests/77654033/CR1");
        ScanResult cr = new DicomScanner(2).scan(empty, Progress.NONE, Cancellation.NONE);
        assertThrows(InvalidInputException.class, () -> SegReader.findSourceStack(seg, cr));
    }
}
