package org.liverlens.core.work;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A failure the user can act on. Carries the exit code of CLI.md, the file involved (if any) and
 * what the user can do about it; the CLI prints {@link #userMessage()} as one line.
 */
public abstract class LiverLensException extends RuntimeException {
    private final transient Path file;
    private final String hint;

    protected LiverLensException(String message, Path file, String hint, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.hint = hint;
    }

    /** Process exit code for this kind of failure (see CLI.md). */
    public abstract int exitCode();

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /** One line: what went wrong, where, and what to do. */
    public String userMessage() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        sb.append(getMessage());
        if (hint != null && !hint.isBlank()) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }
}
