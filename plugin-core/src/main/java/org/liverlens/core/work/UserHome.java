package org.liverlens.core.work;

import java.nio.file.Path;
import java.util.Map;

/** The user folder {@code ~/.liverlens} (override with {@code LIVERLENS_HOME}). */
public record UserHome(Path root) {

    public static UserHome fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    static UserHome fromEnvironment(Map<String, String> env, String userHome) {
        String override = env.get("LIVERLENS_HOME");
        if (override != null && !override.isBlank()) {
            return new UserHome(Path.of(override).toAbsolutePath());
        }
        return new UserHome(Path.of(userHome, ".liverlens"));
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
