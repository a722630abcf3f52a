package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The Store Instances Response in DICOM JSON and in the Native DICOM Model (PS3.18 10.5.3, PS3.19 A.1). */
class StowResponseTest {
    private static final String JSON = """
            {
              "00081190": {"vr": "UR", "Value": ["http://pacs/dicom-web/studies/1.2.3"]},
              "00081198": {"vr": "SQ", "Value": [
                {"00081150": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.2"]},
                 "00081155": {"vr": "UI", "Value": ["1.2.3.4.2"]},
                 "00081197": {"vr": "US", "Value": [49152]}}]},
              "00081199": {"vr": "SQ", "Value": [
                {"00081150": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.2"]},
                 "00081155": {"vr": "UI", "Value": ["1.2.3.4.1"]}},
                {"00081150": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.66.4"]},
                 "00081155": {"vr": "UI", "Value": ["1.2.3.4.3"]},
                 "00081196": {"vr": "US", "Value": [45056]}}]}
            }
            """;

    private static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM">
              <DicomAttribute tag="00081198" vr="SQ" keyword="FailedSOPSequence">
                <Item number="1">
                  <DicomAttribute tag="00081150" vr="UI"><Value number="1">1.2.840.10008.5.1.4.1.1.2</Value></DicomAttribute>
                  <DicomAttribute tag="00081155" vr="UI"><Value number="1">1.2.3.4.2</Value></DicomAttribute>
                  <DicomAttribute tag="00081197" vr="US"><Value number="1">272</Value></DicomAttribute>
                </Item>
              </DicomAttribute>
              <DicomAttribute tag="00081199" vr="SQ" keyword="ReferencedSOPSequence">
                <Item number="1">
                  <DicomAttribute tag="00081150" vr="UI"><Value number="1">1.2.840.10008.5.1.4.1.1.2</Value></DicomAttribute>
                  <DicomAttribute tag="00081155" vr="UI"><Value number="1">1.2.3.4.1</Value></DicomAttribute>
                </Item>
              </DicomAttribute>
            </NativeDicomModel>
            """;

    @Test
    void jsonListsStoredInstancesWithWarningsAndFailedOnesWithReasons() throws IOException {
        StowResponse r = StowResponse.parse("application/dicom+json", JSON.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, r.referenced().size());
        assertEquals("1.2.3.4.1", r.referenced().get(0).sopInstanceUid());
        assertNull(r.referenced().get(0).reason());
        assertEquals(0xB000, r.referenced().get(1).reason());
        assertEquals(1, r.failed().size());
        assertEquals(new StowResponse.Item("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.2", 0xC000), r.failed().get(0));
    }

    @Test
    void xmlOfTheNativeDicomModelReadsTheSame() throws IOException {
        StowResponse r = StowResponse.parse("application/dicom+xml; charset=utf-8", XML.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.referenced().size());
        assertEquals("1.2.3.4.1", r.referenced().get(0).sopInstanceUid());
        assertEquals(new StowResponse.Item("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.2", 0x0110), r.failed().get(0));
    }

    @Test
    void theFormatIsRecognisedWithoutAContentType() throws IOException {
        assertEquals(2, StowResponse.parse(null, JSON.getBytes(StandardCharsets.UTF_8)).referenced().size());
        assertEquals(1, StowResponse.parse(null, XML.getBytes(StandardCharsets.UTF_8)).failed().size());
    }

    @Test
    void anXmlAnswerWithADoctypeIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<NativeDicomModel><DicomAttribute tag=\"00081199\">&e;</DicomAttribute></NativeDicomModel>";
        assertThrows(IOException.class, () -> StowResponse.parse("application/dicom+xml", xxe.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void somethingElseIsNotAResponse() {
        assertThrows(IOException.class, () -> StowResponse.parse("text/html", "<html".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> StowResponse.parse("text/plain", "oops".getBytes(StandardCharsets.UTF_8)));
    }
}
