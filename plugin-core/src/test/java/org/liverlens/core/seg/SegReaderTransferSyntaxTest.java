package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.liverlens.core.volume.BitMask;

/**
 * The liver SEG in every transfer syntax the shared data holds decodes to the same mask as its
 * Explicit VR Little Endian twin: 107098 voxels, 36233 / 35645 / 35220 per frame (READMEs of
 * pydicom-data and derived).
 */
class SegReaderTransferSyntaxTest {

    static Stream<String> fullSize() {
        return Stream.of("pydicom-data/liver.dcm", "pydicom-data/liver_expb.dcm", "pydicom-data/liver_deflate.dcm",
                "pydicom-data/liver_j2k.dcm", "derived/seg_liver_512_explicit_le.dcm",
                "derived/seg_liver_512_implicit_le.dcm", "derived/seg_liver_512_explicit_be.dcm",
                "derived/seg_liver_512_deflate.dcm", "derived/seg_liver_512_rle.dcm");
    }

    static Stream<String> nonByteAligned() {
        return Stream.of("pydicom-data/liver_nonbyte_aligned.dcm", "pydicom-data/liver_nonbyte_aligned_deflate.dcm",
                "pydicom-data/liver_nonbyte_aligned_j2k.dcm", "derived/seg_liver_510_explicit_le.dcm",
                "derived/seg_liver_510_implicit_le.dcm", "derived/seg_liver_510_explicit_be.dcm",
                "derived/seg_liver_510_deflate.dcm", "derived/seg_liver_510_rle.dcm");
    }

    private static void assertLiverFrames(SegDocument seg) {
        assertEquals(3, seg.numberOfFrames());
        assertEquals(36233, seg.frames().get(0).pixels().countNonZero());
        assertEquals(35645, seg.frames().get(1).pixels().countNonZero());
        assertEquals(35220, seg.frames().get(2).pixels().countNonZero());
        assertEquals(107098, seg.pixelsOf(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullSize")
    void everyTransferSyntaxOf512DecodesToTheTwinsMaskOnTheCt(String file) {
        SegDocument seg = SegReaderTest.read(file);
        assertLiverFrames(seg);
        var ct = SegReaderTest.ct("dcmqi/data/segmentations/ct-3slice");
        BitMask twin = new SegReader().mapOnto(SegReaderTest.read("derived/seg_liver_512_explicit_le.dcm"), ct)
                .segments().mask(1);
        BitMask mask = new SegReader().mapOnto(seg, ct).segments().mask(1);
        assertEquals(twin, mask);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(twin.words(k), mask.words(k), "k=" + k);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonByteAligned")
    void everyTransferSyntaxOf510DecodesToTheTwinsMask(String file) {
        // 510×510 frames are not byte-aligned: natively frame 2 starts in the middle of a byte.
        SegDocument seg = SegReaderTest.read(file);
        assertEquals(510, seg.rows());
        assertLiverFrames(seg);
        BitMask twin = new SegReader().mapOnto(SegReaderTest.read("derived/seg_liver_510_explicit_le.dcm"))
                .segments().mask(1);
        BitMask mask = new SegReader().mapOnto(seg).segments().mask(1);
        assertEquals(twin, mask);
        assertArrayEquals(new int[] {79, 145, 0, 350, 366, 2}, mask.boundingBox());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pydicom-data/liver.dcm, 1.2.840.10008.1.2.1",
        "pydicom-data/liver_expb.dcm, 1.2.840.10008.1.2.2",
        "pydicom-data/liver_deflate.dcm, 1.2.840.10008.1.2.8.1",
        "pydicom-data/liver_j2k.dcm, 1.2.840.10008.1.2.4.90",
        "derived/seg_liver_512_implicit_le.dcm, 1.2.840.10008.1.2",
        "derived/seg_liver_512_deflate.dcm, 1.2.840.10008.1.2.1.99",
        "derived/seg_liver_512_rle.dcm, 1.2.840.10008.1.2.5"})
    void theTransferSyntaxIsReported(String file, String ts) {
        assertEquals(ts, SegReaderTest.read(file).transferSyntaxUid());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pydicom-data/liver_1frame.dcm", "pydicom-data/liver_expb_1frame.dcm"})
    void singleFrameWithoutNumberOfFramesIsReadAsOneFrame(String file) {
        SegDocument seg = SegReaderTest.read(file);
        assertEquals(1, seg.numberOfFrames());
        assertEquals(36233, seg.pixelsOf(1));
        assertTrue(seg.warnings().stream().anyMatch(w -> w.contains("NumberOfFrames (0028,0008) is missing")
                && w.contains("3 items")), seg.warnings().toString());
        var ct = SegReaderTest.ct("dcmqi/data/segmentations/ct-3slice");
        BitMask mask = new SegReader().mapOnto(seg, ct).segments().mask(1);
        BitMask twin = new SegReader().mapOnto(SegReaderTest.read("pydicom-data/liver.dcm"), ct).segments().mask(1);
        assertArrayEquals(twin.words(0), mask.words(0));
        assertTrue(mask.isSliceEmpty(1) && mask.isSliceEmpty(2));
    }
}
