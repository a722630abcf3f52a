package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.TestData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code liverlens prompt} on a real CT: SEG (dciodvfy-clean), findings.json with the lesion, preview; bad prompts exit 3. */
class PromptCommandTest {
    private static final String CASE = "radcttaceomics/1720/";

    private static String ct() {
        return TestData.path(CASE + "31_EQP_Ax5.00mm").toString();
    }

    @Test
    void clickAddsTheLesionAsANewSegmentToACopyOfAnotherToolsSeg(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path liverSeg = TestData.path(CASE + "31_EQP_Ax5.00mm_ManualROI_Liver.dcm");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "--seg",
                liverSeg.toString(), "-o", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("segment 2"), r.out());

        JsonNode f = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertEquals("prompt", f.get("source").get("kind").asText());
        assertEquals(1, f.get("lesionCount").asInt());
        JsonNode lesion = f.get("lesions").get(0);
        assertEquals(2, lesion.get("segmentNumber").asInt());
        assertTrue(lesion.get("volumeMl").asDouble() > 10 && lesion.get("volumeMl").asDouble() < 60, lesion.toString());
        assertTrue(f.get("liver").get("volumeMl").asDouble() > 1500, f.toString());
        assertTrue(Files.size(out.resolve("preview.png")) > 1000);

        assertValid(out.resolve("seg.dcm"));
        // The input SEG is left as it was: its liver is segment 1 of the copy, unchanged.
        InfoCommandTest.Run m = InfoCommandTest.run("measure", ct(), "--seg", out.resolve("seg.dcm").toString(),
                "--json", "--quiet");
        assertEquals(0, m.exitCode(), m.err());
        JsonNode again = new ObjectMapper().readTree(m.out());
        assertEquals(f.get("liver").get("volumeMl").asDouble(), again.get("liver").get("volumeMl").asDouble(), 1e-9);
    }

    @Test
    void clickWithoutSegWritesTheLesionAlone(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "-o", out.toString(),
                "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("segment 1"), r.out());
        JsonNode f = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertEquals(1, f.get("lesionCount").asInt());
        assertValid(out.resolve("seg.dcm"));
    }

    @Test
    void clickOutsideTheSeriesExitsWith3AndWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,99", "-o", out.toString(),
                "--quiet");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("outside the series"), r.err());
        assertFalse(Files.exists(out.resolve("seg.dcm")));
    }

    @Test
    void clickInAirExitsWith3WithTheReasonAndWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "5,5,20", "-o", out.toString(),
                "--quiet");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("no lesion found") && r.err().contains("air"), r.err());
        assertFalse(Files.exists(out.resolve("seg.dcm")));
    }

    @Test
    void zeroSizeBoxExitsWith3(@TempDir Path tmp) {
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--box", "100,300,100,320,30", "-o",
                tmp.resolve("out").toString(), "--quiet");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("zero size"), r.err());
    }

    @Test
    void malformedPointIsAUsageError(@TempDir Path tmp) {
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309", "-o",
                tmp.resolve("out").toString(), "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("X,Y,Z"), r.err());
    }

    @Test
    void boxInMillimetresFindsTheLesion(@TempDir Path tmp) throws Exception {
        // Lesion 2 of 1720 spans about i 100-140, j 290-330 on k 30; to mm: x = -202.881 + 0.744141 i,
        // y = -200.918 + 0.744141 j, z = -228.875 + 5 k.
        double x0 = -202.881058 + 0.744141 * 95;
        double y0 = -200.917969 + 0.744141 * 285;
        double x1 = -202.881058 + 0.744141 * 145;
        double y1 = -200.917969 + 0.744141 * 335;
        double z = -228.875 + 5 * 30;
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--mm", "--box",
                x0 + "," + y0 + "," + x1 + "," + y1 + "," + z, "-o", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode f = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertEquals(1, f.get("lesionCount").asInt());
        assertTrue(f.get("lesions").get(0).get("volumeMl").asDouble() > 5, f.toString());
    }

    /**
     * dciodvfy finds no error of ours. The SEG must carry the CT's StudyInstanceUID and reference its
     * SeriesInstanceUID, whose roots are illegal in this case (test-data README): those two are the source's.
     */
    private static void assertValid(Path seg) throws Exception {
        String study = "1801040320200103051513090319.1720.3";
        String series = "1801040320200103051513090319.1720.3.4";
        Dciodvfy.Report report = Dciodvfy.validate(seg);
        List<String> ours = report.errors().stream().filter(e -> !(e.contains("Illegal root for UID")
                && (e.endsWith("<" + study + ">") || e.endsWith("<" + series + ">")))).toList();
        assertEquals(List.of(), ours, report.output());
    }
}
