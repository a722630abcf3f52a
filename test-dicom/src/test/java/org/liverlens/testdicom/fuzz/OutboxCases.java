package org.liverlens.testdicom.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.liverlens.core.CliProcess;

/**
 * A damaged outbox job must not jam the outbox (issue 13, item 8): a truncated {@code job.json} or
 * a {@code state.json} with out-of-range indices is set aside with a message, its files kept, and
 * {@code list}, {@code flush} and {@code clear} go on. The job is queued by a real {@code send} to
 * a port where no PACS listens (exit 4, work stays queued), in the case's LiverLens home.
 */
final class OutboxCases {
    private OutboxCases() {
    }

    static List<FuzzCase> cases() {
        return List.of(
                FuzzCase.named("outbox-job-json-truncated-list").make(queued("job.json", OutboxCases::truncateHalf))
                        .run("outbox", "list").inChildJvm().expect(0, "job.json", "damaged"),
                // flush sends the healthy jobs and names each damaged one: partial success (exit 5, CLI.md)
                FuzzCase.named("outbox-job-json-truncated-flush").make(queued("job.json", OutboxCases::truncateHalf))
                        .run("outbox", "flush").inChildJvm().expect(5, "job.json", "damaged"),
                FuzzCase.named("outbox-state-json-out-of-range").make(queued("state.json", f -> {
                    ObjectMapper mapper = new ObjectMapper();
                    ObjectNode state = (ObjectNode) mapper.readTree(f.toFile());
                    state.putArray("done").add(999999).add(-5);
                    mapper.writeValue(f.toFile(), state);
                })).run("outbox", "list").inChildJvm().expect(0, "state.json"));
    }

    private static void truncateHalf(Path f) throws Exception {
        FuzzInputs.truncate(f, Files.size(f) / 2);
    }

    /** Queues the base CT in the case's home by a send that cannot connect, then damages one job file. */
    private static FuzzCase.Maker queued(String jobFile, FileDamage damage) {
        return (in, inputs) -> {
            Path home = in.resolveSibling("home");
            CliProcess.Result sent = CliProcess.run(home, Map.of(), "--quiet", "send", inputs.cleanCt().toString(),
                    "--to", "dicom://NOBODY@127.0.0.1:9");
            if (sent.exitCode() != 4) {
                throw new IllegalStateException("expected the send to stay queued (exit 4): " + sent);
            }
            try (Stream<Path> walk = Files.walk(home.resolve("outbox"))) {
                Path f = walk.filter(p -> p.getFileName().toString().equals(jobFile)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no " + jobFile + " in the outbox"));
                damage.apply(f);
            }
        };
    }

    /** A change to one file of a job. */
    @FunctionalInterface
    private interface FileDamage {
        void apply(Path file) throws Exception;
    }
}
