package org.liverlens.core.work;

/** Receives progress of a long operation. Implementations must be thread-safe. */
public interface Progress {
    /** Ignores everything. */
    Progress NONE = new Progress() {
        @Override
        public void begin(String task, long totalUnits) {
        }

        @Override
        public void advance(long units) {
        }

        @Override
        public void end() {
        }
    };

    /** Starts a task of {@code totalUnits} units (0 when unknown). */
    void begin(String task, long totalUnits);

    /** Reports that {@code units} more units are done. */
    void advance(long units);

    /** Ends the current task. */
    void end();
}
