package org.liverlens.core.work;

/**
 * A PACS could not be reached, or refused the connection or request as a whole (association
 * rejected, HTTP 401/403/404, TLS failure): nothing was lost, the work stays queued in the outbox
 * (exit code 4).
 */
public class PacsUnavailableException extends LiverLensException {
    private final boolean transientFailure;

    /**
     * @param transientFailure whether trying again later may help by itself (connection refused,
     *                         timeout, HTTP 5xx) rather than only after a change of configuration
     */
    public PacsUnavailableException(String message, String hint, boolean transientFailure, Throwable cause) {
        super(message, null, hint, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether a retry without any change may succeed (network trouble, server busy). */
    public boolean isTransient() {
        return transientFailure;
    }

    @Override
    public int exitCode() {
        return ExitCodes.PACS_UNAVAILABLE;
    }
}
