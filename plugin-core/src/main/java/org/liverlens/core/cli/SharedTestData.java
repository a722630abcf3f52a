package org.liverlens.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared test data is for the commands that train or evaluate on it ({@code train},
 * {@code train-edit}, {@code models evaluate}, the {@code bench} commands): the {@code --test-data}
 * folder when given, else {@code LIVERLENS_TEST_DATA}, else {@code ../shared/test-data}. One rule for
 * all of them.
 */
public final class SharedTestData {
    private SharedTestData() {
    }

    /** The folder to read: the given one, the environment's, or the default path (whether or not it exists). */
    public static Path location(Path given) {
        if (given != null) {
            return given;
        }
        String env = environment();
        return env != null ? Path.of(env) : Path.of("..", "shared", "test-data").toAbsolutePath().normalize();
    }

    /** As {@link #location} without a given folder, but null when the default path is not a folder. */
    static Path ifPresent() {
        Path p = location(null);
        return environment() != null || Files.isDirectory(p) ? p : null;
    }

    private static String environment() {
        String env = System.getenv("LIVERLENS_TEST_DATA");
        return env == null || env.isBlank() ? null : env;
    }
}
