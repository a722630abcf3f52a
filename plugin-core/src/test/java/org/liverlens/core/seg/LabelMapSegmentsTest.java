package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liverlens.core.seg.LabelMapFixtures.DCMQI;
import static org.liverlens.core.seg.LabelMapFixtures.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/** Label maps ↔ segment sets, and the segments given to named labels. */
class LabelMapSegmentsTest {

    @Test
    void namedLabelsGetStandardCodes() {
        Segment liver = LabelMapSegments.segmentFor(1, "liver", AlgorithmType.MANUAL, null, null, 0);
        assertEquals(Codes.ANATOMICAL_STRUCTURE, liver.category());
        assertEquals(Codes.LIVER, liver.type());
        assertEquals("liver", liver.label());
        for (String name : new String[] {"tumour", "Tumor", "lesion"}) {
            Segment t = LabelMapSegments.segmentFor(2, name, AlgorithmType.MANUAL, null, null, 1);
            assertEquals(Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, t.category(), name);
            assertEquals(Codes.NEOPLASM, t.type(), name);
        }
        Segment spleen = LabelMapSegments.segmentFor(3, "spleen", AlgorithmType.AUTOMATIC, "TotalSegmentator", "2", 2);
        assertEquals(LabelMapSegments.TISSUE, spleen.category());
        assertEquals(LabelMapSegments.TISSUE, spleen.type());
        assertEquals("spleen", spleen.label());
        assertEquals("TotalSegmentator", spleen.algorithmName());
    }

    @Test
    void genericColoursAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            int[] lab = LabelMapSegments.segmentFor(1, "x" + i, AlgorithmType.MANUAL, null, null, i).cieLab();
            assertTrue(seen.add(java.util.Arrays.toString(lab)), "colour " + i + " repeats");
        }
        assertNotEquals(java.util.Arrays.toString(LabelMapSegments.segmentFor(1, "liver", AlgorithmType.MANUAL, null, null, 0)
                .cieLab()), java.util.Arrays.toString(LabelMapSegments.segmentFor(1, "x", AlgorithmType.MANUAL, null, null, 0)
                .cieLab()));
    }

    @Test
    void labelMapToSegmentsAndBackIsIdentity() {
        LabelVolume map = LabelMapIo.read(data(DCMQI + "liver_spine_seg.nrrd"));
        Map<Integer, Segment> byLabel = new LinkedHashMap<>();
        byLabel.put(1, LabelMapSegments.segmentFor(1, "liver", AlgorithmType.MANUAL, null, null, 0));
        byLabel.put(2, LabelMapSegments.segmentFor(2, "spine", AlgorithmType.MANUAL, null, null, 1));
        SegmentSet set = LabelMapSegments.toSegmentSet(map, byLabel);
        assertEquals(107098, set.mask(1).count());
        assertEquals(12439, set.mask(2).count());
        LabelVolume back = LabelMapSegments.toLabelVolume(set, LabelMapSegments.Overlap.REFUSE, Path.of("x"));
        assertTrue(back.sameLabels(map));
    }

    @Test
    void overlappingSegmentsAreRefusedUnlessTheFirstWins() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {8, 8, 2}, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        SegmentSet set = SegmentSet.binary(g);
        BitMask a = set.addBinary(LabelMapSegments.segmentFor(1, "liver", AlgorithmType.MANUAL, null, null, 0));
        BitMask b = set.addBinary(LabelMapSegments.segmentFor(2, "tumour", AlgorithmType.MANUAL, null, null, 1));
        a.set(2, 3, 1, true);
        a.set(3, 3, 1, true);
        b.set(3, 3, 1, true);
        b.set(4, 3, 1, true);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabelMapSegments.toLabelVolume(set, LabelMapSegments.Overlap.REFUSE, Path.of("s.dcm")));
        assertTrue(e.getMessage().contains("segment 2 (tumour) shares 1 voxel(s) with earlier segments, first at voxel (3, 3, 1) of segment 1 (liver)"),
                e.getMessage());
        LabelVolume first = LabelMapSegments.toLabelVolume(set, LabelMapSegments.Overlap.FIRST_WINS, Path.of("s.dcm"));
        assertEquals(1, first.get(3, 3, 1));
        assertEquals(2, first.get(4, 3, 1));
        assertEquals(1, first.get(2, 3, 1));
    }

    @Test
    void fractionalSegmentsCountFromHalf() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {4, 1, 1}, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        LabelVolume occupancy = new LabelVolume(g);
        occupancy.set(0, 0, 0, 127);
        occupancy.set(1, 0, 0, 128);
        occupancy.set(2, 0, 0, 255);
        SegmentSet set = LabelMapSegments.toFractionalSet(occupancy,
                LabelMapSegments.segmentFor(1, "liver", AlgorithmType.MANUAL, null, null, 0));
        assertEquals(SegmentationType.FRACTIONAL, set.type());
        assertEquals(FractionalType.OCCUPANCY, set.fractionalType());
        assertEquals(255, set.maxFractionalValue());
        assertEquals(128, set.fractional(1).get(1, 0, 0));
        LabelVolume back = LabelMapSegments.toLabelVolume(set, LabelMapSegments.Overlap.REFUSE, Path.of("f"));
        assertArrayEquals(new int[] {0, 1, 1, 0}, new int[] {back.get(0, 0, 0), back.get(1, 0, 0), back.get(2, 0, 0),
            back.get(3, 0, 0)});
    }

    @Test
    void labelVolumeCountsAndBoxes() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {5, 4, 3}, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        LabelVolume v = new LabelVolume(g);
        v.set(1, 2, 0, 7);
        v.set(4, 3, 2, 7);
        v.set(0, 0, 1, 65535);
        assertEquals(2, v.count(7));
        assertEquals(57, v.count(0));
        assertArrayEquals(new int[] {1, 2, 0, 4, 3, 2}, v.boundingBox(7));
        assertArrayEquals(new int[] {7, 65535}, v.labels());
        assertEquals(65535, v.maxLabel());
        assertEquals(null, v.boundingBox(3));
        BitMask m = v.mask(7);
        assertEquals(2, m.count());
        LabelVolume w = new LabelVolume(g);
        assertEquals(0, w.paint(m, 7));
        assertEquals(2, w.count(7));
        assertThrows(IllegalArgumentException.class, () -> v.set(0, 0, 0, 65536));
    }
}
