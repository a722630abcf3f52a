package org.liverlens.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.GraphicsEnvironment;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;

import org.liverlens.core.work.CancelledException;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.Progress;

/**
 * Runs the viewer's long work (auto segment, a lesion click, save, send) on a worker thread, one
 * task at a time, with a progress bar and a Cancel button; the event dispatch thread never waits.
 * A failure is a message that says what to do (the {@link LiverLensException}'s), shown on the bar
 * and in a dialog; an unexpected exception says it is a bug, never with a stack trace.
 */
public final class TaskBar extends JPanel {
    private static final long serialVersionUID = 1L;

    /** Work that reports progress and stops when cancelled. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress, Cancellation cancel);
    }

    private final JProgressBar bar = new JProgressBar();
    private final JLabel message = new JLabel(" ");
    private final JButton cancelButton = new JButton("Cancel");
    private transient Cancellation cancel;
    private transient SwingWorker<?, ?> running;

    public TaskBar() {
        super(new BorderLayout(6, 0));
        JPanel right = new JPanel(new FlowLayout(FlowLayout.TRAILING, 4, 0));
        bar.setVisible(false);
        cancelButton.setVisible(false);
        cancelButton.addActionListener(e -> cancel());
        right.add(bar);
        right.add(cancelButton);
        add(message, BorderLayout.CENTER);
        add(right, BorderLayout.EAST);
    }

    /** Whether a task runs now. */
    public boolean busy() {
        return running != null;
    }

    /** The bar's message: what runs, what was done, or what went wrong and what to do. */
    public String message() {
        return message.getText();
    }

    /** Asks the running task to stop. */
    public void cancel() {
        if (cancel != null) {
            cancel.cancel();
            message.setText(message.getText() + " (cancelling\u2026)");
        }
    }

    /**
     * Starts {@code work} on a worker thread; on success {@code done} gets its result on the event
     * dispatch thread. Refused with a message while another task runs. Call on the event thread.
     *
     * @return false when refused
     */
    public <T> boolean run(String title, Work<T> work, Consumer<T> done) {
        if (running != null) {
            show("Wait for \u201c" + title + "\u201d until the running task ends, or cancel it.", true);
            return false;
        }
        Cancellation token = new Cancellation();
        cancel = token;
        message.setForeground(null);
        message.setText(title + "\u2026");
        bar.setIndeterminate(true);
        bar.setValue(0);
        bar.setVisible(true);
        cancelButton.setVisible(true);
        BarProgress progress = new BarProgress();
        SwingWorker<T, Void> worker = new SwingWorker<>() {
            @Override
            protected T doInBackground() {
                return work.run(progress, token);
            }

            @Override
            protected void done() {
                running = null;
                cancel = null;
                bar.setVisible(false);
                cancelButton.setVisible(false);
                T result;
                try {
                    result = get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    failed(title, e.getCause());
                    return;
                }
                message.setText(title + ": done");
                try {
                    done.accept(result);
                } catch (RuntimeException e) {
                    failed(title, e);
                }
            }
        };
        running = worker;
        worker.execute();
        return true;
    }

    /** Shows a message on the bar (and, for a problem on a display, in a dialog). */
    public void show(String text, boolean problem) {
        message.setForeground(problem ? new Color(220, 80, 60) : null);
        message.setText(text);
        if (problem && !GraphicsEnvironment.isHeadless() && isShowing()) {
            JOptionPane.showMessageDialog(SwingUtilities.getWindowAncestor(this), text, "LiverLens",
                    JOptionPane.WARNING_MESSAGE);
        }
    }

    private void failed(String title, Throwable cause) {
        if (cause instanceof CancelledException) {
            show(title + ": cancelled", false);
        } else if (cause instanceof LiverLensException l) {
            show(title + ": " + l.userMessage(), true);
        } else if (cause instanceof IllegalArgumentException) {
            show(title + ": " + cause.getMessage(), true);
        } else {
            show(title + " failed: " + cause + " (a bug: please report it with what you did)", true);
        }
    }

    /** Progress that updates the bar on the event thread (thread-safe: the worker calls it). */
    private final class BarProgress implements Progress {
        private final AtomicLong total = new AtomicLong();
        private final AtomicLong done = new AtomicLong();

        @Override
        public void begin(String task, long totalUnits) {
            total.set(totalUnits);
            done.set(0);
            SwingUtilities.invokeLater(() -> {
                bar.setIndeterminate(totalUnits <= 0);
                bar.setMaximum((int) Math.min(Integer.MAX_VALUE, Math.max(1, totalUnits)));
                bar.setValue(0);
                if (task != null && !task.isBlank() && running != null) {
                    message.setText(task + "\u2026");
                }
            });
        }

        @Override
        public void advance(long units) {
            long now = done.addAndGet(units);
            SwingUtilities.invokeLater(() -> bar.setValue((int) Math.min(now, bar.getMaximum())));
        }

        @Override
        public void end() {
            SwingUtilities.invokeLater(() -> bar.setValue(bar.getMaximum()));
        }
    }
}
