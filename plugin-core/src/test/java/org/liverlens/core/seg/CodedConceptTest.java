package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.TagFromName;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.Peers;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.Stack;

/**
 * Coded concepts: what the constructor refuses, and which attribute the writer puts a value in
 * (CodeValue, LongCodeValue, URNCodeValue, as highdicom's CodedConcept chooses), checked against
 * our reader, pydicom and dciodvfy.
 */
class CodedConceptTest {
    private static final CodedConcept LONG = new CodedConcept("LIVER-SEGMENT-VIII-POSTERIOR", "99LIVERLENS",
            "Liver segment VIII");
    private static final CodedConcept URN = new CodedConcept("http://snomed.info/id/108369006", "SCT", "Neoplasm");

    @TempDir
    Path tmp;

    @Test
    void aMeaningOver64CharactersIsRefusedNamingCodeMeaning() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CodedConcept("10200004", "SCT", "x".repeat(65)));
        assertTrue(e.getMessage().contains("CodeMeaning (0008,0104)"), e.getMessage());
        assertEquals(64, new CodedConcept("10200004", "SCT", "x".repeat(64)).meaning().length());
    }

    @Test
    void anEmptyValueSchemeOrMeaningIsRefusedNamingTheAttribute() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CodedConcept("", "SCT", "Liver"))
                .getMessage().contains("CodeValue (0008,0100)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CodedConcept("10200004", " ", "Liver"))
                .getMessage().contains("CodingSchemeDesignator (0008,0102)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CodedConcept("10200004", "SCT", null))
                .getMessage().contains("CodeMeaning (0008,0104)"));
    }

    @Test
    void theValueAttributeIsChosenByTheValue() {
        assertEquals(TagFromName.CodeValue, Datasets.codeValueTag("10200004"));
        assertEquals(TagFromName.CodeValue, Datasets.codeValueTag("1234567890123456"));
        assertEquals(Datasets.LONG_CODE_VALUE, Datasets.codeValueTag("12345678901234567"));
        assertEquals(Datasets.URN_CODE_VALUE, Datasets.codeValueTag("urn:oid:1.2.3"));
        assertEquals(Datasets.URN_CODE_VALUE, Datasets.codeValueTag("URN:uuid:1"));
        assertEquals(Datasets.URN_CODE_VALUE, Datasets.codeValueTag("http://snomed.info/id/108369006"));
    }

    @Test
    void longAndUrnCodesAreWrittenInTheirAttributesAndReadBackByUsPydicomAndDciodvfy() throws Exception {
        Stack ct = SegWriterTest.ct0697();
        SegmentSet coded = SegmentSet.binary(ct.geometry());
        SegFixtures.ellipsoid(coded.addBinary(SegFixtures.liver()), 180, 230, 30, 100, 90, 10);
        Segment lesion = SegFixtures.lesion(2);
        SegFixtures.ellipsoid(coded.addBinary(new Segment(2, "Segment VIII", lesion.category(), LONG,
                lesion.algorithmType(), lesion.algorithmName(), lesion.algorithmVersion(), lesion.cieLab(), null)),
                150, 200, 28, 6, 6, 2);
        SegFixtures.ellipsoid(coded.addBinary(new Segment(3, "Lesion 2", lesion.category(), URN,
                lesion.algorithmType(), lesion.algorithmName(), lesion.algorithmVersion(), lesion.cieLab(), null)),
                200, 250, 32, 4, 5, 2);
        Path file = tmp.resolve("codes.dcm");
        new SegWriter().write(coded, ct, SegWriterOptions.defaults(), file);

        SegDocument ours = new SegReader().read(file);
        assertEquals(LONG, ours.segment(2).orElseThrow().type());
        assertEquals(URN, ours.segment(3).orElseThrow().type());
        assertEquals(Codes.LIVER, ours.segment(1).orElseThrow().type());

        JsonNode py = Peers.pydicom("/org/liverlens/core/seg/pydicom_codes.py", file.toString());
        assertEquals("CodeValue", py.get("1").get("type").get("attribute").asText(), py.toString());
        assertEquals("LongCodeValue", py.get("2").get("type").get("attribute").asText(), py.toString());
        assertEquals("UC", py.get("2").get("type").get("vr").asText(), py.toString());
        assertEquals(LONG.value(), py.get("2").get("type").get("value").asText());
        assertEquals("URNCodeValue", py.get("3").get("type").get("attribute").asText(), py.toString());
        assertEquals("UR", py.get("3").get("type").get("vr").asText(), py.toString());
        assertEquals(URN.value(), py.get("3").get("type").get("value").asText());

        // As in SegWriterTest: only the source CT's own non-conformant UIDs are errors.
        Dciodvfy.Report report = Dciodvfy.validate(file);
        for (String e : report.errors()) {
            assertTrue(e.contains("Illegal root for UID = <1801040320200103051513090319.697.3"), report.output());
        }
        assertEquals(2, report.errors().size(), report.output());
    }
}
