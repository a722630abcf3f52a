package org.liverlens.core.prompt;

import java.nio.file.Path;

import org.liverlens.core.work.InvalidInputException;

/** A click or box that cannot be used: outside the series, a zero-size box (exit code 3). */
public final class InvalidPromptException extends InvalidInputException {
    public InvalidPromptException(String message, Path series, String hint) {
        super(message, series, hint);
    }
}
