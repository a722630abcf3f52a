package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;

/** {@code liverlens info}: report contents and exit codes. */
class InfoCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        CliRun.Result r = CliRun.run(null, args);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    @Test
    void jsonReportListsStacksHuRangeAndSplitReformat() throws Exception {
        Run r = run("info", "--json", TestData.path("radcttaceomics/0697").toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        JsonNode ct = report.get("series").get(0);
        assertEquals("CT", ct.get("modality").asText());
        assertEquals("1801040320200103051513090319.697.3.4", ct.get("seriesInstanceUid").asText());
        JsonNode axial = ct.get("stacks").get(0);
        assertEquals(44, axial.get("slices").asInt());
        assertEquals(512, axial.get("rows").asInt());
        assertEquals(5.0, axial.get("spacingMm").get(2).asDouble(), 1e-9);
        assertEquals(0.804688, axial.get("spacingMm").get(0).asDouble(), 1e-9);
        assertEquals(-1024, axial.get("huMin").asInt());
        assertEquals(3069, axial.get("huMax").asInt());
        assertEquals("1.2.840.10008.1.2.1", axial.get("transferSyntaxes").get(0).asText());
        JsonNode coronal = ct.get("stacks").get(1);
        assertEquals("REFORMAT", coronal.get("role").asText());
        assertEquals("SPLIT_REFORMAT", coronal.get("problems").get(1).get("code").asText());
        // The two SEG objects in the case folder are listed as their own series.
        assertEquals(3, report.get("series").size());
        assertEquals("SEG", report.get("series").get(1).get("modality").asText());
    }

    @Test
    void textReportNamesSkippedFiles() {
        Run r = run("info", TestData.path("pydicom-data").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("zipMR.gz: not a DICOM file"), r.out());
        assertTrue(r.out().contains("MR_truncated.dcm: truncated"), r.out());
    }

    @Test
    void emptyFolderExitsWithInvalidInput(@TempDir Path tmp) {
        Run r = run("info", tmp.toString());
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("empty") && r.err().contains(tmp.toString()), r.err());
    }

    @Test
    void folderWithoutDicomExitsWithInvalidInputAndListsFiles(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("readme.txt"), "hello");
        Run r = run("info", tmp.toString());
        assertEquals(3, r.exitCode());
        assertTrue(r.out().contains("readme.txt: not a DICOM file"), r.out());
        assertTrue(r.err().contains("no DICOM image series found"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("info", "--frobnicate", ".");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--frobnicate"), r.err());
    }
}
