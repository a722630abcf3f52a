package org.liverlens.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.InvalidInputException;

/**
 * The progress of a job, its {@code state.json}: which instances the PACS has confirmed
 * ({@code done}), which it refused and why ({@code failed}), and the attempts so far with the
 * time of the next one. Rewritten atomically (temporary file, fsync, rename) so that a process
 * killed at any moment leaves either the previous or the new state; a job without the file has
 * nothing confirmed yet.
 */
public final class JobState {
    static final String FORMAT = "liverlens-outbox-state/1";
    static final String FILE = "state.json";

    /** Why the PACS refused an instance: its status ("0xA700", "HTTP 409", ...) and the reason in words. */
    public record Failure(String status, String reason) {
    }

    private final BitSet done = new BitSet();
    private final Map<Integer, Failure> failed = new TreeMap<>();
    private int attempts;
    private int consecutiveFailures;
    private Instant lastAttempt;
    private Instant nextAttempt;
    private String lastError;

    public synchronized boolean isDone(int index) {
        return done.get(index);
    }

    public synchronized int doneCount() {
        return done.cardinality();
    }

    public synchronized Map<Integer, Failure> failed() {
        return Map.copyOf(failed);
    }

    public synchronized int attempts() {
        return attempts;
    }

    public synchronized Instant lastAttempt() {
        return lastAttempt;
    }

    public synchronized Instant nextAttempt() {
        return nextAttempt;
    }

    public synchronized String lastError() {
        return lastError;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The PACS confirmed instance {@code index}. */
    synchronized void markDone(int index) {
        done.set(index);
        failed.remove(index);
    }

    /** The PACS refused instance {@code index} (or verification did not find it). */
    synchronized void markFailed(int index, Failure why) {
        done.clear(index);
        failed.put(index, why);
    }

    synchronized void attemptStarted(Instant now) {
        attempts++;
        lastAttempt = now;
        nextAttempt = null;
    }

    /** The PACS could not be reached; the job waits until {@code next}. */
    synchronized void attemptFailed(String error, Instant next, boolean madeProgress) {
        lastError = error;
        nextAttempt = next;
        consecutiveFailures = madeProgress ? 1 : consecutiveFailures + 1;
    }

    synchronized void attemptEnded() {
        lastError = null;
        consecutiveFailures = 0;
    }

    synchronized void save(Path jobDir) {
        ObjectNode o = OutboxJob.JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("attempts", attempts);
        o.put("consecutiveFailures", consecutiveFailures);
        o.put("lastAttempt", lastAttempt == null ? null : lastAttempt.toString());
        o.put("nextAttempt", nextAttempt == null ? null : nextAttempt.toString());
        o.put("lastError", lastError);
        ArrayNode d = o.putArray("done");
        done.stream().forEach(d::add);
        ArrayNode f = o.putArray("failed");
        failed.forEach((i, why) -> f.addObject().put("index", i).put("status", why.status()).put("reason", why.reason()));
        byte[] bytes;
        try {
            bytes = OutboxJob.JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        AtomicFiles.writePrivate(jobDir.resolve(FILE), out -> out.write(bytes));
    }

    /**
     * Reads a job's state; {@code instances} is the job's instance count, which every index in it
     * must be below. A file that does not hold together is an {@link InvalidInputException}.
     */
    static JobState load(Path jobDir, int instances) {
        JobState s = new JobState();
        Path file = jobDir.resolve(FILE);
        if (!Files.exists(file)) {
            return s;
        }
        String hint = "delete " + file + " to send every instance again (a PACS keeps one copy of each), or remove "
                + "the job with 'liverlens outbox clear --yes " + jobDir.getFileName() + "'";
        try {
            JsonNode o = OutboxJob.JSON.readTree(file.toFile());
            if (o == null || !o.isObject()) {
                throw new IOException("empty, or not a JSON object");
            }
            if (!FORMAT.equals(o.path("format").asText())) {
                throw new InvalidInputException("unknown outbox state format '" + o.path("format").asText() + "'", file, hint);
            }
            s.attempts = o.path("attempts").asInt();
            s.consecutiveFailures = o.path("consecutiveFailures").asInt();
            s.lastAttempt = instant(o.get("lastAttempt"));
            s.nextAttempt = instant(o.get("nextAttempt"));
            s.lastError = o.hasNonNull("lastError") ? o.get("lastError").asText() : null;
            for (JsonNode i : o.path("done")) {
                s.done.set(index(i, instances, file, hint));
            }
            for (JsonNode f : o.path("failed")) {
                s.failed.put(index(f.path("index"), instances, file, hint),
                        new Failure(f.path("status").asText(), f.path("reason").asText()));
            }
            return s;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("cannot read the outbox state: " + JsonErrors.describe(e), file, hint, e);
        }
    }

    private static int index(JsonNode n, int instances, Path file, String hint) {
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0 || n.asInt() >= instances) {
            throw new InvalidInputException("damaged outbox state: instance index " + n + " is not between 0 and "
                    + (instances - 1) + " (the job has " + instances + " instance(s))", file, hint);
        }
        return n.asInt();
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }
}
