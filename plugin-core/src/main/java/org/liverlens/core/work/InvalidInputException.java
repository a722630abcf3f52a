package org.liverlens.core.work;

import java.nio.file.Path;

/** Input that cannot be used as asked: not DICOM, wrong modality, a gap in a series, ... (exit code 3). */
public class InvalidInputException extends LiverLensException {
    public InvalidInputException(String message, Path file, String hint) {
        super(message, file, hint, null);
    }

    public InvalidInputException(String message, Path file, String hint, Throwable cause) {
        super(message, file, hint, cause);
    }

    @Override
    public int exitCode() {
        return ExitCodes.INVALID_INPUT;
    }
}
