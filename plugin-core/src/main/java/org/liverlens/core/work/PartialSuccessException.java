package org.liverlens.core.work;

import java.util.List;

/**
 * Some instances or files failed while the others succeeded (exit code 5). Each failure is listed
 * in the message, one after the other, naming the file and why.
 */
public class PartialSuccessException extends LiverLensException {
    private final List<String> failures;

    public PartialSuccessException(String summary, List<String> failures, String hint) {
        super(summary + ": " + String.join("; ", failures), null, hint, null);
        this.failures = List.copyOf(failures);
    }

    /** One line per failed item: what it was and why it failed. */
    public List<String> failures() {
        return failures;
    }

    @Override
    public int exitCode() {
        return ExitCodes.PARTIAL_SUCCESS;
    }
}
