package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.Peers;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.seg.LabelMapIo;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** {@code liverlens seg import} and {@code seg export}: real label maps onto real CTs, checked by peers. */
class SegImportExportCommandTest {
    private static final String TS = "totalsegmentator/tests/reference_files/";
    private static final String DCMQI = "dcmqi/data/segmentations/";

    /** Liver voxels per k of TotalSegmentator's example_seg_dicom.nii.gz on its DICOM (README). */
    private static final long[] TS_LIVER_PER_K = {16512, 16917, 16917, 17358, 17697, 17697, 18064, 18064, 18311, 18539,
        18539, 18800, 19043, 19043, 19226, 19226, 19281, 19256, 19256, 18962};

    @TempDir
    Path tmp;

    private static InfoCommandTest.Run run(Object... args) {
        return InfoCommandTest.run(Stream.of(args).map(Object::toString).toArray(String[]::new));
    }

    private static Path data(String relative) {
        return TestData.path(relative);
    }

    private static JsonNode pydicom(Path seg, Path ct) throws Exception {
        return Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py", seg.toString(), ct.toString());
    }

    @Test
    void dcmqiLiverNrrdImportsToTheSamePixelsAsDcmqisOwnSeg() throws Exception {
        Path out = tmp.resolve("liver.dcm");
        Path ct = data(DCMQI + "ct-3slice");
        InfoCommandTest.Run r = run("seg", "import", data(DCMQI + "liver_seg.nrrd"), "--ct", ct, "--labels", "1=liver",
                "-o", out, "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("as a = i, b = j, c = k"), r.out());
        assertTrue(r.out().contains("segment 1 \"liver\" Liver: 107098 voxel(s)"), r.out());

        // dcmqi made liver.dcm from the same NRRD: the bit-packed frames must be identical.
        AttributeList ours = DicomFiles.readAll(out);
        AttributeList dcmqi = DicomFiles.readAll(data(DCMQI + "liver.dcm"));
        assertArrayEquals(dcmqi.get(TagFromName.PixelData).getByteValues(), ours.get(TagFromName.PixelData).getByteValues());
        assertEquals("BINARY", Attribute.getSingleStringValueOrEmptyString(ours, TagFromName.SegmentationType));
        AttributeList segment = ((SequenceAttribute) ours.get(TagFromName.SegmentSequence)).getItem(0).getAttributeList();
        assertEquals("MANUAL", Attribute.getSingleStringValueOrEmptyString(segment, TagFromName.SegmentAlgorithmType));
        AttributeList type = ((SequenceAttribute) segment.get(TagFromName.SegmentedPropertyTypeCodeSequence)).getItem(0)
                .getAttributeList();
        assertEquals("10200004", Attribute.getSingleStringValueOrEmptyString(type, TagFromName.CodeValue));

        JsonNode peer = pydicom(out, ct).get("segments").get("1");
        assertEquals(107098, peer.get("count").asLong());
        assertEquals(36233, peer.get("perSlice").get("0").asLong());

        // dciodvfy: the only error is the source CT's own empty SpecificCharacterSet, copied as the SEG must.
        Dciodvfy.Report report = Dciodvfy.validate(out);
        for (String e : report.errors()) {
            assertTrue(e.contains("SpecificCharacterSet"), report.output());
        }
        assertTrue(report.errors().size() <= 1, report.output());
        Dciodvfy.Report source = Dciodvfy.validate(data(DCMQI + "ct-3slice/01.dcm"));
        assertTrue(source.errors().stream().anyMatch(e -> e.contains("SpecificCharacterSet")), source.output());
    }

    @Test
    void importThenExportGivesTheSameLabelMap() throws Exception {
        Path ct = data(DCMQI + "ct-3slice");
        Path original = data(DCMQI + "liver_spine_seg.nrrd");
        Path seg = tmp.resolve("ls.dcm");
        assertEquals(0, run("seg", "import", original, "--ct", ct, "-o", seg, "--quiet").exitCode());
        for (String name : new String[] {"back.nrrd", "back.nii.gz", "back.nii"}) {
            Path back = tmp.resolve(name);
            InfoCommandTest.Run r = run("seg", "export", seg, "--ct", ct, "-o", back, "--quiet");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("label 2 = segment \"Label 2\": 12439 voxel(s)"), r.out());
            LabelVolume a = LabelMapIo.read(original);
            LabelVolume b = LabelMapIo.read(back);
            assertTrue(b.sameLabels(a), name);
            assertArrayEquals(a.geometry().originMm(), b.geometry().originMm(), 1e-5, name);
            assertArrayEquals(a.geometry().spacingMm(), b.geometry().spacingMm(), 1e-6, name);
        }
    }

    /** TotalSegmentator's DICOM with the empty Study/Series/SOP UIDs filled in, in a scratch folder. */
    private Path totalSegmentatorCtWithUids() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ts-ct"));
        try (Stream<Path> files = Files.list(data("totalsegmentator/derived/example_ct_dicom_explicit_vr_le"))) {
            for (Path f : files.toList()) {
                AttributeList l = DicomFiles.readAll(f);
                Datasets.put(l, TagFromName.StudyInstanceUID, "2.25.1001");
                Datasets.put(l, TagFromName.SeriesInstanceUID, "2.25.1002");
                Datasets.put(l, TagFromName.SOPClassUID,
                        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.MediaStorageSOPClassUID));
                Datasets.put(l, TagFromName.SOPInstanceUID,
                        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.MediaStorageSOPInstanceUID));
                DicomFiles.write(l, dir.resolve(f.getFileName()), TransferSyntaxes.EXPLICIT_LE);
            }
        }
        return dir;
    }

    @Test
    void totalSegmentatorLiverImportsWithItsRowFlip() throws Exception {
        Path map = data(TS + "example_seg_dicom.nii.gz");
        // The original DICOM has empty Study/Series UIDs: the SEG gets stand-ins (the same each time) and says so.
        Path standIn = tmp.resolve("stand-in.dcm");
        InfoCommandTest.Run withStandIns = run("seg", "import", map, "--ct", data(TS + "example_ct_dicom"), "--labels",
                "5=liver", "-o", standIn, "--quiet");
        assertEquals(0, withStandIns.exitCode(), withStandIns.err());
        assertTrue(withStandIns.err().contains("the source CT has an empty StudyInstanceUID (0020,000D)"),
                withStandIns.err());
        assertTrue(withStandIns.err().contains("empty SeriesInstanceUID (0020,000E)"), withStandIns.err());
        AttributeList standInSeg = DicomFiles.readAll(standIn);
        String standInStudy = Attribute.getSingleStringValueOrEmptyString(standInSeg, TagFromName.StudyInstanceUID);
        assertTrue(standInStudy.startsWith("2.25.") && standInStudy.length() <= 64, standInStudy);
        Path again = tmp.resolve("stand-in-again.dcm");
        assertEquals(0, run("seg", "import", map, "--ct", data(TS + "example_ct_dicom"), "--labels", "5=liver", "-o",
                again, "--quiet").exitCode());
        assertEquals(standInStudy, Attribute.getSingleStringValueOrEmptyString(DicomFiles.readAll(again),
                TagFromName.StudyInstanceUID));
        Dciodvfy.Report standInReport = Dciodvfy.validate(standIn);
        assertEquals(List.of(), standInReport.errors(), standInReport.output());

        Path ct = totalSegmentatorCtWithUids();
        Path seg = tmp.resolve("ts-liver.dcm");
        InfoCommandTest.Run r = run("seg", "import", map, "--ct", ct, "--labels", "5=liver", "-o", seg, "--quiet",
                "--algorithm-type", "AUTOMATIC", "--algorithm-name", "TotalSegmentator");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("as a = i, b = 511 − j, c = k"), r.out());
        assertTrue(r.out().contains("366708 voxel(s)"), r.out());
        assertTrue(r.err().contains("label value(s) [1, 6, 7,"), r.err()); // other organs left out, said so

        JsonNode peer = pydicom(seg, ct).get("segments").get("1");
        assertEquals(366708, peer.get("count").asLong());
        for (int k = 0; k < 20; k++) {
            assertEquals(TS_LIVER_PER_K[k], peer.get("perSlice").get(Integer.toString(k)).asLong(), "slice " + k);
        }
        Dciodvfy.Report report = Dciodvfy.validate(seg);
        assertEquals(List.of(), report.errors(), report.output());

        // Back to NIfTI on the CT grid: the CT's voxel order, the same voxels.
        Path back = tmp.resolve("ts-liver.nii.gz");
        assertEquals(0, run("seg", "export", seg, "--ct", ct, "-o", back, "--quiet").exitCode());
        LabelVolume exported = LabelMapIo.read(back);
        assertEquals(366708, exported.count(1));
        assertArrayEquals(new int[] {104, 190, 0, 281, 374, 19}, exported.boundingBox(1));
        VolumeGeometry g = exported.geometry();
        assertArrayEquals(new double[] {-249.51171875, -437.51171875, -804.5}, g.originMm(), 1e-4);
        assertArrayEquals(new double[] {0, 1, 0}, g.direction(1), 1e-9);
    }

    @Test
    void allLabelsBecomeSegmentsInAscendingOrder() throws Exception {
        Path seg = tmp.resolve("gapped.dcm");
        InfoCommandTest.Run r = run("seg", "import", data(DCMQI + "liver_spine_gapped_seg.nrrd"), "--ct",
                data(DCMQI + "ct-3slice"), "--labels", "5=spine,1=Liver", "-o", seg, "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("segment 1 \"Liver\" Liver: 107098"), r.out());
        assertTrue(r.out().contains("segment 2 \"spine\" Tissue: 12439"), r.out());
    }

    @Test
    void mapOnAnotherGridIsRefusedWithWhatDiffers() {
        Path out = tmp.resolve("x.dcm");
        InfoCommandTest.Run r = run("seg", "import", data(TS + "example_seg.nii.gz"), "--ct", data(TS + "example_ct_dicom"),
                "-o", out, "--quiet");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("example_seg.nii.gz: the label map's grid does not match the CT: size differs "
                + "(label map 122×101×30, CT 512×512×20); spacing differs"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void truncatedNiftiIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(data(TS + "example_seg_fast/liver.nii.gz"));
        Path cut = tmp.resolve("cut.nii.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 3));
        InfoCommandTest.Run r = run("seg", "import", cut, "--ct", data(DCMQI + "ct-3slice"), "-o", tmp.resolve("x.dcm"),
                "--quiet");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("cut.nii.gz: ") && r.err().contains("truncated"), r.err());
    }

    @Test
    void fractionalMapBecomesAnOccupancySeg() throws Exception {
        // A float32 probability map on the ct-3slice grid: 0.25 in a square on k = 1, 1.0 in a smaller one.
        ByteBuffer data = ByteBuffer.allocate(512 * 512 * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 200; j < 260; j++) {
            for (int i = 100; i < 180; i++) {
                float p = i >= 120 && i < 140 && j >= 210 && j < 230 ? 1f : 0.25f;
                data.putFloat(4 * (512 * 512 + j * 512 + i), p);
            }
        }
        Path map = tmp.resolve("prob.nrrd");
        String header = "NRRD0004\ntype: float\ndimension: 3\nspace: left-posterior-superior\nsizes: 512 512 3\n"
                + "space directions: (0.810547,0,0) (0,0.810547,0) (0,0,1)\nkinds: domain domain domain\n"
                + "endian: little\nencoding: raw\nspace origin: (-235.199997,-226.800003,-128.690002)\n\n";
        Files.write(map, concat(header.getBytes(StandardCharsets.US_ASCII), data.array()));
        Path ct = data(DCMQI + "ct-3slice");
        Path seg = tmp.resolve("frac.dcm");
        InfoCommandTest.Run r = run("seg", "import", map, "--ct", ct, "--fractional", "--labels", "1=liver", "-o", seg,
                "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        AttributeList l = DicomFiles.readAll(seg);
        assertEquals("FRACTIONAL", Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SegmentationType));
        assertEquals("OCCUPANCY", Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SegmentationFractionalType));
        assertEquals(255, Attribute.getSingleIntegerValueOrDefault(l, TagFromName.MaximumFractionalValue, 0));
        assertEquals(1, Attribute.getSingleIntegerValueOrDefault(l, TagFromName.NumberOfFrames, 0));
        byte[] pixels = l.get(TagFromName.PixelData).getByteValues();
        assertEquals(64, pixels[210 * 512 + 100] & 0xff);  // round(0.25 · 255)
        assertEquals(255, pixels[220 * 512 + 130] & 0xff);
        assertEquals(0, pixels[199 * 512 + 100]);
        Dciodvfy.Report report = Dciodvfy.validate(seg);
        assertTrue(report.errors().stream().allMatch(e -> e.contains("SpecificCharacterSet")), report.output());

        // Exported as labels: the voxels at 1/2 or more.
        Path back = tmp.resolve("frac.nii.gz");
        assertEquals(0, run("seg", "export", seg, "--ct", ct, "-o", back, "--quiet").exitCode());
        LabelVolume labels = LabelMapIo.read(back);
        assertEquals(400, labels.count(1));
        assertArrayEquals(new int[] {120, 210, 1, 139, 229, 1}, labels.boundingBox(1));
    }

    @Test
    void overlappingSegExportIsRefusedUnlessTheFirstSegmentWins() {
        Path seg = data(DCMQI + "partial_overlaps.dcm");
        Path ct = data(DCMQI + "ct-3slice");
        Path out = tmp.resolve("po.nrrd");
        InfoCommandTest.Run r = run("seg", "export", seg, "--ct", ct, "-o", out, "--quiet");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("overlapping segments cannot become one label map: segment 2 (ORANGE) shares 3017 "
                + "voxel(s) with earlier segments"), r.err());
        assertFalse(Files.exists(out));
        r = run("seg", "export", seg, "--ct", ct, "-o", out, "--overlap", "first", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        LabelVolume v = LabelMapIo.read(out);
        assertEquals(9602, v.count(1)); // segment 1 keeps all its voxels
        assertEquals(11888 - 3017, v.count(2));
        assertEquals(6693, v.count(4));
    }

    @Test
    void usageErrorsExitWithTwo() {
        Path map = data(DCMQI + "liver_seg.nrrd");
        Path ct = data(DCMQI + "ct-3slice");
        InfoCommandTest.Run r = run("seg", "import", map, "--ct", ct, "-o", tmp.resolve("x.dcm"), "--algorithm-type",
                "AUTOMATIC");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("needs --algorithm-name"), r.err());
        assertEquals(2, run("seg", "import", map, "-o", tmp.resolve("x.dcm")).exitCode()); // --ct missing
        assertEquals(2, run("seg", "import", map, "--ct", ct, "-o", tmp.resolve("x.dcm"), "--labels", "one=liver").exitCode());
    }

    @Test
    void exportToUnknownFormatIsRefusedBeforeReading() {
        InfoCommandTest.Run r = run("seg", "export", data(DCMQI + "liver.dcm"), "-o", tmp.resolve("x.mha"), "--quiet");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains(".nii, .nii.gz or .nrrd"), r.err());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
