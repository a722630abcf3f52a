package org.liverlens.core.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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

import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.UserHome;

/**
 * The persistent outbox: one folder per job under {@code ~/.liverlens/outbox}. A job is built in
 * a hidden {@code .incoming-ID} folder (instance files linked or copied, then the journal
 * {@code job.json}) and published by one atomic rename, so a job folder either holds a complete
 * journal or does not exist; nothing is sent before that. A delivered job is renamed to
 * {@code .removing-ID} before it is deleted, so a half-deleted job is never taken for a queued
 * one. A job being sent is locked ({@code lock}, an OS file lock that dies with its process).
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
     * Queues instances for a destination: the files become the job's own (hard links where the
     * file system allows, copies otherwise, so the job survives the originals being moved or
     * deleted) and the journal is written. Returns the published job, locked for the caller, who
     * sends it (or closes the lock to leave it queued).
     */
    public Queued queue(List<DicomInstance> instances, String destination) {
        String id = ID_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(randomBytes());
        Path incoming = dir.resolve(INCOMING + id);
        JobLock lock = null;
        try {
            createPrivate(dir);
            Files.createDirectories(incoming.resolve("instances"));
            lock = lockFolder(incoming).orElseThrow();
            List<DicomInstance> own = new ArrayList<>();
            List<Path> sources = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                DicomInstance d = instances.get(i);
                Path target = incoming.resolve("instances").resolve(String.format("%06d.dcm", i + 1));
                linkOrCopy(d.file(), target);
                own.add(d.withFile(target));
                sources.add(d.file());
            }
            new OutboxJob(incoming, id, Instant.now(), destination, own, sources).write();
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

    /** The queued jobs, oldest first; clears what killed processes left half-done. */
    public List<OutboxJob> jobs() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<OutboxJob> jobs = new ArrayList<>();
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
                    jobs.add(OutboxJob.read(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outbox " + dir + ": " + e.getMessage(), e);
        }
        return jobs;
    }

    /** The job with this id (or a unique prefix of it). */
    public OutboxJob job(String id) {
        List<OutboxJob> matches = jobs().stream().filter(j -> j.id().startsWith(id)).toList();
        if (matches.size() != 1) {
            throw new InvalidInputException(matches.isEmpty() ? "no job '" + id + "' in the outbox"
                    : "'" + id + "' matches " + matches.size() + " jobs", dir, "see 'liverlens outbox list'");
        }
        return matches.get(0);
    }

    public JobState state(OutboxJob job) {
        return JobState.load(job.dir());
    }

    /** Locks a job for sending; empty while another process (or another sender here) holds it. */
    public Optional<JobLock> tryLock(OutboxJob job) {
        return lockFolder(job.dir());
    }

    /** Removes a job whose lock the caller holds (delivered, or cleared by the user). */
    public void remove(OutboxJob job, JobLock lock) {
        Path removing = dir.resolve(REMOVING + job.id());
        try {
            Files.move(job.dir(), removing, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove job " + job.id() + ": " + e.getMessage(), e);
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

    private static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
            return;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // another file system, or linking files of other users is not allowed: copy
        }
        Files.copy(source, target);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** The outbox holds patient data: only its owner may enter it (rwx------) where the file system has POSIX permissions. */
    private static void createPrivate(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder);
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }

    /** Makes a folder's entries (new links, a rename) durable; best effort where the OS cannot. */
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
