package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

/** What {@code send} accepts as input, and what it refuses before anything is queued. */
class InstanceScannerTest {
    @TempDir
    Path tmp;

    private static InstanceScanner.Result scan(Path... paths) {
        return new InstanceScanner().scan(List.of(paths), Progress.NONE, Cancellation.NONE);
    }

    @Test
    void headersGiveUidsTransferSyntaxAndWhereTheDatasetStarts() throws Exception {
        Path ct = TestData.path("pydicom-data/CT_small.dcm");
        DicomInstance d = scan(ct).instances().get(0);
        assertEquals("1.2.840.10008.5.1.4.1.1.2", d.sopClassUid());
        assertEquals("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322", d.sopInstanceUid());
        assertEquals(TransferSyntaxes.EXPLICIT_LE, d.transferSyntaxUid());
        assertTrue(d.part10());
        // The dataset starts right after the meta group: its first element is in group 0008.
        byte[] b = Files.readAllBytes(ct);
        assertEquals(0x0008, (b[(int) d.datasetOffset()] & 0xff) | (b[(int) d.datasetOffset() + 1] & 0xff) << 8);
        assertEquals(Files.size(ct), d.bytes());
    }

    @Test
    void aNamedFileThatIsNotDicomStopsEverything() throws Exception {
        Path txt = ExportFixtures.notDicom(tmp);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> scan(TestData.path("pydicom-data/CT_small.dcm"), txt));
        assertEquals(3, e.exitCode());
        assertTrue(e.userMessage().contains(txt.toString()) && e.userMessage().contains("not a DICOM file"), e.userMessage());
    }

    @Test
    void inAFolderNonDicomFilesAndDicomdirsAreSkippedAndListed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("study"));
        Files.copy(TestData.path("pydicom-data/CT_small.dcm"), dir.resolve("ct.dcm"));
        ExportFixtures.notDicom(dir);
        AttributeList dicomdir = new AttributeList();
        Datasets.put(dicomdir, TagFromName.FileSetID, "TEST");
        FileMetaInformation.addFileMetaInformation(dicomdir, InstanceScanner.MEDIA_DIRECTORY, "1.2.3.4.5",
                TransferSyntaxes.EXPLICIT_LE, "TEST");
        try (OutputStream o = Files.newOutputStream(dir.resolve("DICOMDIR"))) {
            dicomdir.write(o, TransferSyntaxes.EXPLICIT_LE, true, true);
        }
        InstanceScanner.Result r = scan(dir);
        assertEquals(1, r.instances().size());
        assertEquals(2, r.skipped().size());
        assertTrue(r.skipped().stream().anyMatch(s -> s.reason().contains("DICOMDIR")), r.skipped().toString());
        assertTrue(r.skipped().stream().anyMatch(s -> s.reason().contains("not a DICOM file")), r.skipped().toString());
    }

    @Test
    void twoDifferentFilesWithOneSopInstanceUidAreRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> scan(TestData.path("pydicom-data/MR_small.dcm"), TestData.path("pydicom-data/MR_small_implicit.dcm")));
        assertTrue(e.getMessage().contains("same SOP Instance UID"), e.getMessage());
    }

    @Test
    void theSameFileGivenTwiceIsSentOnce() {
        Path ct = TestData.path("pydicom-data/CT_small.dcm");
        assertEquals(1, scan(ct, ct.getParent().resolve("./CT_small.dcm")).instances().size());
    }

    @Test
    void aTruncatedDicomFileInAFolderStopsEverything() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(TestData.path("pydicom-data/MR_truncated.dcm"), dir.resolve("MR_truncated.dcm"));
        Files.copy(TestData.path("pydicom-data/CT_small.dcm"), dir.resolve("ct.dcm"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> scan(dir));
        assertTrue(e.userMessage().contains("MR_truncated.dcm"), e.userMessage());
    }

    @Test
    void aFolderWithoutDicomIsInvalidInput() throws Exception {
        ExportFixtures.notDicom(tmp);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> scan(tmp));
        assertTrue(e.getMessage().contains("no DICOM instances"), e.getMessage());
    }
}
