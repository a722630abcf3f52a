package org.liverlens.core.work;

/** Thrown by {@link Cancellation#check()} once the user has cancelled a long operation. */
public class CancelledException extends LiverLensException {
    public CancelledException() {
        super("cancelled by the user", null, null, null);
    }

    @Override
    public int exitCode() {
        return ExitCodes.INTERNAL_ERROR;
    }
}
