package org.liverlens.core.work;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user folder: the system property {@value #PROPERTY} when set (a JVM option; tests that run
 * the command line in their own JVM set it, since they cannot change the environment), else
 * {@code $LIVERLENS_HOME} when set, else {@code $HOME/.liverlens}, else
 * {@code .liverlens} in the JVM's {@code user.home}. {@code $HOME} comes before {@code user.home}
 * because the JVM takes {@code user.home} from the password database, so {@code HOME=/x liverlens}
 * would otherwise still write to the real home folder. The folders and files that hold patient
 * data or settings (the outbox, config.json, the logs) are private to their owner
 * ({@link AtomicFiles#writePrivate}, {@link AtomicFiles#privateFolder}).
 */
public record UserHome(Path root) {
    /** The system property that names the user folder before the environment does. */
    public static final String PROPERTY = "liverlens.home";

    public static UserHome fromEnvironment() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new UserHome(Path.of(property).toAbsolutePath());
        }
        return fromEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The user folder that {@code env} and {@code userHome} name, without {@value #PROPERTY}: the
     * real one of a test JVM, which tests check they leave alone.
     */
    public static UserHome fromEnvironment(Map<String, String> env, String userHome) {
        String override = env.get("LIVERLENS_HOME");
        if (override != null && !override.isBlank()) {
            return new UserHome(Path.of(override).toAbsolutePath());
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            return new UserHome(Path.of(home, ".liverlens").toAbsolutePath());
        }
        return new UserHome(Path.of(userHome, ".liverlens").toAbsolutePath());
    }

    /**
     * Makes the user folder private ({@code rwx------}) when it exists with wider permissions, as
     * folders made by other parts (the model cache) or by earlier versions may have. Only a folder
     * named {@code .liverlens} is changed: a {@code $LIVERLENS_HOME} of another name may be a folder
     * the user shares on purpose. Best effort: a file system without POSIX permissions is left alone.
     */
    public void makePrivate() {
        if (root.getFileName() != null && root.getFileName().toString().equals(".liverlens")
                && java.nio.file.Files.isDirectory(root)) {
            try {
                AtomicFiles.privateFolder(root);
            } catch (java.io.UncheckedIOException e) {
                // not ours to fail a command over; the files that matter are written owner-only anyway
            }
        }
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path outbox() {
        return root.resolve("outbox");
    }

    public Path models() {
        return root.resolve("models");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path cache() {
        return root.resolve("cache");
    }
}
