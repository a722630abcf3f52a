package org.liverlens.core.export;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.liverlens.core.TestData;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.dicom.UidGenerator;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** Real files of the shared test data, and real files made deliberately wrong, for the export tests. */
public final class ExportFixtures {
    private ExportFixtures() {
    }

    /** A 44-slice CT series (radcttaceomics case 0697, axial 5 mm). */
    public static List<Path> ctSeries() throws Exception {
        try (Stream<Path> s = Files.list(TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm"))) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** A DICOM SEG (pydicom's test data). */
    public static Path seg() {
        return TestData.path("pydicom-data/liver.dcm");
    }

    /**
     * A copy of pydicom's CT_small.dcm with a new SOP Instance UID and without Series Instance
     * UID (0020,000E): valid enough to send, but Orthanc refuses to store it.
     */
    public static Path withoutSeriesUid(Path dir) throws Exception {
        return changedCtSmall(dir.resolve("no-series-uid.dcm"), list -> list.remove(TagFromName.SeriesInstanceUID));
    }

    /** A copy of CT_small.dcm (new UIDs) claiming a private SOP Class no PACS knows. */
    public static Path unknownSopClass(Path dir) throws Exception {
        return changedCtSmall(dir.resolve("private-sop-class.dcm"),
                list -> Datasets.put(list, TagFromName.SOPClassUID, "1.2.826.0.1.3680043.10.1234.1"));
    }

    private static Path changedCtSmall(Path out, Consumer<AttributeList> change) throws Exception {
        AttributeList list = DicomFiles.readAll(TestData.path("pydicom-data/CT_small.dcm"));
        change.accept(list);
        Datasets.put(list, TagFromName.SOPInstanceUID, new UidGenerator().next());
        DicomFiles.write(list, out, TransferSyntaxes.EXPLICIT_LE);
        return out;
    }

    /** CT_small.dcm (new SOP Instance UID) as a bare Implicit VR Little Endian dataset: no preamble, no meta information. */
    public static Path bareDataset(Path dir) throws Exception {
        AttributeList list = DicomFiles.readAll(TestData.path("pydicom-data/CT_small.dcm"));
        list.removeMetaInformationHeaderAttributes();
        Datasets.put(list, TagFromName.SOPInstanceUID, new UidGenerator().next());
        Path out = dir.resolve("bare-dataset.dcm");
        try (java.io.OutputStream o = Files.newOutputStream(out)) {
            list.write(o, TransferSyntaxes.IMPLICIT_LE, false, true);
        }
        return out;
    }

    /** The instances of files and folders, as {@code send} reads them. */
    public static List<DicomInstance> read(List<Path> files) {
        return new InstanceScanner().scan(files, Progress.NONE, Cancellation.NONE).instances();
    }

    /** A file that is not DICOM at all. */
    public static Path notDicom(Path dir) throws Exception {
        Path out = dir.resolve("notes.txt");
        Files.writeString(out, "not an image\n".repeat(20));
        return out;
    }
}
