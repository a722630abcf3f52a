package org.liverlens.core.promptnet;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * Pasted lesions made on a background thread while the network trains: it generates the synthetic
 * cases one by one (every third turn while some are missing) and otherwise pastes a new lesion into a
 * random case, replacing the oldest of {@code capacity} instances. Training draws from whatever the
 * pool holds, so each lesion serves several examples (other slices, clicks, crops) while pasting
 * (the costly part) runs beside the optimiser. What ends the thread (an exception, memory) is rethrown
 * to the trainer. The pool's contents depend on timing: a run is not bit-reproducible from its seed.
 */
final class InstancePool {
    private final LesionInstances instances;
    private final AtomicReferenceArray<LesionInstances.Instance> slots;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;
    private volatile int made;
    private final java.util.concurrent.atomic.AtomicInteger drawn = new java.util.concurrent.atomic.AtomicInteger();
    /** Examples drawn per pasted lesion, on average, once the pool is full: pasting waits when it is ahead. */
    static final int REUSE = 10;

    /**
     * @param synthetic  source of the synthetic cases, or null
     * @param firstSeed  synthetic case n has seed {@code firstSeed + n}
     * @param count      synthetic cases to make
     * @param faintShare share of the lesions made faint ({@link org.liverlens.core.synth.LesionModel#faint})
     */
    InstancePool(LesionInstances instances, int capacity, TrainingCases synthetic, long firstSeed, int count,
                 double realShare, double faintShare, long seed, Consumer<String> log, Cancellation cancel) {
        this.instances = instances;
        this.slots = new AtomicReferenceArray<>(capacity);
        thread = new Thread(() -> {
            SplittableRandom r = new SplittableRandom(seed ^ 0x1E5105L);
            int cases = 0;
            int turn = 0;
            try {
                while (!stopped.get() && !cancel.isCancelled()) {
                    boolean needCase = synthetic != null && cases < count
                            && (turn++ % 3 == 0 || instances.syntheticCases() + instances.realCases() == 0);
                    if (needCase) {
                        long s = firstSeed + cases++;
                        if (instances.add(synthetic.synthetic(s), false)) {
                            log.accept("synthetic case " + s + " ready (" + instances.syntheticCases() + " of " + count
                                    + ")");
                        }
                        continue;
                    }
                    if (made >= slots.length() && (long) made * REUSE > drawn.get()) {
                        Thread.sleep(20);
                        continue;
                    }
                    LesionInstances.Instance in = instances.draw(r, realShare, faintShare);
                    if (in != null) {
                        slots.set(made % slots.length(), in);
                        made++;
                    }
                }
            } catch (Throwable t) { // whatever ends the producer must end the run, OutOfMemoryError too
                failure.set(t);
            }
        }, "prompt-lesions");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped.set(true);
    }

    /** Lesions pasted so far. */
    int made() {
        return made;
    }

    /** A random instance of those held, once at least {@code least} were made. */
    LesionInstances.Instance draw(SplittableRandom r, int least, Cancellation cancel) {
        while (made < least) {
            check();
            cancel.check();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.check();
            }
        }
        check();
        drawn.incrementAndGet();
        return slots.get(r.nextInt(Math.min(made, slots.length())));
    }

    private void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new InvalidInputException("making training lesions failed: " + t, null,
                    "see the cause; with OutOfMemoryError give more heap (LIVERLENS_JAVA_OPTS=-Xmx4g) or fewer --synthetic",
                    t);
        }
        if (!thread.isAlive() && made == 0 && !stopped.get()) {
            throw new InvalidInputException("no training lesion could be pasted: the cases have no room for one", null,
                    "check the training cases (their liver labels)");
        }
    }
}
