package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.CliProcess;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.export.ExportFixtures;
import org.liverlens.core.export.OrthancPeer;
import org.liverlens.core.export.Outbox;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.export.PacsNode;
import org.liverlens.core.work.UserHome;
import org.liverlens.tools.orthanc.LocalOrthanc;

/** What send and flush say when something is refused or unreachable: the real cause, each job named, said once. */
class ExportMessagesTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path tmp;

    private CliProcess.Result cli(String... args) throws Exception {
        return CliProcess.run(home, Map.of(), args);
    }

    private PacsExport export() {
        return new PacsExport(new UserHome(home), Map.of());
    }

    @Test
    void aSopInstanceUidOver64CharactersIsRefusedBeforeQueueingNotReportedAsABrokenConnection() throws Exception {
        AttributeList list = DicomFiles.readAll(TestData.path("pydicom-data/CT_small.dcm"));
        String uid = "1.2.826.0.1.3680043.10.1234." + "1".repeat(78 - 28);
        assertEquals(78, uid.length());
        Datasets.put(list, TagFromName.SOPInstanceUID, uid);
        Path file = tmp.resolve("long-uid.dcm");
        DicomFiles.write(list, file, TransferSyntaxes.EXPLICIT_LE);

        CliProcess.Result r = cli("send", file.toString(), "--to", orthanc.dicomUri(), "--retries", "0");
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("SOP Instance UID (0008,0018) of 78 characters") && r.err().contains("at most 64")
                && r.err().contains(file.toString()), r.err());
        assertFalse(r.err().contains("running"), r.err());
        assertTrue(export().list().isEmpty(), "nothing queued");
        assertTrue(orthanc.sopInstanceUids().isEmpty());
    }

    @Test
    void anUnsetTokenVariableSaysOnceToFlushLater() throws Exception {
        assertEquals(0, cli("nodes", "add", "web", "--url", orthanc.dicomWebUrl().toString(), "--token-env",
                "LIVERLENS_TEST_TOKEN_NOT_SET").exitCode());
        CliProcess.Result r = cli("send", ExportFixtures.seg().toString(), "--to", "web", "--retries", "0");
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("LIVERLENS_TEST_TOKEN_NOT_SET, which is not set"), r.err());
        assertEquals(1, r.err().split("outbox flush", -1).length - 1, r.err());
    }

    @Test
    void flushNamesEveryJobThatCouldNotBeDelivered() throws Exception {
        PacsExport export = export();
        for (String name : List.of("down1", "down2")) {
            export.config().add(new PacsNode.Dimse(name, "NOBODY", "127.0.0.1", LocalOrthanc.freePort(), "LIVERLENS",
                    false), false);
        }
        Outbox.Queued first = export.outbox().queue(ExportFixtures.read(List.of(ExportFixtures.seg())), "down1");
        first.lock().close();
        Outbox.Queued second = export.outbox().queue(ExportFixtures.read(ExportFixtures.ctSeries().subList(0, 1)), "down2");
        second.lock().close();

        CliProcess.Result r = cli("outbox", "flush", "--retries", "0");
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("2 jobs could not be delivered") && r.err().contains(first.job().id() + " → down1")
                && r.err().contains(second.job().id() + " → down2"), r.err());
        assertEquals(1, r.err().split("outbox flush", -1).length - 1, r.err());
    }

    @Test
    void aPacsThatAcceptsTcpButNeverAnswersEndsTheSendWithExit4() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CliProcess.Result r = cli("send", ExportFixtures.seg().toString(), "--to", "dicom://PACS@127.0.0.1:"
                    + silent.getLocalPort(), "--retries", "0");
            assertEquals(4, r.exitCode(), r.toString());
            assertTrue(r.err().contains("no answer from PACS") && r.err().contains("within 10 s")
                    && r.err().contains("stays queued"), r.err());
        }
    }

    @Test
    void aFileNameWithANewlineCannotForgeAStoredLine() throws Exception {
        Path refused = ExportFixtures.withoutSeriesUid(tmp); // Orthanc refuses it (0xA700)
        Path forged = Files.move(refused, tmp.resolve("scan.dcm\nstored   fake.dcm  1.2.3  0x0000 Success"));
        CliProcess.Result r = cli("send", forged.toString(), "--to", orthanc.dicomUri());
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("stored")), r.out());
        assertTrue(r.out().contains("scan.dcm\\nstored   fake.dcm"), r.out());
        assertTrue(r.err().lines().count() == 1 && r.err().contains("scan.dcm\\nstored"), r.err());
    }

    @Test
    void infoEscapesAFileNameWithANewline() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("series"));
        Files.copy(ExportFixtures.ctSeries().get(0), folder.resolve("slice.dcm"));
        Files.writeString(folder.resolve("notes\nSeries 9: 1.2.3  [CT] #1 \"forged\""), "not DICOM");
        CliProcess.Result r = cli("info", folder.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("Series 9")), r.out());
        assertTrue(r.out().contains("notes\\nSeries 9"), r.out());
    }
}
