package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.work.InvalidInputException;

/**
 * A user's labelled case for fine-tuning: CT + SEG(s) in one folder, segments mapped by code. The
 * radcttaceomics figures are the manual SEGs' voxel counts on the CT grid (docs/models.md).
 */
class LocalCasesTest {
    @TempDir
    Path tmp;

    /** A case folder of links to shared files (the test data stays where it is). */
    private Path caseOf(String name, Path ctDir, Path... segs) throws IOException {
        return TestData.linkedFolder(tmp.resolve(name), List.of(ctDir), segs);
    }

    @Test
    void radcttaceomicsLiverAndTumourComeFromTheirCodes() {
        LabelledCt c = LocalCases.read(TestData.path("radcttaceomics/0697"), n -> { });
        assertTrue(c.tumourLabelled());
        assertEquals(286_446, c.labels().count(Segmenter.LIVER) + c.labels().count(Segmenter.TUMOUR));
        assertEquals(728, c.labels().count(Segmenter.TUMOUR));
    }

    @Test
    void retiredSrtLiverCodeCountsAndAMissingTumourIsSaid() throws IOException {
        Path seg = TestData.path("dcmqi/data/segmentations");
        Path dir = caseOf("dcmqi", seg.resolve("ct-3slice"), seg.resolve("liver.dcm"));
        List<String> notes = new ArrayList<>();
        LabelledCt c = LocalCases.read(dir, notes::add);
        assertFalse(c.tumourLabelled());
        assertTrue(c.labels().count(Segmenter.LIVER) > 10_000, "liver voxels " + c.labels().count(Segmenter.LIVER));
        assertEquals(List.of(), notes);
    }

    @Test
    void aFolderWithoutSegIsRefusedWithWhatToDo() throws IOException {
        Path dir = caseOf("ct-only", TestData.path("dcmqi/data/segmentations/ct-3slice"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LocalCases.read(dir, n -> { }));
        assertTrue(e.getMessage().contains("no DICOM SEG under this case folder"), e.getMessage());
    }

    @Test
    void aSegWithoutLiverIsRefused() throws IOException {
        Path r = TestData.path("radcttaceomics/0697");
        Path dir = caseOf("tumour-only", r.resolve("31_EQP_Ax5.00mm"), r.resolve("31_EQP_Ax5.00mm_ManualROI_Tumor.dcm"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LocalCases.read(dir, n -> { }));
        assertTrue(e.getMessage().contains("no liver segment"), e.getMessage());
    }

    @Test
    void aFolderWithTwoCtSeriesIsRefused() throws IOException {
        caseOf("two/a", TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm"));
        caseOf("two/b", TestData.path("radcttaceomics/1720/31_EQP_Ax5.00mm"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LocalCases.read(tmp.resolve("two"), n -> { }));
        assertTrue(e.getMessage().contains("2 CT series under this case folder"), e.getMessage());
    }
}
