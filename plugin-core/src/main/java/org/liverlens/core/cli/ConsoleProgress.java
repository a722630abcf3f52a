package org.liverlens.core.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

import org.liverlens.core.work.Progress;

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
final class ConsoleProgress implements Progress {
    private final boolean enabled;
    private final PrintStream err = System.err;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile String task = "";
    private volatile long lastDraw;

    ConsoleProgress(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void begin(String task, long totalUnits) {
        this.task = task;
        this.total = totalUnits;
        done.set(0);
        lastDraw = 0;
        draw(true);
    }

    @Override
    public void advance(long units) {
        done.addAndGet(units);
        draw(false);
    }

    @Override
    public void end() {
        if (enabled) {
            draw(true);
            err.println();
        }
    }

    private void draw(boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        long d = done.get();
        String bar;
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, d * width / total);
            bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + d + "/" + total;
        } else {
            bar = d + " done";
        }
        synchronized (err) {
            err.print("\r" + task + " " + bar);
            err.flush();
        }
    }
}
