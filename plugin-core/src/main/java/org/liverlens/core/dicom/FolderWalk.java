package org.liverlens.core.dicom;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.liverlens.core.work.InvalidInputException;

/**
 * The files under a folder, following symbolic links (a series folder is often a link into an
 * archive), with loop protection: a link back to a folder on the current path is reported and not
 * followed, and a file reached twice through links is listed once.
 */
final class FolderWalk {
    private FolderWalk() {
    }

    /** Regular files under {@code root} (or {@code root} itself), sorted; what cannot be read goes to {@code skipped}. */
    static List<Path> files(Path root, List<SkippedFile> skipped) {
        List<Path> files = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            String why = dir.equals(root) ? null : whyNotFollowed(dir);
                            if (why != null) {
                                skipped.add(new SkippedFile(dir, why));
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && seen.add(key(file, attrs))) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (file.equals(root)) {
                                throw new InvalidInputException("cannot list the folder: " + e, root,
                                        "check that it exists and that you may read it");
                            }
                            skipped.add(new SkippedFile(file, e instanceof FileSystemLoopException
                                    ? "symbolic link loop: it leads back to a folder above it; not followed"
                                    : "cannot read: " + e.getMessage()));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new InvalidInputException("cannot list the folder: " + e.getMessage(), root,
                    "check that it exists and that you may read it", e);
        }
        files.sort(null);
        return files;
    }

    /**
     * Why a folder reached through a link is not searched: the file-system root or a system tree
     * (a link to / would walk the whole disk, and /proc holds files that block when read).
     */
    private static String whyNotFollowed(Path dir) {
        if (!Files.isSymbolicLink(dir)) {
            return null;
        }
        try {
            Path real = dir.toRealPath();
            if (real.getParent() == null || SYSTEM_TREES.stream().anyMatch(real::startsWith)) {
                return "symbolic link to " + real + ", a system folder: not followed";
            }
        } catch (IOException e) {
            return "symbolic link that cannot be resolved (" + e.getMessage() + "): not followed";
        }
        return null;
    }

    private static final List<Path> SYSTEM_TREES = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

    private static Object key(Path file, BasicFileAttributes attrs) {
        Object k = attrs.fileKey();
        return k != null ? k : file.toAbsolutePath().normalize();
    }
}
