package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.TagFromName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.liverlens.core.TestData;
import org.liverlens.core.cli.InfoCommandTest.Run;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.seg.SegReader;

/** {@code liverlens seg info}: every SEG of the shared data, figures on the CT grid, exit codes. */
class SegInfoCommandTest {

    /** Every file under the shared test data whose SOP Class is a Segmentation. */
    static List<Path> allSegFiles() throws IOException {
        List<Path> segs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(TestData.root())) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    if (DicomFiles.probe(p) == DicomFiles.Kind.NOT_DICOM) {
                        continue;
                    }
                    String sopClass = Attribute.getSingleStringValueOrEmptyString(
                            DicomFiles.readHeader(p).attributes(), TagFromName.SOPClassUID).trim();
                    if (sopClass.equals(SegReader.SEGMENTATION_STORAGE)
                            || sopClass.equals(SegReader.LABEL_MAP_SEGMENTATION_STORAGE)) {
                        segs.add(p);
                    }
                } catch (Exception unreadable) {
                    // corrupt inputs of the test data are not SEGs
                }
            }
        }
        return segs;
    }

    @Test
    void everySegOfTheSharedDataPrintsItsSegments() throws Exception {
        List<Path> segs = allSegFiles();
        assertEquals(41, segs.size(), segs.toString());
        ObjectMapper json = new ObjectMapper();
        for (Path seg : segs) {
            Run text = InfoCommandTest.run("seg", "info", seg.toString());
            assertEquals(0, text.exitCode(), seg + ": " + text.err());
            assertTrue(text.out().contains("Segments:") && text.out().contains("#1 \""), seg + ":\n" + text.out());
            Run r = InfoCommandTest.run("seg", "info", "--json", seg.toString());
            assertEquals(0, r.exitCode(), seg + ": " + r.err());
            JsonNode report = json.readTree(r.out());
            assertTrue(report.get("segments").size() >= 1, seg.toString());
            for (JsonNode s : report.get("segments")) {
                assertTrue(text.out().contains("#" + s.get("number").asInt() + " \"" + s.get("label").asText() + "\""),
                        seg + ": segment " + s.get("number") + " missing from\n" + text.out());
            }
            // A grid from the SEG alone, or a reason why there is none (slide microscopy, no positions).
            assertTrue(report.get("grid").isObject() != report.get("gridUnavailable").isTextual(), seg.toString());
        }
    }

    @Test
    void withCtTheJsonGivesVoxelsVolumeAndBoxOnTheCtGrid() throws Exception {
        Path seg = TestData.path("radcttaceomics/1720/31_EQP_Ax5.00mm_ManualROI_Tumor.dcm");
        Run r = InfoCommandTest.run("seg", "info", "--json", seg.toString(), "--ct",
                TestData.path("radcttaceomics/1720").toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals("BINARY", report.get("segmentationType").asText());
        assertEquals(10, report.get("frames").asInt());
        assertEquals("1801040320200103051513090319.1720.3.4",
                report.get("referencedSeries").get(0).get("seriesInstanceUid").asText());
        JsonNode grid = report.get("grid");
        assertEquals("ct", grid.get("source").asText());
        assertEquals(52, grid.get("size").get(2).asInt());
        JsonNode tumour = report.get("segments").get(0);
        assertEquals("Tumor", tumour.get("label").asText());
        assertEquals("108369006", tumour.get("type").get("value").asText());
        assertEquals("MANUAL", tumour.get("algorithmType").asText());
        assertEquals(31858, tumour.get("voxels").asLong());
        assertEquals(88.21, tumour.get("volumeMl").asDouble(), 0.005);
        assertEquals("[88,210]", tumour.get("bbox").get("i").toString());
        assertEquals("[166,330]", tumour.get("bbox").get("j").toString());
        assertEquals("[24,33]", tumour.get("bbox").get("k").toString());
        assertTrue(report.get("warnings").get(0).asText().contains("disagree with plane positions"),
                report.get("warnings").toString());
    }

    @Test
    void withCtTheTextNamesTheGridAndTheMismatch() {
        Run r = InfoCommandTest.run("seg", "info", TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm_ManualROI_Liver.dcm")
                .toString(), "--ct", TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("286430 voxel(s), 927.35 mL, bbox i 71–286, j 140–360, k 13–36"), r.out());
        assertTrue(r.out().contains("Grid: CT series 1801040320200103051513090319.697.3.4"), r.out());
        assertTrue(r.out().contains("source image references disagree"), r.out());
    }

    @Test
    void fractionalSegShowsTheWeightedVolume() throws Exception {
        Run r = InfoCommandTest.run("seg", "info", "--json",
                TestData.path("highdicom/seg_image_ct_true_fractional.dcm").toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals("PROBABILITY", report.get("fractionalType").asText());
        JsonNode s = report.get("segments").get(0);
        assertEquals(661, s.get("voxels").asLong());
        double voxelMl = report.get("grid").get("voxelVolumeMl").asDouble();
        assertEquals(83136 * voxelMl / 255, s.get("fractionalVolumeMl").asDouble(), 1e-9);
    }

    @Test
    void slideMicroscopySegIsListedWithoutAGrid() throws Exception {
        Run r = InfoCommandTest.run("seg", "info", "--json",
                TestData.path("highdicom/seg_image_sm_control_labelmap_palette_color.dcm").toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals("LABELMAP", report.get("segmentationType").asText());
        assertEquals("Background", report.get("background").asText());
        assertEquals(20, report.get("segments").size());
        assertEquals(44, report.get("segments").get(18).get("pixels").asLong());
        assertTrue(report.get("grid").isNull());
        assertTrue(report.get("gridUnavailable").asText().contains("slide microscopy"));
        assertNull(report.get("segments").get(0).get("voxels"));
    }

    @Test
    void segOnAnotherPatientsCtExitsWithInvalidInput() {
        Run r = InfoCommandTest.run("seg", "info", TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm_ManualROI_Tumor.dcm")
                .toString(), "--ct", TestData.path("radcttaceomics/1720").toString());
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("FrameOfReferenceUID (0020,0052) differs"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.out().contains("Segments:"));
    }

    @Test
    void nonSegAndNonDicomExitWithInvalidInput() {
        Run ct = InfoCommandTest.run("seg", "info", TestData.path("pydicom-data/CT_small.dcm").toString());
        assertEquals(3, ct.exitCode());
        assertTrue(ct.err().contains("not a DICOM Segmentation"), ct.err());
        Run gz = InfoCommandTest.run("seg", "info", TestData.path("pydicom-data/zipMR.gz").toString());
        assertEquals(3, gz.exitCode());
        assertTrue(gz.err().contains("not a DICOM file"), gz.err());
    }

    @Test
    void missingSegArgumentIsAUsageError() {
        assertEquals(2, InfoCommandTest.run("seg", "info").exitCode());
    }
}
