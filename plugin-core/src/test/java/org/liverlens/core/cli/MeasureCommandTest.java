package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;

/**
 * {@code liverlens measure} on the real radcttaceomics cases with their manual SEGs; expected figures
 * from the data's README (measured there with pydicom and numpy).
 */
class MeasureCommandTest {
    private static final String CASE_0697 = "radcttaceomics/0697/";
    private static final String CASE_1720 = "radcttaceomics/1720/";

    private static JsonNode json(CliRun.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void liverAndTumourSegsOfCase0697(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("preview.png");
        CliRun.Result r = CliRun.run(null, "measure", TestData.path(CASE_0697 + "31_EQP_Ax5.00mm").toString(),
                "--seg", TestData.path(CASE_0697 + "31_EQP_Ax5.00mm_ManualROI_Liver.dcm").toString(),
                "--seg", TestData.path(CASE_0697 + "31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString(),
                "--json", "--preview", png.toString());
        JsonNode f = json(r);
        double voxelMl = f.get("voxelVolumeMl").asDouble();
        assertEquals(0.804688 * 0.804688 * 5.0 / 1000, voxelMl, 1e-12);
        // Liver 286430 voxels, tumour 728, 712 of them inside the liver: the union has 286446.
        assertEquals(286446, f.get("liver").get("voxels").asLong());
        assertEquals(286446 * voxelMl, f.get("liver").get("volumeMl").asDouble(), 0.0005);
        assertEquals(1, f.get("lesionCount").asInt());
        JsonNode l = f.get("lesions").get(0);
        assertEquals(728, l.get("voxels").asLong());
        assertEquals(2.36, l.get("volumeMl").asDouble(), 0.005);
        assertEquals(2, l.get("segmentNumber").asInt(), "the tumour SEG's segment, second in the order given");
        assertEquals(152.79, l.get("centroid").get("voxel").get(0).asDouble(), 0.005);
        assertEquals(321.63, l.get("centroid").get("voxel").get(1).asDouble(), 0.005);
        assertEquals(31.85, l.get("centroid").get("voxel").get(2).asDouble(), 0.005);
        assertEquals(64.1, l.get("hu").get("mean").asDouble(), 0.05);
        int k = l.get("recist").get("slice").asInt();
        assertTrue(k >= 31 && k <= 33, "RECIST slice inside the tumour's k range 31–33, got " + k);
        assertEquals(100.0 * 728 / 286446, f.get("tumourBurdenPercent").asDouble(), 0.0005);
        assertEquals("seg", f.get("source").get("kind").asText());
        assertTrue(f.get("model").isNull(), "manual SEGs name no model");
        assertTrue(f.get("messages").toString().contains("16 lesion voxel(s)"), f.get("messages").toString());
        assertTrue(r.err().contains("segment 2 is segment 1 \"Tumor\""), r.err());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 500);
    }

    @Test
    void oneTumourSegmentWithTwoComponentsIsTwoLesions() throws Exception {
        CliRun.Result r = CliRun.run(null, "measure", TestData.path(CASE_1720 + "31_EQP_Ax5.00mm").toString(),
                "--seg", TestData.path(CASE_1720 + "31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString(), "--json");
        JsonNode f = json(r);
        assertEquals(2, f.get("lesionCount").asInt());
        assertEquals(20546, f.get("lesions").get(0).get("voxels").asLong());
        assertEquals(11312, f.get("lesions").get(1).get("voxels").asLong());
        assertEquals(1, f.get("lesions").get(1).get("segmentNumber").asInt());
        assertTrue(f.get("tumourBurdenPercent").isNull(), "no liver segment, no burden");
        assertTrue(!f.get("liver").get("segmented").asBoolean());
    }

    @Test
    void tableNamesTheFindings() {
        CliRun.Result r = CliRun.run(null, "measure", TestData.path(CASE_0697 + "31_EQP_Ax5.00mm").toString(),
                "--seg", TestData.path(CASE_0697 + "31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("RECIST mm") && r.out().contains("measurable"), r.out());
        assertTrue(r.out().contains("lesions:  1"), r.out());
        assertTrue(r.out().contains("liver:    not segmented"), r.out());
    }

    @Test
    void segOfAnotherCtIsRefused() {
        CliRun.Result r = CliRun.run(null, "measure", TestData.path(CASE_1720 + "31_EQP_Ax5.00mm").toString(),
                "--seg", TestData.path(CASE_0697 + "31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("liverlens: "), r.err());
    }

    @Test
    void notASegIsRefused(@TempDir Path tmp) throws Exception {
        Path bogus = Files.writeString(tmp.resolve("x.dcm"), "not dicom");
        CliRun.Result r = CliRun.run(null, "measure", TestData.path(CASE_0697 + "31_EQP_Ax5.00mm").toString(),
                "--seg", bogus.toString());
        assertEquals(3, r.exitCode(), r.err());
    }
}
