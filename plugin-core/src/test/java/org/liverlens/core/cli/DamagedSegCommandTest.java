package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.cli.InfoCommandTest.Run;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.seg.SegFixtures;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * A SEG whose geometry is damaged (zero or negative PixelSpacing, a zero or degenerate
 * ImageOrientationPatient, a 65535 × 65535 matrix) is refused with exit code 3 naming the file and
 * the attribute by every command that reads SEGs, never read into a crash (exit 1). The SEGs are
 * written by our writer on a real CT and then changed in one attribute through PixelMed.
 */
class DamagedSegCommandTest {
    private static final String CT = "dcmqi/data/segmentations/ct-3slice";

    @TempDir
    static Path tmp;
    private static Path valid;

    @BeforeAll
    static void writeValidSeg() {
        Stack ct = new DicomScanner(2).scan(TestData.path(CT), Progress.NONE, Cancellation.NONE).series().stream()
                .filter(s -> "CT".equals(s.modality())).findFirst().orElseThrow().primaryStack().orElseThrow();
        valid = tmp.resolve("valid.dcm");
        new SegWriter().write(SegFixtures.liverAndLesions(ct.geometry()), ct, SegWriterOptions.defaults(), valid);
    }

    /** The valid SEG with one change, written next to it. */
    private static Path changed(String name, Consumer<AttributeList> change) throws Exception {
        AttributeList list = DicomFiles.readAll(valid);
        change.accept(list);
        Path out = tmp.resolve(name + ".dcm");
        DicomFiles.write(list, out, TransferSyntaxes.EXPLICIT_LE);
        return out;
    }

    private static AttributeList sharedItem(AttributeList list, AttributeTag sequence) {
        AttributeList shared = ((SequenceAttribute) list.get(TagFromName.SharedFunctionalGroupsSequence)).getItem(0)
                .getAttributeList();
        return ((SequenceAttribute) shared.get(sequence)).getItem(0).getAttributeList();
    }

    private static Path withPixelSpacing(String name, double... spacing) throws Exception {
        return changed(name, l -> Datasets.putDecimals(sharedItem(l, TagFromName.PixelMeasuresSequence),
                TagFromName.PixelSpacing, spacing));
    }

    private static Path withOrientation(String name, double... cosines) throws Exception {
        return changed(name, l -> Datasets.putDecimals(sharedItem(l, TagFromName.PlaneOrientationSequence),
                TagFromName.ImageOrientationPatient, cosines));
    }

    /** Runs seg info (with and without the CT), seg export and measure: each must refuse with exit 3. */
    private static void everyCommandRefuses(Path seg, String... expected) {
        String ct = TestData.path(CT).toString();
        Run[] runs = {
            InfoCommandTest.run("seg", "info", seg.toString()),
            InfoCommandTest.run("seg", "info", seg.toString(), "--ct", ct),
            InfoCommandTest.run("seg", "export", seg.toString(), "--ct", ct, "-o",
                    tmp.resolve(seg.getFileName() + ".nii.gz").toString()),
            InfoCommandTest.run("measure", ct, "--seg", seg.toString()),
        };
        for (Run r : runs) {
            assertEquals(3, r.exitCode(), r.err());
            assertFalse(r.err().contains("internal error"), r.err());
            assertTrue(r.err().contains(seg.toString()), r.err());
            for (String e : expected) {
                assertTrue(r.err().contains(e), "'" + e + "' missing from: " + r.err());
            }
        }
        assertFalse(Files.exists(tmp.resolve(seg.getFileName() + ".nii.gz")));
    }

    @Test
    void theValidSegIsReadByEveryCommand() {
        String ct = TestData.path(CT).toString();
        assertEquals(0, InfoCommandTest.run("seg", "info", valid.toString()).exitCode());
        assertEquals(0, InfoCommandTest.run("measure", ct, "--seg", valid.toString()).exitCode());
    }

    @Test
    void zeroPixelSpacingIsRefused() throws Exception {
        everyCommandRefuses(withPixelSpacing("spacing-zero", 0, 0), "PixelSpacing (0028,0030) is 0\\0",
                "must be positive", "export the SEG again");
    }

    @Test
    void negativePixelSpacingIsRefused() throws Exception {
        everyCommandRefuses(withPixelSpacing("spacing-negative", -0.8, 0.8), "PixelSpacing (0028,0030)",
                "must be positive");
    }

    @Test
    void zeroImageOrientationIsRefused() throws Exception {
        everyCommandRefuses(withOrientation("orientation-zero", 0, 0, 0, 0, 0, 0),
                "ImageOrientationPatient (0020,0037)", "zero vector");
    }

    @Test
    void parallelImageOrientationIsRefused() throws Exception {
        everyCommandRefuses(withOrientation("orientation-parallel", 1, 0, 0, 1, 0, 0),
                "ImageOrientationPatient (0020,0037)", "parallel");
    }

    @Test
    void a65535By65535MatrixIsRefused() throws Exception {
        Path seg = changed("matrix-65535", l -> {
            Datasets.put(l, TagFromName.Rows, 65535);
            Datasets.put(l, TagFromName.Columns, 65535);
        });
        everyCommandRefuses(seg, "Rows (0028,0010) 65535", "Columns (0028,0011) 65535");
    }

    @Test
    void aMissingSegIsSaidToBeMissing() {
        Path missing = tmp.resolve("no-such-seg.dcm");
        Run r = InfoCommandTest.run("seg", "info", missing.toString());
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains(missing + ": no such file"), r.err());
        assertFalse(r.err().contains("truncated"), r.err());
    }

    @Test
    void aFolderGivenAsSegIsSaidToBeAFolder() {
        Run r = InfoCommandTest.run("seg", "info", tmp.toString());
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("is a folder, not a SEG file"), r.err());
    }
}
