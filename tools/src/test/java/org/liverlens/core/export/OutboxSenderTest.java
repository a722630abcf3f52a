package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.tools.orthanc.LocalOrthanc;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;

/** Delivery from the outbox against Orthanc: retries with back-off, verification, jobs held by another sender. */
class OutboxSenderTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    Path home;

    private PacsExport export() {
        PacsExport e = new PacsExport(new UserHome(home), Map.of());
        e.config().add(orthanc.dimseNode("orthanc"), false);
        return e;
    }

    private static List<DicomInstance> ct(int n) throws Exception {
        return ExportFixtures.read(ExportFixtures.ctSeries().subList(0, n));
    }

    @Test
    void verificationFindsWhatThePacsLostAndTheNextFlushSendsItAgain() throws Exception {
        PacsExport export = export();
        List<DicomInstance> instances = ct(4);
        Outbox.Queued q = export.outbox().queue(instances, "orthanc");
        // Confirmed earlier, as far as the journal knows; but the PACS holds only two of the four.
        JobState state = export.outbox().state(q.job());
        for (int i = 0; i < 4; i++) {
            state.markDone(i);
        }
        state.save(q.job().dir());
        new DimseClient(orthanc.dimseNode("orthanc")).store(List.of(instances.get(0), instances.get(2)), r -> { },
                Cancellation.NONE);

        OutboxSender.Options verify = OutboxSender.Options.defaults().withVerify(true);
        SendReport r = new OutboxSender(export.outbox(), export::client).send(q.job(), q.lock(), List.of(), verify,
                Progress.NONE, Cancellation.NONE);
        assertEquals("C-FIND", r.verification());
        assertEquals(2, r.failures().size());
        assertTrue(r.failures().get(0).reason().contains("C-FIND does not find it"), r.failures().get(0).reason());
        assertFalse(r.removed());

        List<SendReport> again = export.flush(false, verify, Progress.NONE, Cancellation.NONE);
        assertEquals(1, again.size());
        assertEquals(2, again.get(0).count(SendReport.State.SENT));
        assertEquals(2, again.get(0).count(SendReport.State.SENT_EARLIER));
        assertTrue(again.get(0).removed());
        assertEquals(4, orthanc.sopInstanceUids().size());
        assertTrue(export.list().isEmpty());
    }

    @Test
    void anUnreachablePacsIsRetriedWithGrowingWaitsAndTheJobKept() throws Exception {
        PacsExport export = export();
        export.config().add(orthanc.dimseNode("down", OrthancPeer.CALLING_AET, LocalOrthanc.freePort()), false);
        OutboxSender.Options options = new OutboxSender.Options(2, Duration.ofMillis(100), Duration.ofSeconds(5), false);
        long t0 = System.nanoTime();
        SendReport r = export.send(ExportFixtures.ctSeries().subList(0, 2), "down", options, Progress.NONE,
                Cancellation.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertNotNull(r.unavailable());
        assertTrue(r.unavailable().isTransient());
        assertEquals(2, r.count(SendReport.State.PENDING));
        assertTrue(ms >= 50 + 100, "two back-offs of at least half of 100 and 200 ms, took " + ms);
        PacsExport.JobSummary job = export.list().get(0);
        assertEquals(3, job.attempts());
        assertNotNull(job.nextAttempt(), "a scheduled flush waits for the back-off");
        assertTrue(job.lastError().contains("connection refused"), job.lastError());
        // A scheduled flush (due only) leaves it alone until then.
        assertTrue(export.flush(true, options, Progress.NONE, Cancellation.NONE).isEmpty());
    }

    @Test
    void aPacsRejectingOurAeTitleEndsTheSendAtOnceAndKeepsTheJob() throws Exception {
        PacsExport export = export();
        export.config().add(orthanc.dimseNode("stranger", "STRANGER", orthanc.dicomPort()), false);
        SendReport r = export.send(ExportFixtures.ctSeries().subList(0, 2), "stranger", OutboxSender.Options.defaults(),
                Progress.NONE, Cancellation.NONE);
        assertNotNull(r.unavailable());
        assertFalse(r.unavailable().isTransient(), "waiting does not make the PACS know us");
        assertTrue(r.unavailable().getMessage().toLowerCase().contains("calling ae title not recognized"),
                r.unavailable().getMessage());
        assertEquals(1, export.list().get(0).attempts(), "no retries for a permanent rejection");
        assertEquals(0, export.list().get(0).confirmed());
        assertTrue(orthanc.sopInstanceUids().isEmpty());
    }

    @Test
    void aJobAnotherSenderHoldsIsLeftAlone() throws Exception {
        PacsExport export = export();
        Outbox.Queued q = export.outbox().queue(ct(1), "orthanc");
        assertTrue(export.flush(false, OutboxSender.Options.defaults(), Progress.NONE, Cancellation.NONE).isEmpty());
        assertTrue(export.list().get(0).beingSent());
        assertTrue(export.clear(List.of()).isEmpty(), "clear leaves a job being sent alone");
        q.lock().close();
        List<SendReport> r = export.flush(false, OutboxSender.Options.defaults(), Progress.NONE, Cancellation.NONE);
        assertEquals(1, r.get(0).count(SendReport.State.SENT));
        assertNull(r.get(0).unavailable());
        assertEquals(Set.of(q.job().instances().get(0).sopInstanceUid()), orthanc.sopInstanceUids());
    }

    @Test
    void backOffDoublesUpToItsCapWithJitter() {
        OutboxSender.Options o = new OutboxSender.Options(5, Duration.ofSeconds(1), Duration.ofSeconds(10), false);
        for (int i = 0; i < 50; i++) {
            long first = o.backoff(1).toMillis();
            long third = o.backoff(3).toMillis();
            long tenth = o.backoff(10).toMillis();
            assertTrue(first >= 500 && first <= 1000, "first " + first);
            assertTrue(third >= 2000 && third <= 4000, "third " + third);
            assertTrue(tenth >= 5000 && tenth <= 10000, "capped " + tenth);
        }
    }
}
