package org.liverlens.core.export;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.liverlens.core.dicom.SkippedFile;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.CancelledException;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.PacsUnavailableException;
import org.liverlens.core.work.Progress;

/**
 * Delivers a locked job: sends what the PACS has not confirmed yet, records each answer in the
 * job's state (confirmed instances only after the PACS said so), retries with exponential
 * back-off while the PACS is unreachable, optionally asks the PACS what it holds, and removes the
 * job once every instance is confirmed. Killed at any moment, it has at worst not recorded some
 * confirmations, so those instances are sent again: delivery is at least once, and a PACS keys
 * on the SOP Instance UID, so a repeat replaces nothing and adds nothing.
 */
public final class OutboxSender {
    /** How often, at most, confirmations are written to state.json while instances stream out. */
    static final Duration SAVE_INTERVAL = Duration.ofMillis(200);

    /**
     * @param retries     further attempts after the PACS could not be reached (0: give up at once)
     * @param backoffBase wait before the first retry; doubled for each further one, with jitter
     * @param backoffMax  longest wait between attempts
     * @param verify      ask the PACS afterwards what it holds (C-FIND / QIDO-RS) and report what is missing
     */
    public record Options(int retries, Duration backoffBase, Duration backoffMax, boolean verify) {
        public static Options defaults() {
            return new Options(2, Duration.ofSeconds(1), Duration.ofMinutes(10), false);
        }

        public Options withVerify(boolean v) {
            return new Options(retries, backoffBase, backoffMax, v);
        }

        public Options withRetries(int r) {
            return new Options(r, backoffBase, backoffMax, verify);
        }

        /** The wait before attempt {@code n + 1} after {@code n} failures in a row: base·2^(n−1), capped, jittered to 50–100 %. */
        public Duration backoff(int failures) {
            long base = backoffBase.toMillis();
            long ms = failures <= 1 ? base : base << Math.min(30, failures - 1);
            ms = Math.min(backoffMax.toMillis(), Math.max(0, ms));
            return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
        }
    }

    private final Outbox outbox;
    private final Function<String, PacsClient> connector;

    /** @param connector opens a client for a job's destination (a node name or URI) */
    public OutboxSender(Outbox outbox, Function<String, PacsClient> connector) {
        this.outbox = outbox;
        this.connector = connector;
    }

    /** Delivers one job whose lock the caller hands over (released, or the job removed, on return). */
    public SendReport send(OutboxJob job, Outbox.JobLock lock, List<SkippedFile> skipped, Options options,
                           Progress progress, Cancellation cancel) {
        long t0 = System.nanoTime();
        JobState state = outbox.state(job);
        List<DicomInstance> all = job.instances();
        SendReport.Instance[] reports = new SendReport.Instance[all.size()];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            index.put(all.get(i).sopInstanceUid(), i);
            reports[i] = state.isDone(i)
                    ? report(job, i, SendReport.State.SENT_EARLIER, "", "confirmed in an earlier attempt")
                    : report(job, i, SendReport.State.PENDING, "", "not confirmed yet");
        }
        Set<Integer> changed = checkCopies(job, state, reports);
        PacsUnavailableException unavailable = null;
        String verification = null;
        boolean removed = false;
        progress.begin("Sending " + all.size() + " instance(s) to " + job.destination(), all.size());
        progress.advance(state.doneCount());
        try {
            PacsClient client = null;
            try {
                client = connector.apply(job.destination());
            } catch (PacsUnavailableException e) {
                unavailable = e;
            } catch (LiverLensException e) {
                unavailable = new PacsUnavailableException("job " + job.id() + " cannot be sent to '" + job.destination()
                        + "': " + e.getMessage(), e.hint().orElse(null), false, e);
            }
            if (client != null) {
                unavailable = deliver(job, state, client, reports, index, changed, options, progress, cancel);
                if (unavailable == null && options.verify()) {
                    try {
                        verify(job, state, client, reports);
                        verification = client.verificationMethod();
                    } catch (PacsUnavailableException e) {
                        unavailable = e;
                    }
                }
            }
            state.save(job.dir());
            boolean complete = state.doneCount() == all.size();
            if (complete && unavailable == null) {
                outbox.remove(job, lock);
                removed = true;
            }
        } finally {
            if (!removed) {
                lock.close();
            }
            progress.end();
        }
        return new SendReport(job.id(), job.destination(), List.of(reports), skipped, unavailable, verification, removed,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Sends until everything has an answer, or the PACS stays unreachable; returns why it is, or null. */
    private PacsUnavailableException deliver(OutboxJob job, JobState state, PacsClient client,
                                             SendReport.Instance[] reports, Map<String, Integer> index,
                                             Set<Integer> notToSend, Options options, Progress progress,
                                             Cancellation cancel) {
        List<DicomInstance> all = job.instances();
        int failuresInARow = 0;
        Set<Integer> answered = new java.util.HashSet<>(notToSend);
        long[] lastSave = {System.nanoTime()};
        while (true) {
            List<DicomInstance> pending = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (!state.isDone(i) && !answered.contains(i)) {
                    pending.add(all.get(i));
                }
            }
            if (pending.isEmpty()) {
                return null;
            }
            state.attemptStarted(Instant.now());
            state.save(job.dir());
            int answeredBefore = answered.size();
            try {
                client.store(pending, r -> {
                    int i = index.get(r.instance().sopInstanceUid());
                    answered.add(i);
                    if (r.stored()) {
                        state.markDone(i);
                        reports[i] = report(job, i, r.outcome() == PacsClient.Outcome.WARNING ? SendReport.State.WARNING
                                : SendReport.State.SENT, r.status(), r.reason());
                        progress.advance(1);
                    } else {
                        state.markFailed(i, new JobState.Failure(r.status(), r.reason()));
                        reports[i] = report(job, i, SendReport.State.FAILED, r.status(), r.reason());
                    }
                    long now = System.nanoTime();
                    if (now - lastSave[0] >= SAVE_INTERVAL.toNanos()) {
                        state.save(job.dir());
                        lastSave[0] = now;
                    }
                }, cancel);
                state.attemptEnded();
                state.save(job.dir());
                return null;
            } catch (PacsUnavailableException e) {
                boolean progressed = answered.size() > answeredBefore;
                failuresInARow = progressed ? 1 : failuresInARow + 1;
                Duration wait = options.backoff(failuresInARow);
                state.attemptFailed(e.getMessage(), Instant.now().plus(options.backoff(state.consecutiveFailures() + 1)),
                        progressed);
                state.save(job.dir());
                if (!e.isTransient() || failuresInARow > options.retries()) {
                    return e;
                }
                sleep(wait, cancel);
            } catch (CancelledException e) {
                state.save(job.dir());
                throw e;
            }
        }
    }

    /**
     * Checks, before anything is sent, that each instance still to send is the copy that was queued
     * (size and SHA-256, see {@link InstanceCopy#changed}); one that is not is failed, never sent.
     * Returns the indices failed so.
     */
    private static Set<Integer> checkCopies(OutboxJob job, JobState state, SendReport.Instance[] reports) {
        Set<Integer> changed = new java.util.HashSet<>();
        for (int i = 0; i < job.instances().size(); i++) {
            if (state.isDone(i)) {
                continue;
            }
            java.util.Optional<String> why = InstanceCopy.changed(job.instances().get(i), job.checksums().get(i));
            if (why.isPresent()) {
                String reason = why.get() + "; not sent: send the file again as a new job, and clear this one ('liverlens "
                        + "outbox clear --yes " + job.id() + "')";
                state.markFailed(i, new JobState.Failure("changed", reason));
                reports[i] = report(job, i, SendReport.State.FAILED, "changed", reason);
                changed.add(i);
            }
        }
        return changed;
    }

    /** Asks the PACS, series by series, for what it holds; confirmed instances it does not hold become failures. */
    private static void verify(OutboxJob job, JobState state, PacsClient client, SendReport.Instance[] reports) {
        Map<List<String>, List<Integer>> bySeries = new LinkedHashMap<>();
        List<DicomInstance> all = job.instances();
        for (int i = 0; i < all.size(); i++) {
            DicomInstance d = all.get(i);
            if (state.isDone(i) && d.studyInstanceUid() != null && d.seriesInstanceUid() != null) {
                bySeries.computeIfAbsent(List.of(d.studyInstanceUid(), d.seriesInstanceUid()), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<List<String>, List<Integer>> e : bySeries.entrySet()) {
            Set<String> held = client.instancesIn(e.getKey().get(0), e.getKey().get(1));
            for (int i : e.getValue()) {
                if (!held.contains(all.get(i).sopInstanceUid())) {
                    String why = "confirmed by the PACS, but " + client.verificationMethod() + " does not find it in series "
                            + e.getKey().get(1);
                    state.markFailed(i, new JobState.Failure("missing", why));
                    reports[i] = report(job, i, SendReport.State.FAILED, "missing", why);
                }
            }
        }
    }

    private static SendReport.Instance report(OutboxJob job, int i, SendReport.State s, String status, String reason) {
        return new SendReport.Instance(job.sources().get(i), job.instances().get(i).sopInstanceUid(), s, status, reason);
    }

    private static void sleep(Duration d, Cancellation cancel) {
        long end = System.nanoTime() + d.toNanos();
        try {
            while (System.nanoTime() < end) {
                cancel.check();
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }
}
