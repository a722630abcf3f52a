package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.CliProcess;
import org.liverlens.core.export.DicomInstance;
import org.liverlens.core.export.ExportFixtures;
import org.liverlens.core.export.OrthancPeer;
import org.liverlens.core.export.Outbox;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.work.UserHome;

/** One damaged job never jams the outbox: it is set aside (said, files kept), the others are sent, and clear removes it. */
class DamagedOutboxTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    Path home;

    private CliProcess.Result cli(String... args) throws Exception {
        return CliProcess.run(home, Map.of(), args);
    }

    /** Queues CT slices {@code from}..{@code to} for Orthanc, unsent. */
    private Outbox.Queued queue(int from, int to) throws Exception {
        PacsExport export = new PacsExport(new UserHome(home), Map.of());
        if (export.config().find("orthanc").isEmpty()) {
            export.config().add(orthanc.dimseNode("orthanc"), false);
        }
        List<DicomInstance> instances = ExportFixtures.read(ExportFixtures.ctSeries().subList(from, to));
        Outbox.Queued q = export.outbox().queue(instances, "orthanc");
        q.lock().close();
        return q;
    }

    @Test
    void aTruncatedJournalIsSetAsideTheOtherJobIsSentAndClearRemovesIt() throws Exception {
        Outbox.Queued damaged = queue(0, 2);
        Outbox.Queued healthy = queue(2, 4);
        Path journal = damaged.job().dir().resolve("job.json");
        byte[] bytes = Files.readAllBytes(journal);
        Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // cut short
        String id = damaged.job().id();

        CliProcess.Result list = cli("outbox", "list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().contains("damaged  job " + id + " set aside") && list.out().contains(healthy.job().id()),
                list.out());

        CliProcess.Result flush = cli("outbox", "flush");
        assertEquals(5, flush.exitCode(), flush.toString());
        assertTrue(flush.out().contains("2 stored") && flush.out().contains("delivered, removed from the outbox"), flush.out());
        assertTrue(flush.err().contains("1 damaged job(s) set aside, not sent") && flush.err().contains(id)
                && flush.err().contains("outbox clear --yes " + id), flush.err());
        assertEquals(2, orthanc.sopInstanceUids().size(), "the healthy job went out");
        assertTrue(Files.isRegularFile(damaged.job().instances().get(1).file()), "the damaged job's files are kept");

        CliProcess.Result clear = cli("outbox", "clear", "--yes", id);
        assertEquals(0, clear.exitCode(), clear.toString());
        assertTrue(clear.out().contains("removed 1 job(s) from the outbox: " + id), clear.out());
        assertFalse(Files.exists(damaged.job().dir()));
    }

    @Test
    void aStateWithIndicesOutOfRangeIsSetAsideInsteadOfAnInternalError() throws Exception {
        Outbox.Queued q = queue(0, 2);
        Files.writeString(q.job().dir().resolve("state.json"), "{\"format\": \"liverlens-outbox-state/1\", \"attempts\": 1,"
                + " \"done\": [0, 7], \"failed\": [{\"index\": -3, \"status\": \"0xA700\", \"reason\": \"x\"}]}");

        CliProcess.Result flush = cli("outbox", "flush");
        assertEquals(5, flush.exitCode(), flush.toString());
        assertTrue(flush.out().contains("instance index 7 is not between 0 and 1"), flush.out());
        assertTrue(orthanc.sopInstanceUids().isEmpty());
        CliProcess.Result clearAll = cli("outbox", "clear", "--yes");
        assertEquals(0, clearAll.exitCode(), clearAll.toString());
        assertTrue(new PacsExport(new UserHome(home), Map.of()).damaged().isEmpty());
    }

    @Test
    void aJournalNamingAFileOutsideItsJobIsDamagedAndNothingIsSent() throws Exception {
        Outbox.Queued q = queue(0, 1);
        Path journal = q.job().dir().resolve("job.json");
        Files.writeString(journal, Files.readString(journal).replace("instances/000001.dcm", "../../config.json"));

        PacsExport export = new PacsExport(new UserHome(home), Map.of());
        List<Outbox.DamagedJob> damaged = export.damaged();
        assertEquals(1, damaged.size());
        assertTrue(damaged.get(0).problem().contains("lies outside the job's instances/ folder"), damaged.get(0).problem());
        assertTrue(export.list().isEmpty());
    }
}
