package org.liverlens.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;

/**
 * A queued job is immutable: the outbox sends its own copies, checked against the size and
 * SHA-256 recorded when it was queued, whatever happens to the sources afterwards. Against Orthanc.
 */
class QueuedCopyTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path tmp;

    private PacsExport export() {
        PacsExport e = new PacsExport(new UserHome(home), Map.of());
        e.config().add(orthanc.dimseNode("orthanc"), false);
        return e;
    }

    /** Three CT slices copied to a folder of the test's own (the shared data is never touched). */
    private List<Path> sources() throws Exception {
        List<Path> out = new ArrayList<>();
        for (Path p : ExportFixtures.ctSeries().subList(0, 3)) {
            out.add(Files.copy(p, tmp.resolve(p.getFileName())));
        }
        return out;
    }

    /** Queues the files for Orthanc without sending them (the sender's lock is let go at once). */
    private static OutboxJob queue(PacsExport export, List<Path> files) {
        Outbox.Queued q = export.outbox().queue(ExportFixtures.read(files), "orthanc");
        q.lock().close();
        return q.job();
    }

    /** Rewrites a file in place (same inode: what an editor or a re-export into the same file does) with new Image Comments. */
    private static void rewriteInPlace(Path file, String imageComments) throws Exception {
        AttributeList list = DicomFiles.readAll(file);
        Datasets.put(list, TagFromName.ImageComments, imageComments);
        Path rewritten = file.resolveSibling(file.getFileName() + ".new");
        DicomFiles.write(list, rewritten, TransferSyntaxes.EXPLICIT_LE);
        Files.write(file, Files.readAllBytes(rewritten));
        Files.delete(rewritten);
    }

    /** The Image Comments of the instance Orthanc stored (its REST API), or null when it has none. */
    private static String storedImageComments(String sopInstanceUid) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI rest = orthanc.orthanc().restUrl();
        JsonNode found = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(rest.resolve("/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build(), HttpResponse.BodyHandlers.ofString()).body());
        String id = found.get(0).get("ID").asText();
        JsonNode tags = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(rest.resolve("/instances/" + id
                + "/simplified-tags")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        return tags.has("ImageComments") ? tags.get("ImageComments").asText() : null;
    }

    @Test
    void aSourceRewrittenInPlaceAfterQueueingDoesNotChangeWhatThePacsReceives() throws Exception {
        PacsExport export = export();
        List<Path> files = sources();
        String before = "AS QUEUED";
        rewriteInPlace(files.get(1), before);
        OutboxJob job = queue(export, files);
        rewriteInPlace(files.get(1), "CHANGED AFTER QUEUEING");

        List<SendReport> r = export.flush(false, OutboxSender.Options.defaults(), Progress.NONE, Cancellation.NONE);
        assertEquals(3, r.get(0).count(SendReport.State.SENT), r.toString());
        assertTrue(r.get(0).removed());
        assertEquals(before, storedImageComments(job.instances().get(1).sopInstanceUid()),
                "the PACS gets what was queued, not what the file became");
    }

    @Test
    void aSourceWhoseHeaderGrewAfterQueueingIsStillDeliveredAsQueued() throws Exception {
        // Before the fix the job's hard link followed the rewrite: the recorded dataset offset pointed
        // into the grown header, the association was aborted, and every flush failed with exit 4.
        PacsExport export = export();
        List<Path> files = sources();
        OutboxJob job = queue(export, files);
        rewriteInPlace(files.get(0), "a much longer header ".repeat(400));
        assertTrue(Files.size(files.get(0)) > job.instances().get(0).bytes(), "the header grew");

        List<SendReport> r = export.flush(false, OutboxSender.Options.defaults().withRetries(0), Progress.NONE,
                Cancellation.NONE);
        assertNull(r.get(0).unavailable(), () -> r.get(0).unavailable().getMessage());
        assertEquals(3, r.get(0).count(SendReport.State.SENT));
        assertNull(storedImageComments(job.instances().get(0).sopInstanceUid()));
        assertTrue(export.list().isEmpty());
    }

    @Test
    void aQueuedCopyThatChangedIsFailedWithAClearMessageAndNotSent() throws Exception {
        PacsExport export = export();
        OutboxJob job = queue(export, sources());
        Path copy = job.instances().get(2).file();
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length - 1] ^= 0x55; // one pixel of the outbox's own copy: a disk fault, or someone editing it
        Files.write(copy, bytes);

        List<SendReport> r = export.flush(false, OutboxSender.Options.defaults(), Progress.NONE, Cancellation.NONE);
        assertEquals(2, r.get(0).count(SendReport.State.SENT));
        SendReport.Instance failed = r.get(0).failures().get(0);
        assertEquals("changed", failed.status());
        assertTrue(failed.reason().contains("instances/000003.dcm changed after queueing")
                && failed.reason().contains("SHA-256"), failed.reason());
        assertFalse(orthanc.sopInstanceUids().contains(job.instances().get(2).sopInstanceUid()), "never sent");
        assertFalse(r.get(0).removed(), "the job stays until it is cleared");
    }

    @Test
    void aJobQueuedByAnEarlierVersionWhoseLinkedSourceGrewIsFailedInsteadOfRetriedForever() throws Exception {
        PacsExport export = export();
        List<Path> files = sources();
        OutboxJob job = queue(export, files);
        // as format 1 queued it: a hard link to the source, no checksums
        Path journal = job.dir().resolve("job.json");
        ObjectNode o = (ObjectNode) new ObjectMapper().readTree(journal.toFile());
        o.put("format", "liverlens-outbox-job/1");
        o.get("instances").forEach(n -> ((ObjectNode) n).remove("sha256"));
        Files.write(journal, new ObjectMapper().writeValueAsBytes(o));
        Path linked = job.instances().get(0).file();
        Files.delete(linked);
        Files.createLink(linked, files.get(0));
        rewriteInPlace(files.get(0), "a much longer header ".repeat(400));

        List<SendReport> r = export.flush(false, OutboxSender.Options.defaults().withRetries(0), Progress.NONE,
                Cancellation.NONE);
        assertNull(r.get(0).unavailable(), () -> r.get(0).unavailable().getMessage());
        assertEquals(2, r.get(0).count(SendReport.State.SENT));
        assertEquals(1, r.get(0).failures().size());
        assertTrue(r.get(0).failures().get(0).reason().contains("changed after queueing"),
                r.get(0).failures().get(0).reason());
    }

    @Test
    void theJournalRecordsEachCopysSizeAndSha256AndTheCopiesAreOwnerOnly() throws Exception {
        PacsExport export = export();
        List<Path> files = sources();
        OutboxJob job = queue(export, files);
        JsonNode journal = new ObjectMapper().readTree(job.dir().resolve("job.json").toFile());
        assertEquals("liverlens-outbox-job/2", journal.get("format").asText());
        for (int i = 0; i < 3; i++) {
            JsonNode n = journal.get("instances").get(i);
            assertEquals(InstanceCopy.sha256(files.get(i)), n.get("sha256").asText());
            assertEquals(Files.size(files.get(i)), n.get("bytes").asLong());
            Path copy = job.instances().get(i).file();
            assertFalse(Files.isSameFile(copy, files.get(i)), "a copy, not a link to the source");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(job.dir().resolve("job.json"))));
    }
}
