package org.liverlens.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one way tests reach the shared, read-only test data: {@code ../shared/test-data} beside the
 * repository root (see its MANIFEST.md). Fails with a clear message when it is absent; files are
 * used in place, never copied into the repository.
 */
public final class TestData {
    private static Path root;

    private TestData() {
    }

    /** The test-data folder. */
    public static synchronized Path root() {
        if (root == null) {
            root = find();
        }
        return root;
    }

    /** A file or folder inside the test data, which must exist. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("shared test data is incomplete: " + p + " does not exist "
                    + "(see " + root().resolve("MANIFEST.md") + ")");
        }
        return p;
    }

    /**
     * A new folder {@code dir} of symbolic links to shared test data: the files of each folder in
     * {@code folders} and each file in {@code files} (e.g. a CT series and its SEG as one case),
     * so a test can assemble a folder without copying the data.
     */
    public static Path linkedFolder(Path dir, List<Path> folders, Path... files) throws IOException {
        Files.createDirectories(dir);
        for (Path folder : folders) {
            try (Stream<Path> list = Files.list(folder)) {
                for (Path f : list.toList()) {
                    Files.createSymbolicLink(dir.resolve(f.getFileName()), f);
                }
            }
        }
        for (Path f : files) {
            Files.createSymbolicLink(dir.resolve(f.getFileName()), f);
        }
        return dir;
    }

    private static Path find() {
        String override = System.getenv("LIVERLENS_TEST_DATA");
        if (override != null && !override.isBlank()) {
            return check(Path.of(override));
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("liverlens")) && Files.isDirectory(dir.resolve("plugin-core"))) {
                return check(dir.getParent().resolve("shared").resolve("test-data"));
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (the folder with ./liverlens) above "
                + Path.of("").toAbsolutePath() + "; run the tests from inside the repository");
    }

    private static Path check(Path p) {
        if (!Files.isRegularFile(p.resolve("MANIFEST.md"))) {
            throw new IllegalStateException("shared test data not found at " + p.toAbsolutePath().normalize()
                    + ": tests expect ../shared/test-data beside the repository (or LIVERLENS_TEST_DATA)");
        }
        return p.toAbsolutePath().normalize();
    }
}
