package org.liverlens.core.export;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.liverlens.core.work.PacsUnavailableException;

/**
 * How a DICOMweb request authenticates: not at all, HTTP Basic, or a bearer token. Only the
 * names of the environment variables are kept; their values are read when a request is made.
 */
public sealed interface HttpAuth permits HttpAuth.None, HttpAuth.Basic, HttpAuth.Bearer {
    HttpAuth NONE = new None();

    /** The Authorization header value, read from the environment now; empty for no authentication. */
    Optional<String> header(Map<String, String> env, String nodeName);

    /** No credentials. */
    record None() implements HttpAuth {
        @Override
        public Optional<String> header(Map<String, String> env, String nodeName) {
            return Optional.empty();
        }
    }

    /** HTTP Basic: user name and password from two environment variables. */
    record Basic(String userEnv, String passwordEnv) implements HttpAuth {
        public Basic {
            NodeChecks.checkEnvName(userEnv, "--user-env");
            NodeChecks.checkEnvName(passwordEnv, "--password-env");
        }

        @Override
        public Optional<String> header(Map<String, String> env, String nodeName) {
            String user = value(env, userEnv, "user name", nodeName);
            String password = value(env, passwordEnv, "password", nodeName);
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return Optional.of("Basic " + token);
        }
    }

    /** A bearer token (OAuth 2 access token or similar) from an environment variable. */
    record Bearer(String tokenEnv) implements HttpAuth {
        public Bearer {
            NodeChecks.checkEnvName(tokenEnv, "--token-env");
        }

        @Override
        public Optional<String> header(Map<String, String> env, String nodeName) {
            return Optional.of("Bearer " + value(env, tokenEnv, "token", nodeName));
        }
    }

    private static String value(Map<String, String> env, String name, String what, String nodeName) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            throw new PacsUnavailableException("the " + what + " for node '" + nodeName + "' is read from the environment "
                    + "variable " + name + ", which is not set", "export " + name + "=... in this shell", false, null);
        }
        return v;
    }
}
