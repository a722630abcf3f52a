package org.liverlens.core.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.liverlens.core.work.Cancellation;

/**
 * Ctrl-C (or SIGTERM) during a long run: the shutdown hook cancels the run and waits up to 30 s for it
 * to stop at its next step (no half-written checkpoint; no JVM exit while the training thread is inside
 * libtorch, which crashes the JVM). Close it when the run has ended.
 */
final class CancelOnExit implements AutoCloseable {
    private final Cancellation cancel = new Cancellation();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    CancelOnExit(String name) {
        hook = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    Cancellation cancellation() {
        return cancel;
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the run has ended
        }
    }
}
