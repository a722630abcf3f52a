package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liverlens.core.seg.LabelMapFixtures.DCMQI;
import static org.liverlens.core.seg.LabelMapFixtures.TS;
import static org.liverlens.core.seg.LabelMapFixtures.TS_SEG;
import static org.liverlens.core.seg.LabelMapFixtures.TS_SEG_DICOM;
import static org.liverlens.core.seg.LabelMapFixtures.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/** NIfTI-1 and NRRD label maps: real files, round trips, every supported variant, refusals. */
class LabelMapIoTest {
    @TempDir
    Path tmp;

    // ---- real files -------------------------------------------------------------------------------

    @Test
    void totalSegmentatorDicomSegUsesTheSformAndHoldsTheLiver() {
        Path file = data(TS_SEG_DICOM);
        LabelVolume v = LabelMapIo.read(file);
        VolumeGeometry g = v.geometry();
        assertArrayEquals(new int[] {512, 512, 20}, g.size());
        // qform_code 0, sform_code 2: srow offset (249.511719, -61.511719, -804.5) RAS = LPS (-249.51, 61.51, -804.5).
        assertEquals("sform (sform_code 2)", LabelMapIo.describeTransform(file));
        assertArrayEquals(new double[] {-249.511719, 61.511719, -804.5}, g.originMm(), 1e-4);
        assertArrayEquals(new double[] {0.9765625, 0.9765625, 2}, g.spacingMm(), 1e-6);
        assertArrayEquals(new double[] {1, 0, 0}, g.direction(0), 1e-9);   // RAS −x = LPS +x
        assertArrayEquals(new double[] {0, -1, 0}, g.direction(1), 1e-9);  // RAS +y (anterior) = LPS −y
        assertArrayEquals(new double[] {0, 0, 1}, g.direction(2), 1e-9);
        // README: NIfTI (0, 511, 0) lies at LPS (-249.5117, -437.5117, -804.5), DICOM voxel (0, 0, 0).
        assertArrayEquals(new double[] {-249.51171875, -437.51171875, -804.5}, g.toMm(0, 511, 0), 1e-4);
        long[] h = v.histogram();
        assertEquals(366708, h[5]);
        assertEquals(4503460, h[0]);
        assertEquals(130634, h[1]);
        assertEquals(15441, h[117]);
        assertArrayEquals(new int[] {104, 137, 0, 281, 321, 19}, v.boundingBox(5));
    }

    @Test
    void totalSegmentatorSmallSegHasItsOwnGridAndLiver() {
        LabelVolume v = LabelMapIo.read(data(TS_SEG));
        assertArrayEquals(new int[] {122, 101, 30}, v.geometry().size());
        assertArrayEquals(new double[] {3, 3, 3}, v.geometry().spacingMm(), 1e-6);
        // sform [[3,0,0,-177.956329],[0,3,0,11.319],[0,0,3,94.301758]] (RAS).
        assertArrayEquals(new double[] {177.956329, -11.319, 94.301758}, v.geometry().originMm(), 1e-4);
        assertEquals(38634, v.count(5));
        assertArrayEquals(new int[] {41, 25, 0, 105, 86, 29}, v.boundingBox(5));
        assertEquals(41, v.labels().length);
    }

    @Test
    void binaryLiverFileWithoutExtensionReads() {
        LabelVolume v = LabelMapIo.read(data(TS + "example_seg_fast/liver.nii.gz"));
        assertEquals(39350, v.count(1));
        assertArrayEquals(new int[] {1}, v.labels());
    }

    @Test
    void dcm2niixCtAppliesSclInterToInt16() {
        // int16 with scl_slope 1, scl_inter -1024; values at the README's voxels, mapped a = i, b = 511 - j, c = k.
        var hu = LabelMapIo.readHu(data(LabelMapFixtures.TS_DCM2NIIX));
        assertArrayEquals(new int[] {512, 512, 20}, hu.geometry().size());
        int[][] voxels = {{0, 0, 0, -1024}, {256, 256, 0, 86}, {256, 256, 10, -47}, {256, 256, 19, 94},
            {180, 280, 10, 119}, {150, 300, 0, 90}, {262, 297, 5, 146}, {250, 350, 10, -3}, {340, 300, 19, -39},
            {100, 200, 10, -819}, {511, 511, 19, -1024}};
        for (int[] x : voxels) {
            assertEquals(x[3], hu.get(x[0], 511 - x[1], x[2]), "HU at DICOM voxel " + x[0] + "," + x[1] + "," + x[2]);
        }
    }

    @Test
    void dcmqiNrrdsReadInLpsWithTheirLabels() {
        LabelVolume liver = LabelMapIo.read(data(DCMQI + "liver_seg.nrrd"));
        VolumeGeometry g = liver.geometry();
        assertArrayEquals(new int[] {512, 512, 3}, g.size());
        assertArrayEquals(new double[] {-235.2, -226.8, -128.69}, g.originMm(), 1e-12);
        assertArrayEquals(new double[] {0.810547, 0.810547, 1}, g.spacingMm(), 1e-12);
        assertArrayEquals(new double[] {0, 1, 0}, g.direction(1), 0);
        assertEquals(107098, liver.count(1));
        assertArrayEquals(new int[] {79, 145, 0, 350, 366, 2}, liver.boundingBox(1));

        LabelVolume gapped = LabelMapIo.read(data(DCMQI + "liver_spine_gapped_seg.nrrd"));
        assertArrayEquals(new int[] {1, 5}, gapped.labels());
        assertEquals(12439, gapped.count(5));

        LabelVolume small = LabelMapIo.read(data(DCMQI + "23x38x3/nrrd/label.nrrd"));
        assertArrayEquals(new int[] {23, 38, 3}, small.geometry().size());
        assertEquals(322, small.count(1));
        assertEquals(314, small.countSlice(1, 1));
    }

    // ---- round trips ------------------------------------------------------------------------------

    /** An oblique, left-handed grid with labels above 255 (so uint16), for round trips. */
    private static LabelVolume obliqueLabels() {
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        VolumeGeometry g = new VolumeGeometry(new int[] {7, 5, 4}, new double[] {-12.25, 33.5, -801.125},
                new double[] {0.75, 0.8, 2.5}, new double[] {c, s, 0}, new double[] {-s, c, 0}, new double[] {0, 0, -1});
        LabelVolume v = new LabelVolume(g);
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 5; j++) {
                for (int i = 0; i < 7; i++) {
                    if ((i + j + k) % 3 != 0) {
                        v.set(i, j, k, (i * 131 + j * 17 + k * 1009) % 1500);
                    }
                }
            }
        }
        return v;
    }

    private static void assertSameGeometry(VolumeGeometry a, VolumeGeometry b, double tolMm) {
        assertArrayEquals(a.size(), b.size());
        for (int[] corner : new int[][] {{0, 0, 0}, {a.columns() - 1, 0, 0}, {0, a.rows() - 1, 0}, {0, 0, a.slices() - 1},
            {a.columns() - 1, a.rows() - 1, a.slices() - 1}}) {
            assertArrayEquals(a.toMm(corner[0], corner[1], corner[2]), b.toMm(corner[0], corner[1], corner[2]), tolMm);
        }
    }

    @Test
    void niftiWriteThenReadIsIdentity() {
        LabelVolume v = obliqueLabels();
        for (String name : new String[] {"map.nii", "map.nii.gz"}) {
            Path f = tmp.resolve(name);
            LabelMapIo.write(v, f);
            LabelVolume back = LabelMapIo.read(f);
            assertTrue(back.sameLabels(v), name);
            assertSameGeometry(v.geometry(), back.geometry(), 1e-4); // float32 in the header
            assertEquals("sform (sform_code 1)", LabelMapIo.describeTransform(f));
        }
    }

    @Test
    void writtenNiftiIsUint16WithLabelIntentAndMatchingQform() throws IOException {
        Path f = tmp.resolve("map.nii");
        LabelVolume v = obliqueLabels();
        LabelMapIo.write(v, f);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(348, b.getInt(0));
        assertEquals(512, b.getShort(70));   // uint16: labels go to 1499
        assertEquals(1002, b.getShort(68));  // NIFTI_INTENT_LABEL
        assertEquals(1, b.getShort(252));    // qform_code scanner
        assertEquals(1, b.getShort(254));    // sform_code scanner
        assertEquals(352f, b.getFloat(108));
        assertEquals(352 + 7 * 5 * 4 * 2, Files.size(f));
        // The qform alone gives the same grid as the sform.
        b.putShort(254, (short) 0);
        Path qOnly = tmp.resolve("qform-only.nii");
        Files.write(qOnly, b.array());
        assertEquals("qform (qform_code 1)", LabelMapIo.describeTransform(qOnly));
        LabelVolume back = LabelMapIo.read(qOnly);
        assertSameGeometry(v.geometry(), back.geometry(), 1e-4);
        assertTrue(back.sameLabels(v));
    }

    @Test
    void smallLabelsAreWrittenAsUint8() throws IOException {
        LabelVolume v = new LabelVolume(VolumeGeometry.axial(new int[] {3, 2, 2}, new double[] {1, 2, 3}, new double[] {1, 1, 1}));
        v.set(1, 1, 1, 255);
        Path f = tmp.resolve("small.nii");
        LabelMapIo.write(v, f);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, b.getShort(70));
        assertEquals(352 + 12, Files.size(f));
        assertEquals(255, LabelMapIo.read(f).get(1, 1, 1));
    }

    @Test
    void bigEndianNiftiReads() throws IOException {
        LabelVolume v = obliqueLabels();
        Path f = tmp.resolve("be.nii.gz");
        LabelMapIo.writeNifti(v, f, ByteOrder.BIG_ENDIAN, true);
        try (var in = new GZIPInputStream(Files.newInputStream(f))) {
            byte[] head = in.readNBytes(4);
            assertArrayEquals(new byte[] {0, 0, 1, 0x5c}, head); // sizeof_hdr 348, big-endian
        }
        LabelVolume back = LabelMapIo.read(f);
        assertTrue(back.sameLabels(v));
        assertSameGeometry(v.geometry(), back.geometry(), 1e-4);
    }

    @Test
    void pixdimOnlyNiftiIsPlacedByPixdim() throws IOException {
        Path f = tmp.resolve("map.nii");
        LabelMapIo.write(obliqueLabels(), f);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(252, (short) 0);
        b.putShort(254, (short) 0);
        Files.write(f, b.array());
        VolumeGeometry g = LabelMapIo.read(f).geometry();
        // NIfTI method 1: x = pixdim[1]·a (RAS), so LPS x runs the other way; origin at 0.
        assertArrayEquals(new double[] {0, 0, 0}, g.originMm(), 0);
        assertArrayEquals(new double[] {-1, 0, 0}, g.direction(0), 0);
        assertArrayEquals(new double[] {0.75, 0.8, 2.5}, g.spacingMm(), 1e-6);
    }

    @Test
    void nrrdWriteThenReadIsIdentityBitForBit() throws IOException {
        LabelVolume v = obliqueLabels();
        Path f = tmp.resolve("map.nrrd");
        LabelMapIo.write(v, f);
        String head = new String(Files.readAllBytes(f), 0, 400, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("NRRD0004\n"), head);
        assertTrue(head.contains("type: unsigned short\n") && head.contains("space: left-posterior-superior\n")
                && head.contains("encoding: gzip\n") && head.contains("kinds: domain domain domain\n"), head);
        LabelVolume back = LabelMapIo.read(f);
        assertTrue(back.sameLabels(v));
        assertSameGeometry(v.geometry(), back.geometry(), 0);
        assertArrayEquals(v.geometry().originMm(), back.geometry().originMm(), 0);
        assertArrayEquals(v.geometry().spacingMm(), back.geometry().spacingMm(), 1e-15);
    }

    /** A NRRD file with the given header fields (after the magic) and raw data. */
    private Path nrrd(String name, String fields, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("NRRD0005\n" + fields + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        Path f = tmp.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }

    @Test
    void rasBigEndianRawNrrdWithSingletonAxisReadsInLps() throws IOException {
        // 1 × 2 × 3 × 2 shorts, first axis a singleton list axis; RAS directions.
        ByteBuffer data = ByteBuffer.allocate(2 * 12).order(ByteOrder.BIG_ENDIAN);
        for (int n = 0; n < 12; n++) {
            data.putShort((short) (n == 0 ? 0 : 300 + n));
        }
        Path f = nrrd("ras.nrrd", "type: short\ndimension: 4\nspace: right-anterior-superior\nsizes: 1 2 3 2\n"
                + "space directions: none (-0.5,0,0) (0,0.5,0) (0,0,2)\nkinds: list domain domain domain\n"
                + "endian: big\nencoding: raw\nspace origin: (10,20,-30)\n# comment\nkey:=value\n", data.array());
        LabelVolume v = LabelMapIo.read(f);
        VolumeGeometry g = v.geometry();
        assertArrayEquals(new int[] {2, 3, 2}, g.size());
        assertArrayEquals(new double[] {-10, -20, -30}, g.originMm(), 0);
        assertArrayEquals(new double[] {1, 0, 0}, g.direction(0), 0);  // RAS −x = LPS +x
        assertArrayEquals(new double[] {0, -1, 0}, g.direction(1), 0);
        assertEquals(0, v.get(0, 0, 0));
        assertEquals(301, v.get(1, 0, 0));
        assertEquals(311, v.get(1, 2, 1));
    }

    @Test
    void uncompressedUint8NrrdAndByteSkipRead() throws IOException {
        byte[] data = {9, 9, 0, 1, 2, 3, 4, 5, 6, 7};
        Path f = nrrd("skip.nrrd", "type: uchar\ndimension: 3\nspace: LPS\nsizes: 2 2 2\n"
                + "space directions: (1,0,0) (0,1,0) (0,0,1)\nencoding: raw\nbyte skip: 2\n", data);
        LabelVolume v = LabelMapIo.read(f);
        assertEquals(7, v.get(1, 1, 1));
        assertEquals(1, v.get(1, 0, 0));
    }

    // ---- fractional -------------------------------------------------------------------------------

    private Path floatNrrd(String name, float... values) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : values) {
            data.putFloat(x);
        }
        return nrrd(name, "type: float\ndimension: 3\nspace: left-posterior-superior\nsizes: " + values.length + " 1 1\n"
                + "space directions: (1,0,0) (0,1,0) (0,0,1)\nendian: little\nencoding: raw\n", data.array());
    }

    @Test
    void probabilitiesBecomeOccupancyLevels() throws IOException {
        LabelVolume v = LabelMapIo.readOccupancy(floatNrrd("p.nrrd", 0f, 0.5f, 1f, 0.25f));
        assertEquals(0, v.get(0, 0, 0));
        assertEquals(128, v.get(1, 0, 0));
        assertEquals(255, v.get(2, 0, 0));
        assertEquals(64, v.get(3, 0, 0));
        LabelVolume whole = LabelMapIo.readOccupancy(floatNrrd("w.nrrd", 0f, 17f, 255f));
        assertEquals(17, whole.get(1, 0, 0));
        assertEquals(255, whole.get(2, 0, 0));
    }

    @Test
    void fractionsAboveOneThatAreNotWholeAreRefused() throws IOException {
        Path f = floatNrrd("mixed.nrrd", 0.5f, 17f);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabelMapIo.readOccupancy(f));
        assertTrue(e.getMessage().contains("not a whole number"), e.getMessage());
    }

    @Test
    void nonIntegerFloatsAreNotLabels() throws IOException {
        Path f = floatNrrd("prob.nrrd", 0f, 0.5f);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabelMapIo.read(f));
        assertTrue(e.getMessage().contains("voxel (1, 0, 0) holds 0.500000") && e.getMessage().contains("float32"),
                e.getMessage());
        assertTrue(e.userMessage().contains("--fractional"), e.userMessage());
        // Whole-valued floats are fine labels.
        assertEquals(3, LabelMapIo.read(floatNrrd("whole.nrrd", 0f, 3f)).get(1, 0, 0));
    }

    // ---- refusals ---------------------------------------------------------------------------------

    private byte[] smallNifti() throws IOException {
        Path f = tmp.resolve("ok.nii");
        LabelMapIo.write(obliqueLabels(), f);
        return Files.readAllBytes(f);
    }

    private InvalidInputException refused(String name, byte[] content) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, content);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabelMapIo.read(f));
        assertEquals(f, e.file().orElseThrow());
        return e;
    }

    @Test
    void truncatedNiftiIsRefused() throws IOException {
        byte[] ok = smallNifti();
        InvalidInputException e = refused("cut.nii", java.util.Arrays.copyOf(ok, ok.length - 10));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("slice 3"), e.getMessage());
        e = refused("header.nii", java.util.Arrays.copyOf(ok, 200));
        assertTrue(e.getMessage().contains("truncated: the NIfTI header has 200 of 348 bytes"), e.getMessage());
    }

    @Test
    void truncatedGzipIsRefused() throws IOException {
        byte[] gz = Files.readAllBytes(data(TS_SEG_DICOM));
        InvalidInputException e = refused("cut.nii.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicIsRefused() throws IOException {
        byte[] bad = smallNifti();
        bad[345] = 'x';
        InvalidInputException e = refused("magic.nii", bad);
        assertTrue(e.getMessage().contains("magic (offset 344) is 'nx1\\x00'"), e.getMessage());
        e = refused("text.nii", "hello world, this is not NIfTI".getBytes(StandardCharsets.US_ASCII));
        assertTrue(e.getMessage().contains("sizeof_hdr"), e.getMessage());
    }

    @Test
    void niftiTwoIsRefused() throws IOException {
        byte[] two = new byte[600];
        ByteBuffer.wrap(two).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 540);
        InvalidInputException e = refused("two.nii", two);
        assertTrue(e.getMessage().contains("NIfTI-2"), e.getMessage());
    }

    @Test
    void unsupportedDatatypeIsRefused() throws IOException {
        byte[] bad = smallNifti();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putShort(70, (short) 128);
        InvalidInputException e = refused("rgb.nii", bad);
        assertTrue(e.getMessage().contains("datatype (offset 70) is 128 (RGB24)"), e.getMessage());
    }

    @Test
    void fourDimensionalNiftiIsRefusedButSingletonExtraDimsAreFine() throws IOException {
        byte[] four = smallNifti();
        ByteBuffer b = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(40, (short) 4);
        b.putShort(48, (short) 1);
        Path ok = tmp.resolve("singleton.nii");
        Files.write(ok, four);
        assertTrue(LabelMapIo.read(ok).sameLabels(obliqueLabels()));
        b.putShort(48, (short) 2);
        InvalidInputException e = refused("4d.nii", four);
        assertTrue(e.getMessage().contains("dim[4] is 2") && e.getMessage().contains("7×5×4×2"), e.getMessage());
    }

    @Test
    void negativeLabelsAreRefused() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 1).putShort((short) -3);
        Path f = nrrd("neg.nrrd", "type: short\ndimension: 3\nspace: LPS\nsizes: 2 1 1\n"
                + "space directions: (1,0,0) (0,1,0) (0,0,1)\nendian: little\nencoding: raw\n", data.array());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabelMapIo.read(f));
        assertTrue(e.getMessage().contains("voxel (1, 0, 0) holds -3"), e.getMessage());
    }

    @Test
    void badNrrdHeadersAreRefusedNamingTheField() throws IOException {
        String grid = "dimension: 3\nspace: LPS\nsizes: 2 1 1\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n";
        byte[] two = {1, 2};
        assertNrrdRefused("type: uchar\n" + grid + "encoding: ascii\n", two, "field 'encoding' is 'ascii'");
        assertNrrdRefused("type: block\n" + grid + "encoding: raw\n", two, "field 'type' is 'block'");
        assertNrrdRefused("type: short\n" + grid + "encoding: raw\n", new byte[4], "field 'endian' is missing");
        assertNrrdRefused("type: uchar\n" + grid.replace("space: LPS\n", "") + "encoding: raw\n", two, "field 'space' is missing");
        assertNrrdRefused("type: uchar\n" + grid.replace("LPS", "scanner-xyz") + "encoding: raw\n", two,
                "field 'space' is 'scanner-xyz'");
        assertNrrdRefused("type: uchar\ndimension: 4\nspace: LPS\nsizes: 2 2 1 1\n"
                + "space directions: none (1,0,0) (0,1,0) (0,0,1)\nkinds: vector domain domain domain\nencoding: raw\n",
                new byte[4], "axis 0 (kind vector) has 2 samples");
        assertNrrdRefused("type: uchar\n" + grid + "encoding: raw\n", new byte[1], "truncated");
        assertNrrdRefused("type: uchar\n" + grid + "encoding: raw\ndata file: x.raw\n", two, "detached data");
    }

    private void assertNrrdRefused(String fields, byte[] data, String expected) throws IOException {
        Path f = nrrd("bad.nrrd", fields, data);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabelMapIo.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(f, e.file().orElseThrow());
    }

    @Test
    void unknownExtensionIsRefusedOnWrite() {
        LabelVolume v = obliqueLabels();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabelMapIo.write(v, tmp.resolve("x.mha")));
        assertTrue(e.getMessage().contains(".nii, .nii.gz or .nrrd"), e.getMessage());
        assertEquals(0, tmp.toFile().list().length, "nothing is written");
    }

    @Test
    void gzipDetectionIsByContent() throws IOException {
        // An uncompressed file named .nii.gz still reads: the gzip magic decides, not the name.
        byte[] ok = smallNifti();
        Path f = tmp.resolve("plain-but-named.nii.gz");
        Files.write(f, ok);
        assertTrue(LabelMapIo.read(f).sameLabels(obliqueLabels()));
    }
}
