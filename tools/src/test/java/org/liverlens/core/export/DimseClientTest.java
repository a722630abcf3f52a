package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.PacsUnavailableException;

/** C-ECHO, C-STORE with the status of every instance, and C-FIND, against Orthanc. */
class DimseClientTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    Path tmp;

    private static List<PacsClient.InstanceResult> store(PacsNode.Dimse node, List<DicomInstance> instances) {
        List<PacsClient.InstanceResult> results = new ArrayList<>();
        new DimseClient(node).store(instances, results::add, Cancellation.NONE);
        return results;
    }

    @Test
    void echoAnswers() {
        PacsClient.EchoResult r = new DimseClient(orthanc.dimseNode("orthanc")).echo();
        assertEquals("C-ECHO", r.method());
    }

    @Test
    void ctSeriesAndSegAreStoredEachWithItsOwnStatusAndFoundByCFind() throws Exception {
        List<Path> files = new ArrayList<>(ExportFixtures.ctSeries());
        files.add(ExportFixtures.seg());
        List<DicomInstance> instances = ExportFixtures.read(files);
        List<PacsClient.InstanceResult> results = store(orthanc.dimseNode("orthanc"), instances);
        assertEquals(files.size(), results.size());
        for (PacsClient.InstanceResult r : results) {
            assertEquals(PacsClient.Outcome.STORED, r.outcome(), r.toString());
            assertEquals("0x0000", r.status());
        }
        Set<String> sent = instances.stream().map(DicomInstance::sopInstanceUid).collect(Collectors.toSet());
        assertEquals(sent, orthanc.sopInstanceUids());
        DicomInstance ct = instances.get(0);
        Set<String> found = new DimseClient(orthanc.dimseNode("orthanc")).instancesIn(ct.studyInstanceUid(),
                ct.seriesInstanceUid());
        long inSeries = instances.stream().filter(i -> ct.seriesInstanceUid().equals(i.seriesInstanceUid())).count();
        assertEquals(inSeries, found.size());
        assertTrue(found.contains(ct.sopInstanceUid()));
    }

    @Test
    void everyTransferSyntaxIsSentAsItIsOrReencoded() throws Exception {
        // Implicit and big-endian files travel in a syntax Orthanc accepts; JPEG 2000 as it is; a bare dataset too.
        List<DicomInstance> instances = ExportFixtures.read(List.of(TestData.path("pydicom-data/MR_small_implicit.dcm"),
                TestData.path("pydicom-data/emri_small_big_endian.dcm"),
                TestData.path("pydicom-data/liver_j2k.dcm"),
                ExportFixtures.bareDataset(tmp)));
        List<PacsClient.InstanceResult> results = store(orthanc.dimseNode("orthanc"), instances);
        assertEquals(4, results.size());
        results.forEach(r -> assertTrue(r.stored(), r.toString()));
        assertEquals(instances.stream().map(DicomInstance::sopInstanceUid).collect(Collectors.toSet()),
                orthanc.sopInstanceUids());
    }

    @Test
    void anInstanceOrthancRefusesIsReportedWithItsStatusWhileTheOthersAreStored() throws Exception {
        Path bad = ExportFixtures.withoutSeriesUid(tmp);
        List<DicomInstance> instances = ExportFixtures.read(List.of(ExportFixtures.ctSeries().get(0), bad, ExportFixtures.ctSeries().get(1)));
        List<PacsClient.InstanceResult> results = store(orthanc.dimseNode("orthanc"), instances);
        assertEquals(3, results.size());
        assertEquals(PacsClient.Outcome.STORED, results.get(0).outcome());
        assertEquals(PacsClient.Outcome.FAILED, results.get(1).outcome());
        // Orthanc answers 0xA700 (out of resources) when it cannot index an instance without Series Instance UID.
        assertEquals("0xA700", results.get(1).status());
        assertTrue(results.get(1).reason().contains("out of resources"), results.get(1).reason());
        assertEquals(PacsClient.Outcome.STORED, results.get(2).outcome());
        assertEquals(2, orthanc.sopInstanceUids().size());
        assertFalse(orthanc.sopInstanceUids().contains(instances.get(1).sopInstanceUid()));
    }

    @Test
    void aSopClassThePacsDoesNotAcceptIsRefusedWithoutHarmingTheOthers() throws Exception {
        Path odd = ExportFixtures.unknownSopClass(tmp);
        List<DicomInstance> instances = ExportFixtures.read(List.of(odd, ExportFixtures.ctSeries().get(0)));
        List<PacsClient.InstanceResult> results = store(orthanc.dimseNode("orthanc"), instances);
        assertEquals(PacsClient.Outcome.FAILED, results.get(0).outcome());
        assertTrue(results.get(0).reason().contains("no presentation context"), results.get(0).reason());
        assertEquals(PacsClient.Outcome.STORED, results.get(1).outcome());
        assertEquals(Set.of(instances.get(1).sopInstanceUid()), orthanc.sopInstanceUids());
    }

    @Test
    void anUnknownCallingAeTitleIsRejectedAndSaysSo() {
        PacsNode.Dimse stranger = orthanc.dimseNode("orthanc", "STRANGER", orthanc.dicomPort());
        PacsUnavailableException e = assertThrows(PacsUnavailableException.class, () -> new DimseClient(stranger).echo());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("rejected the association") && e.getMessage().contains("STRANGER"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("calling ae title not recognized"), e.getMessage());
        assertThrows(PacsUnavailableException.class, () -> store(stranger, ExportFixtures.read(List.of(ExportFixtures.seg()))));
        assertTrue(orthanc.sopInstanceUids().isEmpty());
    }

    @Test
    void aWrongCalledAeTitleIsRejected() {
        PacsNode.Dimse wrong = new PacsNode.Dimse("orthanc", "NOT-ORTHANC", "127.0.0.1", orthanc.dicomPort(),
                OrthancPeer.CALLING_AET, false);
        PacsUnavailableException e = assertThrows(PacsUnavailableException.class, () -> new DimseClient(wrong).echo());
        assertTrue(e.getMessage().toLowerCase().contains("called ae title not recognized"), e.getMessage());
    }

    @Test
    void aPortWithoutPacsIsUnreachableAndWorthRetrying() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PacsNode.Dimse nobody = orthanc.dimseNode("nobody", OrthancPeer.CALLING_AET, port);
        PacsUnavailableException e = assertThrows(PacsUnavailableException.class,
                () -> store(nobody, ExportFixtures.read(List.of(ExportFixtures.seg()))));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }
}
