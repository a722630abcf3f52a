package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.TestData;
import org.liverlens.core.volume.VolumeGeometry;

/** SEG records holding arrays compare, hash and print by the arrays' values, not their identity. */
class ValueEqualityTest {

    private static Segment liver(int l) {
        return Segment.automatic(1, "Liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER, "test", "1",
                new int[] {l, 32768, 32768});
    }

    @Test
    void segmentsWithEqualColoursAreEqual() {
        assertEquals(liver(40000), liver(40000));
        assertEquals(liver(40000).hashCode(), liver(40000).hashCode());
        assertNotEquals(liver(40000), liver(40001));
        assertTrue(liver(40000).toString().contains("cieLab=[40000, 32768, 32768]"), liver(40000).toString());
    }

    @Test
    void framesWithEqualPositionsAndPixelsAreEqual() {
        SegFrame a = new SegFrame(0, 1, new double[] {1, 2, 3}, List.of(), FramePixels.ofBytes(new byte[] {0, 1}));
        SegFrame b = new SegFrame(0, 1, new double[] {1, 2, 3}, List.of(), FramePixels.ofBytes(new byte[] {0, 1}));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new SegFrame(0, 1, new double[] {1, 2, 4}, List.of(), FramePixels.ofBytes(new byte[] {0, 1})));
        assertNotEquals(a, new SegFrame(0, 1, new double[] {1, 2, 3}, List.of(), FramePixels.ofBytes(new byte[] {1, 1})));
    }

    @Test
    void fragmentsWithEqualBytesAreEqual() {
        EncapsulatedFragments.Fragments a = new EncapsulatedFragments.Fragments(new long[] {0}, List.of(new byte[] {1, 2}),
                new long[] {8});
        assertEquals(a, new EncapsulatedFragments.Fragments(new long[] {0}, List.of(new byte[] {1, 2}), new long[] {8}));
        assertEquals(a.hashCode(),
                new EncapsulatedFragments.Fragments(new long[] {0}, List.of(new byte[] {1, 2}), new long[] {8}).hashCode());
        assertNotEquals(a, new EncapsulatedFragments.Fragments(new long[] {0}, List.of(new byte[] {1, 3}), new long[] {8}));
    }

    @Test
    void oneSegReadTwiceGivesEqualDocuments() {
        SegReader reader = new SegReader();
        SegDocument a = reader.read(TestData.path("dcmqi/data/segmentations/liver.dcm"));
        SegDocument b = reader.read(TestData.path("dcmqi/data/segmentations/liver.dcm"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void mappingsWithEqualSliceIndicesAreEqual() {
        SegmentSet set = SegmentSet.binary(VolumeGeometry.axial(new int[] {2, 2, 2}, new double[3], new double[] {1, 1, 1}));
        SegMapping a = new SegMapping(set, new int[] {0, 1}, List.of(), true);
        assertEquals(a, new SegMapping(set, new int[] {0, 1}, List.of(), true));
        assertEquals(a.hashCode(), new SegMapping(set, new int[] {0, 1}, List.of(), true).hashCode());
        assertNotEquals(a, new SegMapping(set, new int[] {1, 0}, List.of(), true));
        assertTrue(a.toString().contains("sliceOfFrame=[0, 1]"), a.toString());
    }
}
