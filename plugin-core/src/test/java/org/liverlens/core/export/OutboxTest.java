package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on disk: the journal is complete before anything is sent, state is atomic, crashes leave nothing half-done. */
class OutboxTest {
    @TempDir
    Path tmp;

    private List<DicomInstance> instances() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (Path p : ExportFixtures.ctSeries().subList(0, 3)) {
            Files.copy(p, src.resolve(p.getFileName()));
        }
        return ExportFixtures.read(List.of(src));
    }

    @Test
    void queueingWritesTheJournalAndTheJobsOwnFilesAndHoldsTheLock() throws Exception {
        List<DicomInstance> instances = instances();
        Outbox outbox = new Outbox(tmp.resolve("outbox"));
        Outbox.Queued q = outbox.queue(instances, "pacs");
        OutboxJob job = q.job();
        assertTrue(Files.isRegularFile(job.dir().resolve("job.json")));
        assertFalse(Files.exists(job.dir().resolve("state.json")), "nothing confirmed yet");
        JsonNode journal = new ObjectMapper().readTree(job.dir().resolve("job.json").toFile());
        assertEquals("liverlens-outbox-job/2", journal.get("format").asText());
        assertEquals("pacs", journal.get("destination").asText());
        assertEquals(3, journal.get("instances").size());
        JsonNode first = journal.get("instances").get(0);
        assertEquals("instances/000001.dcm", first.get("file").asText());
        assertEquals(instances.get(0).sopInstanceUid(), first.get("sopInstanceUid").asText());
        assertEquals(instances.get(0).file().toString(), first.get("source").asText());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Files.readAllBytes(instances.get(i).file()), Files.readAllBytes(job.instances().get(i).file()));
        }
        assertTrue(outbox.tryLock(job).isEmpty(), "the queuing sender holds the job");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox.dir())),
                "patient data: the outbox is private to its owner");
        q.lock().close();
        // The job is the outbox's own: it survives the originals being deleted.
        for (DicomInstance d : instances) {
            Files.delete(d.file());
        }
        OutboxJob again = outbox.job(job.id());
        assertEquals(job.instances(), again.instances());
        assertTrue(Files.isRegularFile(again.instances().get(2).file()));
    }

    @Test
    void stateIsRewrittenWholeAndReadBack() throws Exception {
        Outbox outbox = new Outbox(tmp.resolve("outbox"));
        Outbox.Queued q = outbox.queue(instances(), "pacs");
        q.lock().close();
        JobState s = outbox.state(q.job());
        s.attemptStarted(Instant.parse("2026-01-02T03:04:05Z"));
        s.markDone(0);
        s.markDone(2);
        s.markFailed(1, new JobState.Failure("0xA700", "Refused: out of resources"));
        s.attemptFailed("connection refused", Instant.parse("2026-01-02T03:05:05Z"), true);
        s.save(q.job().dir());
        JobState back = outbox.state(q.job());
        assertTrue(back.isDone(0) && back.isDone(2) && !back.isDone(1));
        assertEquals(Map.of(1, new JobState.Failure("0xA700", "Refused: out of resources")), back.failed());
        assertEquals(1, back.attempts());
        assertEquals("connection refused", back.lastError());
        assertEquals(Instant.parse("2026-01-02T03:05:05Z"), back.nextAttempt());
        back.markDone(1);
        assertTrue(back.failed().isEmpty(), "a later confirmation clears the failure");
        try (var files = Files.list(q.job().dir())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void whatKilledProcessesLeftIsClearedAndJobsBeingQueuedAreNot() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("outbox"));
        Files.createDirectories(dir.resolve(".incoming-20260101-000000-aaaaaa/instances"));
        Files.writeString(dir.resolve(".incoming-20260101-000000-aaaaaa/instances/000001.dcm"), "half");
        Files.createDirectories(dir.resolve(".removing-20260101-000000-bbbbbb/instances"));
        Outbox outbox = new Outbox(dir);
        Outbox.Queued live = outbox.queue(instances(), "pacs");
        assertEquals(1, outbox.jobs().size());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(live.job().id()), files.map(p -> p.getFileName().toString()).toList());
        }
        outbox.remove(live.job(), live.lock());
        assertTrue(outbox.jobs().isEmpty());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aJobIsFoundByAUniquePrefixOfItsId() throws Exception {
        Outbox outbox = new Outbox(tmp.resolve("outbox"));
        Outbox.Queued q = outbox.queue(instances(), "dicom://A@h:1");
        q.lock().close();
        assertEquals(q.job().id(), outbox.job(q.job().id().substring(0, 18)).id());
        assertNull(outbox.state(q.job()).lastError());
    }
}
