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

    /**
     * The real training cases' folder of {@code train}, {@code train-edit} and {@code train-prompt}:
     * null with {@code --no-real}, else {@link #location} when it is a folder; otherwise exit 3 saying
     * how to give it.
     */
    static Path forTraining(Path given, boolean noReal) {
        if (noReal) {
            return null;
        }
        Path data = given != null ? given : ifPresent();
        if (data == null || !Files.isDirectory(data)) {
            throw new org.liverlens.core.work.InvalidInputException("the shared test data folder is missing", data,
                    "give --test-data DIR, set LIVERLENS_TEST_DATA, or train with --no-real");
        }
        return data;
    }

    private static String environment() {
        String env = System.getenv("LIVERLENS_TEST_DATA");
        return env == null || env.isBlank() ? null : env;
    }
}
