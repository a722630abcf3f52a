package org.liverlens.core.work;

/** The process exit codes documented in CLI.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int INVALID_INPUT = 3;
    public static final int PACS_UNAVAILABLE = 4;
    public static final int PARTIAL_SUCCESS = 5;

    private ExitCodes() {
    }
}
