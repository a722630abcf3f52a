package org.liverlens.core.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The outbox's own copy of a file to send, and the check that it is still what was queued. A job
 * must not change once queued: a hard link would follow a source rewritten in place (the PACS
 * would get the new content, or, when the header grew, a stale dataset offset). So each instance
 * is copied: a reflink (a copy-on-write clone, instant and taking no space until one of the two
 * files changes) where the file system makes one (Btrfs, XFS, bcachefs; GNU {@code cp
 * --reflink=always}), a full copy otherwise, whose disk space is the price of "nothing lost". The
 * copy's size and SHA-256 go into the journal and are checked before the instance is sent.
 */
final class InstanceCopy {
    private static final int BUFFER = 1 << 20;
    /** Whether reflinks are still worth trying for this job: the first refusal settles it for the rest. */
    private boolean tryClone = true;

    /** A copy made: its size, its SHA-256 (hex) and whether it is a reflink. */
    record Made(long bytes, String sha256, boolean cloned) {
    }

    /** Copies {@code source} to the new file {@code target} (owner-only, fsynced). */
    Made make(Path source, Path target) throws IOException {
        if (tryClone && clone(source, target)) {
            restrict(target);
            return new Made(Files.size(target), sha256(target), true);
        }
        tryClone = false;
        MessageDigest digest = sha256();
        long bytes = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE), ownerOnly(target))) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer.array(), 0, buffer.limit());
                bytes += buffer.limit();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
            out.force(true);
        }
        return new Made(bytes, HexFormat.of().formatHex(digest.digest()), false);
    }

    /**
     * What is wrong with an instance's file in a job, or empty when it is what was queued: it must
     * exist, have the recorded size and (for jobs that recorded one) the recorded SHA-256. Jobs
     * queued before checksums were recorded get their header read again instead, so that a stale
     * dataset offset is caught before the association.
     */
    static Optional<String> changed(DicomInstance d, String recordedSha256) {
        Path f = d.file();
        String name = f.getParent().getFileName() + "/" + f.getFileName();
        try {
            long size = Files.size(f);
            if (size != d.bytes()) {
                return Optional.of("the queued copy " + name + " has " + size + " bytes, the journal records " + d.bytes()
                        + ": it changed after queueing");
            }
            if (recordedSha256 != null) {
                String now = sha256(f);
                return now.equals(recordedSha256) ? Optional.empty()
                        : Optional.of("the queued copy " + name + " changed after queueing (its SHA-256 is " + now
                        + ", the journal records " + recordedSha256 + ")");
            }
            DicomInstance again = InstanceScanner.read(f, true, new ArrayList<>());
            if (!again.sopInstanceUid().equals(d.sopInstanceUid()) || again.datasetOffset() != d.datasetOffset()
                    || !again.transferSyntaxUid().equals(d.transferSyntaxUid())) {
                return Optional.of("the queued file " + name + " changed after queueing (its header no longer matches "
                        + "the journal)");
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("the queued copy " + name + " is missing");
        } catch (IOException | RuntimeException e) {
            return Optional.of("the queued copy " + name + " cannot be read: " + e.getMessage());
        }
    }

    static String sha256(Path f) throws IOException {
        MessageDigest digest = sha256();
        try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer.array(), 0, buffer.limit());
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A reflink by GNU cp; false where the file system (or the platform) cannot make one. */
    private static boolean clone(Path source, Path target) {
        try {
            Process p = new ProcessBuilder("cp", "--reflink=always", "--", source.toString(), target.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return true;
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // no cp here: copy
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(target);
        } catch (IOException ignored) {
            // the copy that follows will report it
        }
        return false;
    }

    private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(Path target) {
        return target.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))}
                : new java.nio.file.attribute.FileAttribute<?>[0];
    }

    private static void restrict(Path f) throws IOException {
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: its own rules apply
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
