package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Peers;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** Round trips through our writer and reader, and agreement with others' files and readers. */
class SegRoundTripTest {
    @TempDir
    Path tmp;

    private static Stack ct(String relative) {
        return new DicomScanner(2).scan(TestData.path(relative), Progress.NONE, Cancellation.NONE).series().stream()
                .filter(s -> "CT".equals(s.modality())).findFirst().orElseThrow().primaryStack().orElseThrow();
    }

    @Test
    void writerThenReaderIsIdentity() throws Exception {
        Stack ct = SegWriterTest.ct0697();
        SegmentSet set = SegFixtures.liverAndLesions(ct.geometry());
        Path file = tmp.resolve("seg.dcm");
        new SegWriter().write(set, ct, SegWriterOptions.defaults(), file);
        SegReader reader = new SegReader();
        SegmentSet back = reader.mapOnto(reader.read(file), ct).segments();
        assertEquals(4, back.segments().size());
        for (Segment s : set.segments()) {
            Segment r = back.segment(s.number());
            assertEquals(s.label(), r.label());
            assertTrue(s.type().sameConceptAs(r.type()) && s.category().sameConceptAs(r.category()));
            assertEquals(s.algorithmType(), r.algorithmType());
            assertEquals(s.algorithmName(), r.algorithmName());
            assertEquals(java.util.Arrays.toString(s.cieLab()), java.util.Arrays.toString(r.cieLab()));
            assertEquals(set.mask(s.number()), back.mask(s.number()), "mask of segment " + s.number());
        }
    }

    @Test
    void fractionalWriterThenReaderIsIdentity() throws Exception {
        Stack ct = SegWriterTest.ct0697();
        SegmentSet set = SegmentSet.fractional(ct.geometry(), FractionalType.OCCUPANCY, 200);
        FractionalMask m = set.addFractional(SegFixtures.liver());
        for (int k = 10; k < 14; k++) {
            for (int p = 0; p < 512 * 512; p += 7) {
                m.slice(k)[p] = (byte) (p % 201);
            }
        }
        Path file = tmp.resolve("fractional.dcm");
        new SegWriter().write(set, ct, SegWriterOptions.defaults().withKeepEmptyFrames(true), file);
        SegReader reader = new SegReader();
        SegmentSet back = reader.mapOnto(reader.read(file), ct).segments();
        assertEquals(SegmentationType.FRACTIONAL, back.type());
        assertEquals(FractionalType.OCCUPANCY, back.fractionalType());
        assertEquals(200, back.maxFractionalValue());
        for (int k = 0; k < ct.geometry().slices(); k++) {
            assertEquals(java.util.Arrays.toString(m.slice(k)), java.util.Arrays.toString(back.fractional(1).slice(k)), "k=" + k);
        }
    }

    @Test
    void dcmqiLiverReadWrittenAndReadAgainEqualsDcmqisOwnLabelMap() throws Exception {
        Stack ct = ct("dcmqi/data/segmentations/ct-3slice");
        SegReader reader = new SegReader();
        SegmentSet dcmqi = reader.mapOnto(reader.read(TestData.path("dcmqi/data/segmentations/liver.dcm")), ct).segments();
        Path ours = tmp.resolve("liver-again.dcm");
        new SegWriter().write(dcmqi, ct, SegWriterOptions.defaults(), ours);
        SegmentSet again = reader.mapOnto(reader.read(ours), ct).segments();
        // Retired SRT codes come back as their current SCT codes.
        assertEquals(Codes.LIVER, again.segment(1).type());
        LabelVolume nrrd = LabelMapIo.read(TestData.path("dcmqi/data/segmentations/liver_seg.nrrd"));
        LabelVolume onCt = LabelMapAlignment.onto(nrrd, ct.geometry(), TestData.path("dcmqi/data/segmentations/liver_seg.nrrd"));
        assertEquals(107098, again.mask(1).count());
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 512; j++) {
                for (int i = 0; i < 512; i++) {
                    assertEquals(onCt.get(i, j, k) == 1, again.mask(1).get(i, j, k), "voxel " + i + "," + j + "," + k);
                }
            }
        }
    }

    @Test
    void realTumourSegsMatchPydicomVoxelForVoxel() throws Exception {
        for (String c : new String[] {"0697", "1720"}) {
            Path ctDir = TestData.path("radcttaceomics/" + c + "/31_EQP_Ax5.00mm");
            Stack ct = ct("radcttaceomics/" + c + "/31_EQP_Ax5.00mm");
            for (String what : new String[] {"Tumor", "Liver"}) {
                Path seg = TestData.path("radcttaceomics/" + c + "/31_EQP_Ax5.00mm_ManualROI_" + what + ".dcm");
                SegReader reader = new SegReader();
                SegmentSet ours = reader.mapOnto(reader.read(seg), ct).segments();
                assertEquals(SegMasks.of(ours), SegMasks.of(Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py",
                        seg.toString(), ctDir.toString())), c + " " + what);
            }
        }
    }
}
