package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Peers;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.Stack;

/** pydicom and dcmjs (OHIF's library, its segmentation adapter) reconstruct our SEG masks exactly. */
class IndependentReadersTest {
    static final Path CT = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm");

    @TempDir
    Path tmp;

    @Test
    void overlappingLiverAndLesionsAreReconstructedExactlyByPydicomAndDcmjs() throws Exception {
        Stack ct = SegWriterTest.ct0697();
        SegmentSet set = SegFixtures.liverAndLesions(ct.geometry());
        Path seg = tmp.resolve("seg.dcm");
        new SegWriter().write(set, ct, SegWriterOptions.defaults(), seg);
        var ours = SegMasks.of(set);
        assertEquals(4, ours.size());
        assertEquals(ours, SegMasks.of(Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py", seg.toString(), CT.toString())));
        assertEquals(ours, SegMasks.of(Peers.dcmjsSegMasks(seg, CT)));
    }

    @Test
    void fractionalSegIsReconstructedByPydicom() throws Exception {
        Stack ct = SegWriterTest.ct0697();
        SegmentSet set = SegmentSet.fractional(ct.geometry(), FractionalType.PROBABILITY, 255);
        FractionalMask liver = set.addFractional(SegFixtures.liver());
        for (int k = 20; k < 24; k++) {
            for (int j = 200; j < 260; j++) {
                for (int i = 100; i < 180; i++) {
                    liver.set(i, j, k, (i + j + k) % 256);
                }
            }
        }
        Path seg = tmp.resolve("fractional.dcm");
        new SegWriter().write(set, ct, SegWriterOptions.defaults(), seg);
        assertEquals(SegMasks.of(set), SegMasks.of(Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py", seg.toString(),
                CT.toString())));
    }
}
