package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.work.InvalidInputException;

/** config.json: nodes round-trip, other entries survive, secrets are never stored nor read. */
class NodeConfigTest {
    @TempDir
    Path tmp;

    @Test
    void nodesRoundTripAndOtherEntriesSurvive() throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"viewer\": {\"theme\": \"dark\"}}");
        NodeConfig config = new NodeConfig(file);
        config.add(new PacsNode.Dimse("pacs", "ORTHANC", "pacs.example.org", 104, null, false), false);
        config.add(new PacsNode.DicomWeb("web", URI.create("https://pacs.example.org/dicom-web/"),
                new HttpAuth.Basic("PACS_USER", "PACS_PASSWORD"), tmp.resolve("ca.pem"), null), false);
        config.add(new PacsNode.DicomWeb("cloud", URI.create("https://cloud.example.org/dicomweb"),
                new HttpAuth.Bearer("PACS_TOKEN"), null, null), false);

        List<PacsNode> nodes = new NodeConfig(file).nodes();
        assertEquals(List.of("pacs", "web", "cloud"), nodes.stream().map(PacsNode::name).toList());
        PacsNode.Dimse pacs = assertInstanceOf(PacsNode.Dimse.class, nodes.get(0));
        assertEquals("LIVERLENS", pacs.callingAet());
        assertEquals("ORTHANC@pacs.example.org:104", pacs.address());
        PacsNode.DicomWeb web = assertInstanceOf(PacsNode.DicomWeb.class, nodes.get(1));
        assertEquals(URI.create("https://pacs.example.org/dicom-web"), web.baseUrl(), "no trailing slash");
        assertEquals(new HttpAuth.Basic("PACS_USER", "PACS_PASSWORD"), web.auth());
        assertEquals(new HttpAuth.Bearer("PACS_TOKEN"), ((PacsNode.DicomWeb) nodes.get(2)).auth());
        String json = Files.readString(file);
        assertTrue(json.contains("\"theme\" : \"dark\""), json);
        assertTrue(new NodeConfig(file).remove("web"));
        assertFalse(new NodeConfig(file).remove("web"));
        assertEquals(2, new NodeConfig(file).nodes().size());
    }

    @Test
    void aNameThatExistsIsRefusedUnlessReplaced() {
        NodeConfig config = new NodeConfig(tmp.resolve("config.json"));
        config.add(new PacsNode.Dimse("pacs", "A", "h", 104, null, false), false);
        assertThrows(InvalidInputException.class,
                () -> config.add(new PacsNode.Dimse("pacs", "B", "h", 104, null, false), false));
        config.add(new PacsNode.Dimse("pacs", "B", "h", 104, null, false), true);
        assertEquals("B", ((PacsNode.Dimse) config.find("pacs").orElseThrow()).calledAet());
    }

    @Test
    void aSecretWrittenIntoTheFileIsRefusedNotUsed() throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"nodes\": {\"web\": {\"type\": \"dicomweb\", \"url\": \"https://h/dw\", "
                + "\"password\": \"hunter2\"}}}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new NodeConfig(file).nodes());
        assertTrue(e.getMessage().contains("'password'") && !e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void credentialsOptionsTakeVariableNamesAndUrlsTakeNoCredentials() {
        assertThrows(InvalidInputException.class, () -> new HttpAuth.Bearer("eyJhbGciOi.J9.x"));
        assertThrows(InvalidInputException.class, () -> new HttpAuth.Basic("alice", "s3cret!"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PacsNode.DicomWeb("web",
                URI.create("https://alice:s3cret@pacs.example.org/dicom-web"), HttpAuth.NONE, null, null));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aeTitlesPortsAndUrlsAreChecked() {
        assertThrows(InvalidInputException.class, () -> new PacsNode.Dimse("p", "SEVENTEEN-CHARS-X", "h", 104, null, false));
        assertThrows(InvalidInputException.class, () -> new PacsNode.Dimse("p", "A\\B", "h", 104, null, false));
        assertThrows(InvalidInputException.class, () -> new PacsNode.Dimse("p", "A", "h", 0, null, false));
        assertThrows(InvalidInputException.class, () -> new PacsNode.Dimse("p q", "A", "h", 104, null, false));
        assertThrows(InvalidInputException.class,
                () -> new PacsNode.DicomWeb("w", URI.create("ftp://h/x"), HttpAuth.NONE, null, null));
    }

    @Test
    void destinationsAreNodeNamesOrUris() {
        NodeConfig config = new NodeConfig(tmp.resolve("config.json"));
        config.add(new PacsNode.Dimse("pacs", "ORTHANC", "10.0.0.5", 4242, "WS1", false), false);
        assertEquals("WS1", ((PacsNode.Dimse) config.resolve("pacs", "LIVERLENS")).callingAet());
        PacsNode.Dimse uri = (PacsNode.Dimse) config.resolve("dicom://STORESCP@127.0.0.1:11112", "LIVERLENS");
        assertEquals("STORESCP", uri.calledAet());
        assertEquals(11112, uri.port());
        assertEquals("LIVERLENS", uri.callingAet());
        PacsNode.DicomWeb web = (PacsNode.DicomWeb) config.resolve("https://pacs.example.org/dicomweb", "LIVERLENS");
        assertEquals(HttpAuth.NONE, web.auth());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> config.resolve("nowhere", "LIVERLENS"));
        assertTrue(e.hint().orElseThrow().contains("pacs"), e.hint().orElseThrow());
        assertThrows(InvalidInputException.class, () -> config.resolve("dicom://127.0.0.1:104", "LIVERLENS"));
    }
}
