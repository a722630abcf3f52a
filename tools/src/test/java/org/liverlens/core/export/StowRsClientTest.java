package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.PacsUnavailableException;

/** STOW-RS with per-instance answers, QIDO-RS, and whole-request refusals, against Orthanc's DICOMweb plugin. */
class StowRsClientTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    Path tmp;

    private static List<PacsClient.InstanceResult> store(StowRsClient client, List<DicomInstance> instances) {
        List<PacsClient.InstanceResult> results = new ArrayList<>();
        client.store(instances, results::add, Cancellation.NONE);
        return results;
    }

    private static StowRsClient client(PacsNode.DicomWeb node) {
        return new StowRsClient(node, Map.of());
    }

    @Test
    void ctSeriesAndSegAreStoredAndQidoFindsThem() throws Exception {
        List<Path> files = new ArrayList<>(ExportFixtures.ctSeries());
        files.add(ExportFixtures.seg());
        List<DicomInstance> instances = ExportFixtures.read(files);
        List<PacsClient.InstanceResult> results = store(client(orthanc.dicomWebNode("web")), instances);
        assertEquals(instances.size(), results.size());
        results.forEach(r -> assertEquals(PacsClient.Outcome.STORED, r.outcome(), r.toString()));
        assertEquals(instances.stream().map(DicomInstance::sopInstanceUid).collect(Collectors.toSet()),
                orthanc.sopInstanceUids());
        DicomInstance seg = instances.get(instances.size() - 1);
        assertEquals(Set.of(seg.sopInstanceUid()), client(orthanc.dicomWebNode("web"))
                .instancesIn(seg.studyInstanceUid(), seg.seriesInstanceUid()));
    }

    @Test
    void theXmlResponseIsReadLikeTheJsonOne() throws Exception {
        List<DicomInstance> instances = ExportFixtures.read(List.of(ExportFixtures.ctSeries().get(0), ExportFixtures.withoutSeriesUid(tmp)));
        StowRsClient xml = new StowRsClient(orthanc.dicomWebNode("web"), Map.of(), StowRsClient.ACCEPT_XML);
        List<PacsClient.InstanceResult> results = store(xml, instances);
        assertEquals(PacsClient.Outcome.STORED, results.get(0).outcome(), results.get(0).toString());
        assertEquals(PacsClient.Outcome.FAILED, results.get(1).outcome(), results.get(1).toString());
        assertEquals("FailureReason 0xC000", results.get(1).status());
    }

    @Test
    void anInstanceOrthancRefusesIsReportedWithItsFailureReasonWhileTheOthersAreStored() throws Exception {
        Path bad = ExportFixtures.withoutSeriesUid(tmp);
        List<Path> ct = ExportFixtures.ctSeries();
        List<DicomInstance> instances = ExportFixtures.read(List.of(ct.get(0), bad, ct.get(1), ExportFixtures.bareDataset(tmp)));
        List<PacsClient.InstanceResult> results = store(client(orthanc.dicomWebNode("web")), instances);
        assertEquals(4, results.size());
        assertEquals(PacsClient.Outcome.STORED, results.get(0).outcome());
        PacsClient.InstanceResult refused = results.get(1);
        assertEquals(PacsClient.Outcome.FAILED, refused.outcome());
        // Orthanc lists it in the Failed SOP Sequence (0008,1198) with Failure Reason 0xC000 and answers HTTP 400.
        assertEquals("FailureReason 0xC000", refused.status());
        assertTrue(refused.reason().contains("cannot understand") && refused.reason().contains("HTTP 400"), refused.reason());
        assertEquals(PacsClient.Outcome.STORED, results.get(2).outcome());
        assertEquals(PacsClient.Outcome.STORED, results.get(3).outcome(), "a bare dataset is sent with file meta information");
        assertEquals(3, orthanc.sopInstanceUids().size());
        assertFalse(orthanc.sopInstanceUids().contains(instances.get(1).sopInstanceUid()));
    }

    @Test
    void aWrongPathIsRefusedAsAWholeWithHttp404() throws Exception {
        PacsNode.DicomWeb wrong = new PacsNode.DicomWeb("web", URI.create(orthanc.dicomWebUrl() + "/no-such-root"),
                HttpAuth.NONE, null, null);
        PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                () -> store(client(wrong), ExportFixtures.read(List.of(ExportFixtures.seg()))));
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("base URL"), e.hint().orElseThrow());
        assertTrue(orthanc.sopInstanceUids().isEmpty());
    }

    @Test
    void echoIsAQidoQuery() {
        PacsClient.EchoResult r = client(orthanc.dicomWebNode("web")).echo();
        assertEquals("QIDO-RS", r.method());
        assertTrue(r.detail().contains("HTTP 200") || r.detail().contains("HTTP 204"), r.detail());
    }

    @Test
    void aPortWithoutServerIsUnreachableAndWorthRetrying() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PacsNode.DicomWeb nobody = new PacsNode.DicomWeb("nobody", URI.create("http://127.0.0.1:" + port + "/dicom-web"),
                HttpAuth.NONE, null, null);
        PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                () -> store(client(nobody), ExportFixtures.read(List.of(ExportFixtures.seg()))));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }
}
