package org.liverlens.core.work;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a reader never sees a half-written one: content goes to a temporary file in
 * the same folder, is flushed to disk, and is then moved over the target in one step. Results
 * (SEG, findings, previews) are readable by others ({@code rw-r--r--}); what holds settings or
 * patient data in the user folder is written with {@link #writePrivate} ({@code rw-------}, in
 * folders made {@code rwx------}). On file systems without POSIX permissions their own rules apply.
 */
public final class AtomicFiles {

    /** Produces the content of a file. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    /** Writes a file others may read (a result meant to be shared: PACS, colleagues). */
    public static void write(Path target, Writer writer) {
        write(target, writer, false);
    }

    /**
     * Writes a file only its owner may read or change ({@code rw-------}); missing parent folders
     * are created {@code rwx------}. Existing parents are left as they are (they may be folders the
     * user chose); use {@link #privateFolder} for folders of our own.
     */
    public static void writePrivate(Path target, Writer writer) {
        write(target, writer, true);
    }

    /**
     * Creates a folder of our own (and missing parents) as {@code rwx------}, and makes an existing
     * one so: it holds patient data or settings. Returns the folder.
     */
    public static Path privateFolder(Path folder) {
        try {
            createPrivateFolders(folder);
            try {
                if (!Files.getPosixFilePermissions(folder).equals(OWNER_ONLY_FOLDER)) {
                    Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER);
                }
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: its own access rules apply
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateFolders(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            createPrivateFolders(absolute.getParent());
        }
        try {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(absolute);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
    }

    private static void write(Path target, Writer writer, boolean ownerOnly) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (ownerOnly) {
                createPrivateFolders(dir);
            } else {
                Files.createDirectories(dir);
            }
            // createTempFile makes the file private (0600), which the rename keeps; results are meant to be shared.
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            if (!ownerOnly) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: keep its defaults
                }
            }
            try (OutputStream out = Files.newOutputStream(tmp);
                 java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16)) {
                writer.write(buffered);
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure matters more than a leftover temporary file
                }
            }
        }
    }

    public static void writeString(Path target, String content) {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@link #writePrivate} of a string in UTF-8. */
    public static void writePrivateString(Path target, String content) {
        writePrivate(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }
}
