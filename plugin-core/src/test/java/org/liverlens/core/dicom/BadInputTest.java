package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.InvalidInputException;

/** Bad input gets a clear message, a documented exit code and never a silently wrong volume. */
class BadInputTest {
    private static final Path RADCT_0697 = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm");

    @TempDir
    Path tmp;

    @Test
    void nonDicomAndCorruptFilesAreSkippedAndListed() throws IOException {
        Files.copy(TestData.path("pydicom-data/CT_small.dcm"), tmp.resolve("CT_small.dcm"));
        Files.writeString(tmp.resolve("notes.txt"), "not an image");
        Files.copy(TestData.path("pydicom-data/zipMR.gz"), tmp.resolve("zipMR.gz"));
        Files.copy(TestData.path("pydicom-data/no_meta.dcm"), tmp.resolve("no_meta.dcm"));
        ScanResult scan = Volumes.scan(tmp);
        assertEquals(1, scan.series().size());
        assertEquals(3, scan.skipped().size());
        for (SkippedFile f : scan.skipped()) {
            assertTrue(f.reason().contains("not a DICOM file"), f.reason());
        }
    }

    @Test
    void truncatedFilesAreSkippedWithTheReason() throws IOException {
        Files.copy(TestData.path("pydicom-data/MR_truncated.dcm"), tmp.resolve("MR_truncated.dcm"));
        byte[] slice = Files.readAllBytes(RADCT_0697.resolve("dicom-00020.dcm"));
        Files.write(tmp.resolve("half.dcm"), java.util.Arrays.copyOf(slice, slice.length / 2));
        ScanResult scan = Volumes.scan(tmp);
        assertTrue(scan.series().isEmpty());
        assertEquals(2, scan.skipped().size());
        for (SkippedFile f : scan.skipped()) {
            assertTrue(f.reason().contains("truncated"), f.reason());
        }
    }

    @Test
    void truncatedPixelsAreRefusedWhenDecoding() throws IOException {
        // A file shortened by a few bytes passes the scan's conservative bound; decoding must still refuse it.
        byte[] slice = Files.readAllBytes(RADCT_0697.resolve("dicom-00020.dcm"));
        Path file = tmp.resolve("short.dcm");
        Files.write(file, java.util.Arrays.copyOf(slice, slice.length - 100));
        Object parsed = DicomScanner.parseOne(file);
        if (parsed instanceof SliceHeader h) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> VolumeLoader.decodeFile(file, h, new java.util.concurrent.atomic.AtomicLong()));
            assertTrue(e.userMessage().contains("short.dcm"), e.userMessage());
        } else {
            assertTrue(((SkippedFile) parsed).reason().contains("truncated"));
        }
    }

    @Test
    void emptyFolderIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Volumes.scan(tmp));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertEquals(3, e.exitCode());
    }

    @Test
    void missingFolderIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Volumes.scan(tmp.resolve("nope")));
        assertTrue(e.userMessage().contains("nope"), e.userMessage());
    }

    @Test
    void missingSliceIsReportedAsGapAndRefusedUnlessAllowed() throws IOException {
        copyAxial0697Except("dicom-00020.dcm"); // k = 25
        Stack stack = Volumes.onlyCtSeries(tmp).primaryStack().orElseThrow();
        assertEquals(43, stack.slices().size());
        assertTrue(stack.problems().stream().anyMatch(p -> p.code() == Problem.Code.GAP && p.blocking()
                && p.message().contains("1 slice(s) missing")));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Volumes.load(tmp));
        assertTrue(e.userMessage().contains("gap") && e.userMessage().contains("--allow-gaps"), e.userMessage());

        LoadedVolume allowed = Volumes.load(tmp, new LoadOptions(true));
        assertEquals(List.of(25), allowed.interpolatedSlices());
        HuVolume full = Volumes.load(RADCT_0697);
        HuVolume v = allowed.volume();
        assertArrayEquals(full.geometry().size(), v.geometry().size());
        assertArrayEquals(full.slice(24), v.slice(24));
        assertArrayEquals(full.slice(26), v.slice(26));
        int p = 322 * 512 + 153;
        assertEquals(Math.round((full.slice(24)[p] + full.slice(26)[p]) / 2.0), v.slice(25)[p], 1);
    }

    @Test
    void unevenSpacingIsReportedAndRefusedUnlessAllowed() throws IOException {
        copyAxial0697Except("dicom-00001.dcm");
        // Move k = 10 (dicom-00035) by 1.5 mm along z: not a gap, but not the 5 mm grid either.
        rewrite(RADCT_0697.resolve("dicom-00035.dcm"), tmp.resolve("dicom-00035.dcm"), list -> {
            double[] p = doubles(list, TagFromName.ImagePositionPatient);
            put(list, TagFromName.ImagePositionPatient, p[0] + "\\" + p[1] + "\\" + (p[2] + 1.5));
        });
        Stack stack = Volumes.onlyCtSeries(tmp).primaryStack().orElseThrow();
        assertTrue(stack.problems().stream().anyMatch(p -> p.code() == Problem.Code.UNEVEN_SPACING
                && p.file().endsWith("dicom-00035.dcm")), stack.problems().toString());
        assertThrows(InvalidInputException.class, () -> Volumes.load(tmp));
        LoadedVolume allowed = Volumes.load(tmp, new LoadOptions(true));
        assertEquals(44, allowed.volume().geometry().slices());
        assertEquals(List.of(10), allowed.interpolatedSlices());
    }

    @Test
    void nonCtModalityIsRefusedForVolumes() throws IOException {
        Files.copy(TestData.path("pydicom-data/MR_small.dcm"), tmp.resolve("MR_small.dcm"));
        SeriesInfo mr = Volumes.scan(tmp).series().get(0);
        assertTrue(mr.primaryStack().orElseThrow().problems().stream().anyMatch(p -> p.code() == Problem.Code.NOT_CT));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new VolumeLoader(1)
                .load(mr.primaryStack().orElseThrow(), LoadOptions.STRICT, org.liverlens.core.work.Progress.NONE,
                        org.liverlens.core.work.Cancellation.NONE));
        assertTrue(e.getMessage().contains("(0008,0060)") && e.getMessage().contains("MR"), e.getMessage());
    }

    @Test
    void imagesOfAnotherSizeInOneSeriesAreSplitAndReported() throws Exception {
        Path ct = TestData.path("pydicom-data/CT_small.dcm");
        Files.copy(ct, tmp.resolve("CT_small.dcm"));
        String seriesUid = DicomFiles.readHeader(ct).attributes().get(TagFromName.SeriesInstanceUID).getSingleStringValueOrEmptyString();
        rewrite(TestData.path("pydicom-data/dicomdirtests/77654033/CT2/17106"), tmp.resolve("small16"), list ->
                put(list, TagFromName.SeriesInstanceUID, seriesUid));
        SeriesInfo series = Volumes.onlyCtSeries(tmp);
        assertEquals(2, series.stacks().size());
        assertTrue(series.problems().stream().anyMatch(p -> p.code() == Problem.Code.MIXED_SIZE
                && p.message().contains("16×16")), series.problems().toString());
    }

    @Test
    void twoImagesAtOnePositionAreRefused() throws IOException {
        Path ct = TestData.path("pydicom-data/CT_small.dcm");
        Files.copy(ct, tmp.resolve("a.dcm"));
        rewrite(ct, tmp.resolve("b.dcm"), list -> put(list, TagFromName.SOPInstanceUID, new UidGenerator().next()));
        Stack stack = Volumes.onlyCtSeries(tmp).primaryStack().orElseThrow();
        assertTrue(stack.problems().stream().anyMatch(p -> p.code() == Problem.Code.DUPLICATE_POSITION));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Volumes.load(tmp));
        assertTrue(e.userMessage().contains("duplicate"), e.userMessage());
    }

    @Test
    void copiesOfOneInstanceAreUsedOnce() throws IOException {
        Files.copy(TestData.path("derived/ct_128_explicit_le.dcm"), tmp.resolve("a.dcm"));
        Files.copy(TestData.path("derived/ct_128_rle.dcm"), tmp.resolve("b.dcm"));
        ScanResult scan = Volumes.scan(tmp);
        assertEquals(1, scan.series().get(0).primaryStack().orElseThrow().slices().size());
        assertEquals(1, scan.skipped().size());
        assertTrue(scan.skipped().get(0).reason().contains("same SOP Instance UID"));
    }

    private void copyAxial0697Except(String omitted) throws IOException {
        try (var files = Files.list(RADCT_0697)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(omitted) && !name.equals("dicom-00001.dcm")) {
                    Files.copy(f, tmp.resolve(name));
                }
            }
        }
    }

    private static void rewrite(Path src, Path dst, Consumer<AttributeList> change) throws IOException {
        try {
            AttributeList list = DicomFiles.readAll(src);
            String ts = list.get(TagFromName.TransferSyntaxUID).getSingleStringValueOrEmptyString();
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();
            change.accept(list);
            Files.deleteIfExists(dst);
            DicomFiles.write(list, dst, ts.isEmpty() ? TransferSyntaxes.EXPLICIT_LE : ts);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException(e);
        }
    }

    private static double[] doubles(AttributeList list, AttributeTag tag) {
        try {
            return list.get(tag).getDoubleValues();
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(AttributeList list, AttributeTag tag, String value) {
        try {
            Attribute a = tag.equals(TagFromName.ImagePositionPatient) ? new DecimalStringAttribute(tag)
                    : new UniqueIdentifierAttribute(tag);
            for (String v : value.split("\\\\")) {
                a.addValue(v);
            }
            list.put(a);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }
}
