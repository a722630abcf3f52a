package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.liverlens.core.work.InvalidInputException;

/** highdicom's SEGs: per-segment and per-frame sums from highdicom/README.md. */
class SegReaderHighdicomTest {
    private static final String CONTROL = "14 0 23 22 30 31 28 23 32 29 25 28 27 28 20 31 31 27 44 30";
    private static final String DOTS = "0 4 4 4 0 0 0 0 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4 8 4 4 4 8 4 4 4 4 4 "
            + "8 4 8 4 4 4 4 4 4 8";

    private static long[] perSegment(SegDocument seg) {
        return seg.segments().stream().mapToLong(s -> seg.pixelsOf(s.number())).toArray();
    }

    private static long[] perFrame(SegDocument seg) {
        return seg.frames().stream().mapToLong(f -> f.pixels().sum()).toArray();
    }

    private static long[] longs(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "seg_image_cr_binary.dcm, 1, 151",
        "seg_image_ct_binary.dcm, 3, 127 256 255",
        "seg_image_ct_binary_overlap.dcm, 8, 16 16 16 16 4 4 4 4",
        "seg_image_ct_binary_single_frame.dcm, 1, 1832"})
    void binarySegsHaveTheReadmesFrameSums(String file, int frames, String sums) {
        SegDocument seg = SegReaderTest.read("highdicom/" + file);
        assertEquals(SegmentationType.BINARY, seg.type());
        assertEquals(frames, seg.numberOfFrames());
        assertEquals(Arrays.toString(longs(sums)), Arrays.toString(perFrame(seg)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "seg_image_ct_binary_fractional.dcm, 162690, 638, 32385 65280 65025, 0 255",
        "seg_image_ct_true_fractional.dcm, 83136, 661, 17664 32768 32704, 0 64 128"})
    void fractionalSegsKeepTheirValues(String file, long sum, long nonZero, String frameSums, String values) {
        SegDocument seg = SegReaderTest.read("highdicom/" + file);
        assertEquals(SegmentationType.FRACTIONAL, seg.type());
        assertEquals(FractionalType.PROBABILITY, seg.fractionalType());
        assertEquals(255, seg.maxFractionalValue());
        assertEquals(Arrays.toString(longs(frameSums)), Arrays.toString(perFrame(seg)));
        assertEquals(sum, Arrays.stream(perFrame(seg)).sum());
        assertEquals(nonZero, seg.pixelsOf(1));
        TreeSet<Integer> seen = new TreeSet<>();
        for (SegFrame f : seg.frames()) {
            for (int p = 0; p < f.pixels().length(); p++) {
                seen.add(f.pixels().get(p));
            }
        }
        assertEquals(Arrays.stream(values.split(" ")).map(Integer::valueOf).toList(), seen.stream().toList());
        SegMapping m = new SegReader().mapOnto(seg, SegReaderTest.ct("pydicom-data/dicomdirtests/77654033/CT2"));
        assertEquals(SegmentationType.FRACTIONAL, m.segments().type());
        FractionalMask fm = m.segments().fractional(1);
        long onGrid = 0;
        for (int k = 0; k < m.geometry().slices(); k++) {
            for (byte b : fm.isSliceEmpty(k) ? new byte[0] : fm.slice(k)) {
                onGrid += b & 0xff;
            }
        }
        assertEquals(sum, onGrid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "seg_image_sm_control.dcm, 20, " + CONTROL,
        "seg_image_sm_numbers.dcm, 20, " + CONTROL,
        "seg_image_sm_dots.dcm, 62, " + DOTS,
        "seg_image_sm_dots_tiled_full.dcm, 1250, " + DOTS})
    void slideMicroscopySegsAreReadWithoutAGrid(String file, int frames, String sums) {
        SegDocument seg = SegReaderTest.read("highdicom/" + file);
        assertEquals(frames, seg.numberOfFrames());
        assertTrue(seg.slideMicroscopy());
        assertFalse(seg.hasPlanePositions());
        assertEquals(Arrays.toString(longs(sums)), Arrays.toString(perSegment(seg)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SegReader().mapOnto(seg));
        assertTrue(e.getMessage().contains("slide microscopy"), e.getMessage());
    }

    @Test
    void tiledFullFramesBelongToSegmentsInOrderSegmentSlowest() {
        SegDocument seg = SegReaderTest.read("highdicom/seg_image_sm_dots_tiled_full.dcm");
        assertEquals("TILED_FULL", seg.dimensionOrganizationType());
        for (SegFrame f : seg.frames()) {
            assertEquals(f.index() / 25 + 1, f.segmentNumber());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"seg_image_sm_control_labelmap.dcm, MONOCHROME2",
        "seg_image_sm_control_labelmap_palette_color.dcm, PALETTE COLOR"})
    void labelMapsCountEachSegmentNumber(String file, String photometric) {
        SegDocument seg = SegReaderTest.read("highdicom/" + file);
        assertEquals(SegmentationType.LABELMAP, seg.type());
        assertEquals(photometric, seg.photometricInterpretation());
        assertEquals("Background", seg.backgroundLabel());
        assertEquals(20, seg.segments().size());
        assertEquals(Arrays.toString(longs(CONTROL)), Arrays.toString(perSegment(seg)));
        long zeros = seg.frames().stream().mapToLong(f -> f.pixels().count(0)).sum();
        assertEquals(1477, zeros);
        assertEquals(6064, Arrays.stream(perFrame(seg)).sum());
    }

    @Test
    void segmentsKeepTheirAlgorithmAndCodes() {
        SegDocument seg = SegReaderTest.read("highdicom/seg_image_ct_binary_overlap.dcm");
        Segment second = seg.segment(2).orElseThrow();
        assertEquals("second segment", second.label());
        assertEquals(AlgorithmType.AUTOMATIC, second.algorithmType());
        assertEquals("test", second.algorithmName());
        assertEquals("v1.0", second.algorithmVersion());
        assertEquals(new CodedConcept("421060004", "SCT", "Spine"), second.type());
        assertTrue(seg.warnings().isEmpty(), seg.warnings().toString());
    }
}
