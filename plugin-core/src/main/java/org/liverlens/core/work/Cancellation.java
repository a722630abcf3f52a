package org.liverlens.core.work;

import java.util.concurrent.atomic.AtomicBoolean;

/** A cancellation flag shared between the caller (UI, CLI signal handler) and a long operation. */
public final class Cancellation {
    /** A token nobody cancels, for callers without a cancel button. */
    public static final Cancellation NONE = new Cancellation();

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        if (this != NONE) {
            cancelled.set(true);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link CancelledException} when cancelled; long loops call this between units of work. */
    public void check() {
        if (cancelled.get()) {
            throw new CancelledException();
        }
    }
}
