package org.liverlens.testdicom.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.CliProcess;
import org.liverlens.core.export.LoopbackRelay;
import org.liverlens.core.export.NodeConfig;
import org.liverlens.core.export.OrthancPeer;
import org.liverlens.core.work.UserHome;

/**
 * {@code liverlens send} of 50 instances, killed with SIGKILL half-way (over a slow link, so that
 * the kill lands while instances stream out), then {@code outbox flush}: every instance arrives,
 * the outbox ends empty, and no instance was ever recorded as sent that the PACS does not hold.
 */
class SigkillDuringSendTest {
    @RegisterExtension
    static final OrthancPeer orthanc = OrthancPeer.perClass();
    private static LoopbackRelay slowLink;

    @TempDir
    static Path data;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        // About 3 slices of 64×64 a second.
        slowLink = LoopbackRelay.throttled(orthanc.dicomPort(), 30_000);
    }

    @AfterAll
    static void stop() {
        slowLink.close();
    }

    @Test
    void killedHalfWayThenFlushedEverythingArrivesOnceRecordedAndTheOutboxEndsEmpty() throws Exception {
        GeneratedStudy study = GeneratedStudy.write(data, 50, 64, 64, 50);
        assertEquals(50, study.slices().size());
        new NodeConfig(new UserHome(home).config()).add(orthanc.dimseNode("pacs", OrthancPeer.CALLING_AET,
                slowLink.port()), false);

        Process send = CliProcess.start(home, Map.of(), data.resolve("send.out"), data.resolve("send.err"),
                "send", study.ctFolder().toString(), "--to", "pacs");
        Path job = waitForJob(home.resolve("outbox"), send);
        Set<Integer> done = waitForProgress(job, send, 3);
        new ProcessBuilder("kill", "-9", String.valueOf(send.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertTrue(send.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, send.exitValue(), "killed by SIGKILL");

        // What the journal says is confirmed is on the PACS (read after the kill: the last word of the dead process).
        done = doneIndices(job);
        List<String> uids = instanceUids(job);
        Set<String> held = orthanc.sopInstanceUids();
        assertTrue(done.size() >= 3 && done.size() < 50, "killed half-way, with " + done.size() + " confirmed");
        for (int i : done) {
            assertTrue(held.contains(uids.get(i)), "instance " + i + " is recorded as sent but not on the PACS");
        }
        assertTrue(held.size() < 50, "the kill came before the end: " + held.size());

        slowLink.setBytesPerSecond(Long.MAX_VALUE);
        CliProcess.Result flush = CliProcess.run(home, Map.of(), "outbox", "flush", "--verify", "--json");
        assertEquals(0, flush.exitCode(), flush.toString());
        JsonNode report = new ObjectMapper().readTree(flush.out());
        assertEquals(done.size(), report.get("storedEarlier").asInt());
        assertEquals(50 - done.size(), report.get("stored").asInt());
        assertEquals("C-FIND", report.get("verification").asText());

        assertEquals(new HashSet<>(uids), orthanc.sopInstanceUids());
        try (Stream<Path> left = Files.list(home.resolve("outbox"))) {
            assertEquals(List.of(), left.toList(), "the outbox ends empty");
        }
    }

    private static Path waitForJob(Path outbox, Process send) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> s = Files.list(outbox)) {
                    List<Path> jobs = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
                    if (!jobs.isEmpty()) {
                        return jobs.get(0);
                    }
                }
            }
            assertTrue(send.isAlive(), "send ended before queuing: exit " + (send.isAlive() ? "" : send.exitValue()));
            Thread.sleep(20);
        }
        throw new AssertionError("no job appeared in " + outbox);
    }

    private static Set<Integer> waitForProgress(Path job, Process send, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Set<Integer> done = doneIndices(job);
            if (done.size() >= atLeast) {
                return done;
            }
            assertTrue(send.isAlive(), "send ended before the kill");
            Thread.sleep(20);
        }
        throw new AssertionError("the journal never showed " + atLeast + " instances done");
    }

    private static Set<Integer> doneIndices(Path job) throws Exception {
        Path state = job.resolve("state.json");
        Set<Integer> done = new HashSet<>();
        if (Files.exists(state)) {
            new ObjectMapper().readTree(state.toFile()).path("done").forEach(n -> done.add(n.asInt()));
        }
        return done;
    }

    private static List<String> instanceUids(Path job) throws Exception {
        List<String> uids = new ArrayList<>();
        new ObjectMapper().readTree(job.resolve("job.json").toFile()).path("instances")
                .forEach(n -> uids.add(n.path("sopInstanceUid").asText()));
        return uids;
    }
}
