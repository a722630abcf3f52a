package org.liverlens.core.segment;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * Makes the synthetic training cases on a background thread while training runs. Whatever ends
 * the thread early (an exception of the generator, an OutOfMemoryError) is kept and rethrown on
 * the training thread by {@link #check} and {@link #awaitCases}, so a failing generator ends the
 * run with its cause instead of leaving the trainer waiting for cases that never come.
 */
final class SyntheticCaseProducer {
    private final Thread thread;
    private final IntSupplier made;
    private final long firstSeed;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong failedSeed = new AtomicLong();

    /**
     * @param count how many cases, with seeds {@code firstSeed}, {@code firstSeed + 1}, …
     * @param sink  prepares and keeps one case (runs on the producer's thread)
     * @param made  how many cases the sink holds
     */
    SyntheticCaseProducer(TrainingCases source, long firstSeed, int count, Consumer<LabelledCt> sink, IntSupplier made,
                          Cancellation cancel) {
        this.made = made;
        this.firstSeed = firstSeed;
        thread = new Thread(() -> {
            long seed = firstSeed;
            try {
                for (int n = 0; n < count && !cancel.isCancelled() && !stopped.get(); n++) {
                    seed = firstSeed + n;
                    sink.accept(source.synthetic(seed));
                }
            } catch (Throwable t) { // whatever ends the producer must end the run, OutOfMemoryError too
                failedSeed.set(seed);
                failure.set(t);
            }
        }, "synthetic-cases");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    void start() {
        thread.start();
    }

    /** Asks the thread to stop after the case it is making (the run is over). */
    void stop() {
        stopped.set(true);
    }

    /** Waits until {@code count} cases exist; ends early with the producer's failure or the cancellation. */
    void awaitCases(int count, Cancellation cancel) {
        while (made.getAsInt() < count) {
            cancel.check();
            check();
            if (!thread.isAlive() && made.getAsInt() < count) {
                check(); // it may have failed between the two looks
                cancel.check();
                throw new IllegalStateException("the synthetic-case producer ended with " + made.getAsInt() + " of "
                        + count + " cases and no error");
            }
            try {
                thread.join(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for synthetic cases", e);
            }
        }
    }

    /** Rethrows the producer's failure, if any, naming the case it was making, with the failure as cause. */
    void check() {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        long seed = failedSeed.get();
        String what = "making synthetic training case " + (seed - firstSeed + 1) + " (seed " + seed + ") failed after "
                + made.getAsInt() + " case(s): " + t;
        if (t instanceof OutOfMemoryError) {
            throw new InvalidInputException(what, null, "train with fewer --synthetic cases (each stays in memory), or "
                    + "give Java more memory (LIVERLENS_JAVA_OPTS=-Xmx…)", t);
        }
        if (t instanceof InvalidInputException e) {
            throw new InvalidInputException(what, e.file().orElse(null), e.hint().orElse(null), t);
        }
        throw new IllegalStateException(what, t);
    }
}
