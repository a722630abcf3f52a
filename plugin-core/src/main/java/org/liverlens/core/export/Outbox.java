package org.liverlens.core.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.UserHome;

/**
 * The persistent outbox: one folder per job under {@code ~/.liverlens/outbox} (owner-only). A job
 * is built in a hidden {@code .incoming-ID} folder (private copies of the instance files, then the journal
 * {@code job.json}) and published by one atomic rename, so a job folder either holds a complete
 * journal or does not exist; nothing is sent before that. A delivered job is renamed to
 * {@code .removing-ID} before it is deleted, so a half-deleted job is never taken for a queued
 * one. A job being sent is locked ({@code lock}, an OS file lock that dies with its process). A job
 * whose journal or state cannot be read is set aside ({@link DamagedJob}), not sent, and kept until
 * it is cleared, so one damaged job never stops the others.
 */
public final class Outbox {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String INCOMING = ".incoming-";
    private static final String REMOVING = ".removing-";
    private static final String LOCK = "lock";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    public Outbox(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public static Outbox of(UserHome home) {
        return new Outbox(home.outbox());
    }

    public Path dir() {
        return dir;
    }

    /**
     * Queues instances for a destination: each file becomes the job's own private copy (a reflink
     * where the file system makes one, a full copy otherwise; see {@link InstanceCopy}), read again
     * from the copy so that the journal describes exactly what will be sent, with its size and
     * SHA-256. Returns the published job, locked for the caller, who sends it (or closes the lock
     * to leave it queued).
     */
    public Queued queue(List<DicomInstance> instances, String destination) {
        String id = ID_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(randomBytes());
        Path incoming = dir.resolve(INCOMING + id);
        JobLock lock = null;
        try {
            AtomicFiles.privateFolder(dir);
            Files.createDirectories(incoming.resolve("instances"));
            lock = lockFolder(incoming).orElseThrow();
            InstanceCopy copier = new InstanceCopy();
            List<DicomInstance> own = new ArrayList<>();
            List<Path> sources = new ArrayList<>();
            List<String> checksums = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                DicomInstance d = instances.get(i);
                Path target = incoming.resolve("instances").resolve(String.format("%06d.dcm", i + 1));
                InstanceCopy.Made copy = copier.make(d.file(), target);
                DicomInstance queued = InstanceScanner.read(target, true, new ArrayList<>());
                if (!queued.sopInstanceUid().equals(d.sopInstanceUid()) || !queued.sopClassUid().equals(d.sopClassUid())) {
                    throw new InvalidInputException("changed while it was being queued (its SOP Instance UID is now "
                            + queued.sopInstanceUid() + "); nothing was queued", d.file(), "send it again once it is written");
                }
                own.add(queued);
                sources.add(d.file());
                checksums.add(copy.sha256());
            }
            new OutboxJob(incoming, id, Instant.now(), destination, own, sources, checksums).write();
            syncFolder(incoming.resolve("instances"));
            // The lock (on the lock file's inode) stays held across the rename: no other process
            // can take the new job before this one has started sending it.
            Path published = dir.resolve(id);
            Files.move(incoming, published, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(dir);
            return new Queued(OutboxJob.read(published), lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            deleteTree(incoming);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot queue in the outbox " + dir + ": " + e.getMessage(), (IOException) e);
        }
    }

    /** A job just queued, with the lock its sender holds. */
    public record Queued(OutboxJob job, JobLock lock) {
    }

    /**
     * A job whose journal or state cannot be read (cut short, edited, from a disk that failed): set
     * aside, never sent, its files kept until the user removes it with {@code outbox clear}.
     *
     * @param problem what is wrong, naming the file
     */
    public record DamagedJob(String id, Path dir, String problem) {
    }

    /** What the outbox holds: the jobs that can be sent, oldest first, and the damaged ones set aside. */
    public record Contents(List<OutboxJob> jobs, List<DamagedJob> damaged) {
    }

    /** The queued jobs that can be sent, oldest first (damaged ones are left out: see {@link #contents()}). */
    public List<OutboxJob> jobs() {
        return contents().jobs();
    }

    /**
     * Reads every job, setting aside those whose journal or state is damaged; clears what killed
     * processes left half-done.
     */
    public Contents contents() {
        if (!Files.isDirectory(dir)) {
            return new Contents(List.of(), List.of());
        }
        List<OutboxJob> jobs = new ArrayList<>();
        List<DamagedJob> damaged = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(REMOVING)) {
                    deleteTree(p);
                } else if (name.startsWith(INCOMING)) {
                    // a queue() that was killed: its lock died with it
                    Optional<JobLock> lock = lockFolder(p);
                    if (lock.isPresent()) {
                        lock.get().close();
                        deleteTree(p);
                    }
                } else if (Files.isRegularFile(p.resolve(OutboxJob.FILE))) {
                    try {
                        OutboxJob job = OutboxJob.read(p);
                        JobState.load(p, job.instances().size());
                        jobs.add(job);
                    } catch (InvalidInputException e) {
                        damaged.add(new DamagedJob(name, p, e.file().map(f -> f.getFileName() + ": ").orElse("")
                                + e.getMessage()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outbox " + dir + ": " + e.getMessage(), e);
        }
        return new Contents(jobs, damaged);
    }

    /** The job with this id (or a unique prefix of it). */
    public OutboxJob job(String id) {
        Contents c = contents();
        String found = id(c, id);
        return c.jobs().stream().filter(j -> j.id().equals(found)).findFirst().orElseThrow(() -> new InvalidInputException(
                "job " + found + " is damaged and set aside", dir.resolve(found), "see 'liverlens outbox list'"));
    }

    /** The folder name of the job, healthy or damaged, with this id or unique prefix of it. */
    public String id(Contents contents, String idOrPrefix) {
        List<String> matches = java.util.stream.Stream.concat(contents.jobs().stream().map(OutboxJob::id),
                contents.damaged().stream().map(DamagedJob::id)).filter(j -> j.startsWith(idOrPrefix)).toList();
        if (matches.size() != 1) {
            throw new InvalidInputException(matches.isEmpty() ? "no job '" + idOrPrefix + "' in the outbox"
                    : "'" + idOrPrefix + "' matches " + matches.size() + " jobs", dir, "see 'liverlens outbox list'");
        }
        return matches.get(0);
    }

    public JobState state(OutboxJob job) {
        return JobState.load(job.dir(), job.instances().size());
    }

    /** Locks a job for sending; empty while another process (or another sender here) holds it. */
    public Optional<JobLock> tryLock(OutboxJob job) {
        return lockFolder(job.dir());
    }

    /** Removes a job whose lock the caller holds (delivered, or cleared by the user). */
    public void remove(OutboxJob job, JobLock lock) {
        remove(job.id(), lock);
    }

    /**
     * Removes the job (healthy or damaged) in the folder {@code id} unless another process holds
     * it; returns whether it was removed.
     */
    public boolean removeIfFree(String id) {
        Optional<JobLock> lock = lockFolder(dir.resolve(id));
        lock.ifPresent(l -> remove(id, l));
        return lock.isPresent();
    }

    private void remove(String id, JobLock lock) {
        Path removing = dir.resolve(REMOVING + id);
        try {
            Files.move(dir.resolve(id), removing, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove job " + id + ": " + e.getMessage(), e);
        } finally {
            lock.close();
        }
        deleteTree(removing);
    }

    /** An OS-level lock on a job folder, released on close or when the process dies. */
    public static final class JobLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private JobLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel anyway
            }
        }
    }

    private static Optional<JobLock> lockFolder(Path folder) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new JobLock(ch, lock));
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to add to the failure being reported
            }
        }
    }

    /** Makes a folder's entries (new files, a rename) durable; best effort where the OS cannot. */
    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can fsync a directory
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return b;
    }
}
