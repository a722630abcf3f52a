package org.liverlens.core.export;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;

/**
 * Export to PACS as the CLI and the {@code ExportService} component use it: configured nodes,
 * echo, and sending through the outbox (queue first, then deliver; flush what is left).
 */
public final class PacsExport {
    private final NodeConfig config;
    private final Outbox outbox;
    private final Map<String, String> env;

    /** @param env where credentials named by nodes are read (the process environment) */
    public PacsExport(UserHome home, Map<String, String> env) {
        this.config = NodeConfig.of(home);
        this.outbox = Outbox.of(home);
        this.env = Map.copyOf(env);
    }

    public NodeConfig config() {
        return config;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** C-ECHO, or a QIDO-RS probe, to a configured node or a URI. */
    public PacsClient.EchoResult echo(String destination) {
        return client(destination).echo();
    }

    /** Opens a client for a node name or URI. */
    public PacsClient client(String destination) {
        return PacsClient.connect(config.resolve(destination, PacsNode.DEFAULT_CALLING_AET), env);
    }

    /**
     * Reads the files and folders, queues them as one job for the destination (nothing is sent
     * before the job's journal is on disk) and delivers it.
     */
    public SendReport send(List<Path> paths, String destination, OutboxSender.Options options, Progress progress,
                           Cancellation cancel) {
        PacsNode node = config.resolve(destination, PacsNode.DEFAULT_CALLING_AET);
        InstanceScanner.Result scanned = new InstanceScanner().scan(paths, progress, cancel);
        Outbox.Queued queued = outbox.queue(scanned.instances(), node.name());
        return sender().send(queued.job(), queued.lock(), scanned.skipped(), options, progress, cancel);
    }

    /**
     * Delivers every queued job not being sent by another process; with {@code dueOnly}, only
     * those whose back-off has run out. Jobs held by another process are reported, not touched;
     * damaged jobs are set aside ({@link #damaged()}) and the others sent.
     */
    public List<SendReport> flush(boolean dueOnly, OutboxSender.Options options, Progress progress, Cancellation cancel) {
        List<SendReport> reports = new ArrayList<>();
        Instant now = Instant.now();
        for (OutboxJob job : outbox.jobs()) {
            cancel.check();
            JobState state;
            try {
                state = outbox.state(job);
            } catch (InvalidInputException e) {
                continue; // damaged since it was listed: set aside like the others
            }
            if (dueOnly && state.nextAttempt() != null && state.nextAttempt().isAfter(now)) {
                continue;
            }
            Optional<Outbox.JobLock> lock = outbox.tryLock(job);
            if (lock.isEmpty()) {
                continue;
            }
            reports.add(sender().send(job, lock.get(), List.of(), options, progress, cancel));
        }
        return reports;
    }

    /** The jobs set aside because their journal or state cannot be read; kept until cleared. */
    public List<Outbox.DamagedJob> damaged() {
        return outbox.contents().damaged();
    }

    /** What is queued (damaged jobs are listed by {@link #damaged()}). */
    public List<JobSummary> list() {
        List<JobSummary> list = new ArrayList<>();
        for (OutboxJob job : outbox.jobs()) {
            JobState s;
            try {
                s = outbox.state(job);
            } catch (InvalidInputException e) {
                continue;
            }
            boolean busy = outbox.tryLock(job).map(l -> {
                l.close();
                return false;
            }).orElse(true);
            list.add(new JobSummary(job.id(), job.destination(), job.created(), job.instances().size(), job.bytes(),
                    s.doneCount(), s.failed().size(), s.attempts(), s.lastAttempt(), s.nextAttempt(), s.lastError(), busy,
                    job.dir()));
        }
        return list;
    }

    /**
     * Removes the given jobs, damaged ones included (all when {@code ids} is empty), that no
     * process is sending; returns the ids removed.
     */
    public List<String> clear(List<String> ids) {
        Outbox.Contents contents = outbox.contents();
        List<String> chosen = ids.isEmpty()
                ? java.util.stream.Stream.concat(contents.jobs().stream().map(OutboxJob::id),
                        contents.damaged().stream().map(Outbox.DamagedJob::id)).sorted().toList()
                : ids.stream().map(id -> outbox.id(contents, id)).distinct().toList();
        return chosen.stream().filter(outbox::removeIfFree).toList();
    }

    private OutboxSender sender() {
        return new OutboxSender(outbox, this::client);
    }

    /** One queued job as {@code outbox list} shows it. */
    public record JobSummary(String id, String destination, Instant created, int instances, long bytes, int confirmed,
                             int failed, int attempts, Instant lastAttempt, Instant nextAttempt, String lastError,
                             boolean beingSent, Path dir) {
    }
}
