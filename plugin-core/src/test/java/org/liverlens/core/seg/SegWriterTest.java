package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

class SegWriterTest {
    @TempDir
    Path tmp;

    static Stack ct0697() {
        return new DicomScanner(2).scan(TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm"), Progress.NONE,
                Cancellation.NONE).series().stream().filter(s -> "CT".equals(s.modality())).findFirst().orElseThrow()
                .primaryStack().orElseThrow();
    }

    @Test
    void onRealCtOnlyTheSourcesOwnInvalidUidsAreReported() throws Exception {
        // radcttaceomics has non-conformant Study/Series UIDs (MANIFEST): a SEG must reference them as they are.
        Stack ct = ct0697();
        SegmentSet set = SegFixtures.liverAndLesions(ct.geometry());
        Path out = tmp.resolve("seg.dcm");
        SegWriter.Result r = new SegWriter().write(set, ct, SegWriterOptions.defaults(), out);
        assertTrue(r.frames() > 0);
        Dciodvfy.Report report = Dciodvfy.validate(out);
        for (String e : report.errors()) {
            assertTrue(e.contains("Illegal root for UID = <1801040320200103051513090319.697.3"), report.output());
        }
        assertEquals(2, report.errors().size(), report.output());
    }
}
