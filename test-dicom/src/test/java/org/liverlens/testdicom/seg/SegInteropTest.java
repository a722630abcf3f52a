package org.liverlens.testdicom.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.Peers;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.FractionalMask;
import org.liverlens.core.seg.FractionalType;
import org.liverlens.core.seg.SegFixtures;
import org.liverlens.core.seg.SegMasks;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.Label;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;

/**
 * SEGs we write on synthetic CTs (valid UIDs, any size) pass dciodvfy with no errors, and pydicom
 * and dcmjs (OHIF's segmentation adapter) reconstruct exactly our masks.
 */
class SegInteropTest {
    @TempDir
    Path tmp;

    record Case(SyntheticCt ct, Stack stack, Path dir) {
    }

    private Case ct(int columns, int rows, int slices, int lesions) {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSeed(11).withSize(columns, rows, slices)
                .withSpacing(380.0 / columns, 5.0).withRandomLesions(lesions).withLesionDiameterRange(15, 40);
        SyntheticCt ct = new SyntheticCt(p);
        Path dir = tmp.resolve("ct" + columns + "x" + rows + "x" + slices);
        new SyntheticCtWriter(2).write(ct, dir, tmp.resolve("gt" + columns), Progress.NONE);
        Stack stack = new DicomScanner(2).scan(dir, Progress.NONE, Cancellation.NONE).series().get(0).primaryStack()
                .orElseThrow();
        return new Case(ct, stack, dir);
    }

    /** Liver (with its lesions, as radiologists outline it) plus one segment per lesion: they overlap. */
    private static SegmentSet liverAndLesions(Case c, int lesions) {
        VolumeGeometry g = c.stack().geometry();
        SegmentSet set = SegmentSet.binary(g);
        BitMask liver = set.addBinary(SegFixtures.liver());
        BitMask[] lesion = new BitMask[lesions];
        for (int l = 0; l < lesions; l++) {
            lesion[l] = set.addBinary(SegFixtures.lesion(l + 2));
        }
        SyntheticCt.SliceBuffers b = c.ct().newBuffers();
        for (int k = 0; k < g.slices(); k++) {
            c.ct().renderSlice(k, b);
            for (int p = 0; p < b.labels.length; p++) {
                int label = b.labels[p];
                if (label == Label.LIVER.value() || label == Label.LIVER_LESION.value()) {
                    liver.setIndex(k, p);
                }
                int id = b.lesionIds[p];
                if (id > 0 && id <= lesions) {
                    lesion[id - 1].setIndex(k, p);
                }
            }
        }
        return set;
    }

    private Path writeAndCheck(SegmentSet set, Case c, String name, boolean dcmjs) throws Exception {
        Path seg = tmp.resolve(name);
        new SegWriter().write(set, c.stack(), SegWriterOptions.defaults(), seg);
        Dciodvfy.Report report = Dciodvfy.validate(seg);
        assertEquals(List.of(), report.errors(), report.output());
        var ours = SegMasks.of(set);
        assertEquals(ours, SegMasks.of(Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py", seg.toString(),
                c.dir().toString())), "pydicom");
        if (dcmjs) {
            assertEquals(ours, SegMasks.of(Peers.dcmjsSegMasks(seg, c.dir())), "dcmjs");
        }
        return seg;
    }

    @Test
    void singleSegment() throws Exception {
        Case c = ct(96, 96, 12, 0);
        SegmentSet set = liverAndLesions(c, 0);
        assertTrue(set.mask(1).count() > 1000);
        writeAndCheck(set, c, "single.dcm", true);
    }

    @Test
    void liverAndThreeOverlappingLesions() throws Exception {
        Case c = ct(128, 112, 24, 3);
        SegmentSet set = liverAndLesions(c, 3);
        assertTrue(set.overlapping());
        assertEquals(4, SegMasks.of(set).size(), "every lesion must be in view");
        writeAndCheck(set, c, "liver-lesions.dcm", true);
    }

    @Test
    void nonByteAlignedFrames99x99() throws Exception {
        Case c = ct(99, 99, 10, 1);
        assertEquals(1, (99 * 99) % 8);
        SegmentSet set = liverAndLesions(c, 1);
        writeAndCheck(set, c, "odd.dcm", true);
    }

    @Test
    void fractionalProbabilities() throws Exception {
        Case c = ct(64, 64, 8, 0);
        SegmentSet set = SegmentSet.fractional(c.stack().geometry(), FractionalType.PROBABILITY, 255);
        FractionalMask m = set.addFractional(SegFixtures.liver());
        SyntheticCt.SliceBuffers b = c.ct().newBuffers();
        long nonZero = 0;
        for (int k = 0; k < 8; k++) {
            c.ct().renderSlice(k, b);
            byte[] s = m.slice(k);
            for (int p = 0; p < s.length; p++) {
                if (b.labels[p] == Label.LIVER.value()) {
                    s[p] = (byte) (128 + (p % 128));
                    nonZero++;
                }
            }
        }
        assertTrue(nonZero > 1000, "the liver must be in view, or nothing is compared: " + nonZero + " voxels");
        Path seg = writeAndCheck(set, c, "fractional.dcm", false); // dcmjs's adapter does not read fractional SEGs
        assertFractionalValuesMatchPydicom(m, 255, c.stack().geometry(), seg);
    }

    /**
     * pydicom's stored values of every frame, as probabilities (value / MaximumFractionalValue), equal
     * ours within one quantisation step; slices without a frame must be empty in ours.
     */
    private static void assertFractionalValuesMatchPydicom(FractionalMask ours, int oursMax, VolumeGeometry g, Path seg)
            throws Exception {
        JsonNode peer = Peers.pydicom("/org/liverlens/testdicom/seg/pydicom_seg_frames.py", seg.toString());
        assertEquals("FRACTIONAL", peer.get("type").asText());
        int max = peer.get("maxFractionalValue").asInt();
        double step = 1.0 / Math.min(max, oursMax);
        boolean[] seen = new boolean[g.slices()];
        long compared = 0;
        for (JsonNode frame : peer.get("frames")) {
            JsonNode pos = frame.get("position");
            double[] voxel = g.toVoxel(pos.get(0).asDouble(), pos.get(1).asDouble(), pos.get(2).asDouble());
            int k = (int) Math.round(voxel[2]);
            assertTrue(Math.abs(voxel[2] - k) < 1e-3 && k >= 0 && k < g.slices(), "frame off the CT grid: " + pos);
            seen[k] = true;
            byte[] expected = ours.slice(k);
            JsonNode values = frame.get("values");
            assertEquals(expected.length, values.size(), "pixels of the frame on slice " + k);
            for (int p = 0; p < expected.length; p++) {
                double want = (expected[p] & 0xff) / (double) oursMax;
                double got = values.get(p).asInt() / (double) max;
                if (Math.abs(want - got) > step) {
                    throw new AssertionError("slice " + k + ", pixel " + p + ": ours " + want + ", pydicom " + got);
                }
                compared += expected[p] != 0 ? 1 : 0;
            }
        }
        for (int k = 0; k < g.slices(); k++) {
            assertTrue(seen[k] || ours.isSliceEmpty(k), "no frame for slice " + k + ", which has values");
        }
        assertTrue(compared > 1000, "non-zero values compared: " + compared);
    }

    @Test
    void fullSize512x512x200() throws Exception {
        Case c = ct(512, 512, 200, 3);
        SegmentSet set = liverAndLesions(c, 3);
        writeAndCheck(set, c, "big.dcm", true);
    }
}
