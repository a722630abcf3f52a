package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.TestData;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** The real CT series in shared test data load with the figures MANIFEST/READMEs give. */
class RealSeriesLoadingTest {

    private static Path radct(String caseId) {
        return TestData.path("radcttaceomics/" + caseId + "/31_EQP_Ax5.00mm");
    }

    @Test
    void radct0697LoadsAxialSlicesSortedByPositionNotInstanceNumber() {
        HuVolume v = Volumes.load(radct("0697"));
        VolumeGeometry g = v.geometry();
        assertArrayEquals(new int[] {512, 512, 44}, g.size());
        assertArrayEquals(new double[] {0.804688, 0.804688, 5.0}, g.spacingMm(), 1e-6);
        assertArrayEquals(new double[] {-207.609, -220.886, -308.187}, g.originMm(), 1e-6);
        assertEquals(-93.187, g.toMm(0, 0, 43)[2], 1e-6);
        assertEquals(-1024, v.get(0, 0, 0));
        assertEquals(-71, v.get(256, 256, 22));
        assertEquals(64, v.get(153, 322, 32));
        assertEquals(97, v.get(161, 242, 27));
        assertArrayEquals(new short[] {-1024, 3069}, v.range());
    }

    @Test
    void radct1720MatchesManifestVoxels() {
        HuVolume v = Volumes.load(radct("1720"));
        assertArrayEquals(new int[] {512, 512, 52}, v.geometry().size());
        assertArrayEquals(new double[] {0.744141, 0.744141, 5.0}, v.geometry().spacingMm(), 1e-6);
        assertEquals(-228.875, v.geometry().originMm()[2], 1e-6);
        assertEquals(-1024, v.get(0, 0, 0));
        assertEquals(6, v.get(256, 256, 26));
        assertEquals(93, v.get(155, 236, 29));
        assertEquals(47, v.get(157, 232, 31));
        assertArrayEquals(new short[] {-1024, 2967}, v.range());
    }

    @Test
    void coronalReformatInAxialSeriesBecomesItsOwnReportedStack() {
        SeriesInfo series = Volumes.onlyCtSeries(radct("0697"));
        assertEquals(2, series.stacks().size());
        Stack primary = series.primaryStack().orElseThrow();
        assertEquals(44, primary.slices().size());
        assertTrue(primary.slices().stream().noneMatch(s -> s.header().file().endsWith("dicom-00001.dcm")));
        Stack reformat = series.stacks().get(1);
        assertEquals(Stack.Role.REFORMAT, reformat.role());
        assertEquals(1, reformat.slices().size());
        assertTrue(reformat.first().file().endsWith("dicom-00001.dcm"));
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, -1}, reformat.orientation(), 1e-9);
        assertTrue(series.problems().stream().anyMatch(p -> p.code() == Problem.Code.SPLIT_REFORMAT
                && p.file().endsWith("dicom-00001.dcm") && p.message().contains("coronal")));
        // k = 45 − NN: k = 0 is dicom-00045, k = 43 is dicom-00002.
        assertTrue(primary.slices().get(0).header().file().endsWith("dicom-00045.dcm"));
        assertTrue(primary.slices().get(43).header().file().endsWith("dicom-00002.dcm"));
    }

    @Test
    void totalSegmentatorJpeg2000SeriesWithEmptyUidsLoads() {
        Path dir = TestData.path("totalsegmentator/tests/reference_files/example_ct_dicom");
        SeriesInfo series = Volumes.onlyCtSeries(dir);
        assertEquals("", series.seriesInstanceUid());
        assertTrue(series.problems().stream().anyMatch(p -> p.code() == Problem.Code.EMPTY_UID));
        // SOP Instance UIDs survive in the file meta only.
        assertTrue(series.primaryStack().orElseThrow().first().sopInstanceUid().startsWith("1.3.12.2.1107.5.1.4.60064."));
        HuVolume v = Volumes.load(dir);
        assertArrayEquals(new int[] {512, 512, 20}, v.geometry().size());
        assertArrayEquals(new double[] {0.9765625, 0.9765625, 2.0}, v.geometry().spacingMm(), 1e-9);
        assertArrayEquals(new double[] {-249.51171875, -437.51171875, -804.5}, v.geometry().originMm(), 1e-9);
        int[][] voxels = {{0, 0, 0, -1024}, {256, 256, 0, 86}, {256, 256, 10, -47}, {256, 256, 19, 94},
            {180, 280, 10, 119}, {150, 300, 0, 90}, {262, 297, 5, 146}, {250, 350, 10, -3}, {340, 300, 19, -39},
            {100, 200, 10, -819}, {511, 511, 19, -1024}};
        for (int[] x : voxels) {
            assertEquals(x[3], v.get(x[0], x[1], x[2]), "HU at " + x[0] + "," + x[1] + "," + x[2]);
        }
        assertArrayEquals(new short[] {-1024, 1839}, v.range());
    }

    @Test
    void jpeg2000SeriesEqualsItsDecompressedTwin() {
        HuVolume j2k = Volumes.load(TestData.path("totalsegmentator/tests/reference_files/example_ct_dicom"));
        HuVolume raw = Volumes.load(TestData.path("totalsegmentator/derived/example_ct_dicom_explicit_vr_le"));
        for (int k = 0; k < 20; k++) {
            assertArrayEquals(raw.slice(k), j2k.slice(k), "slice " + k);
        }
    }

    @Test
    void enhancedMultiFrameCtLoadsFromFunctionalGroups() {
        LoadedVolume loaded = Volumes.load(TestData.path("pydicom-data/eCT_Supplemental.dcm"), LoadOptions.STRICT);
        HuVolume v = loaded.volume();
        assertArrayEquals(new int[] {512, 512, 2}, v.geometry().size());
        // stored sum 199249408 over 2 × 512 × 512 pixels, rescale −1024 from the shared functional groups
        assertEquals(199249408L - 1024L * 2 * 512 * 512, Volumes.sum(v));
        assertEquals(10.0, v.geometry().spacingMm()[2], 1e-9);
        List<Problem> problems = loaded.stack().problems();
        assertTrue(problems.stream().anyMatch(p -> p.code() == Problem.Code.MULTI_FRAME));
    }
}
