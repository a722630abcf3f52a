package org.liverlens.ui.tools;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.SwingWorker;

import org.liverlens.core.export.OutboxSender;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.export.PacsNode;
import org.liverlens.core.export.SendReport;
import org.liverlens.core.service.ExportService;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.edit.Segmentation;

/**
 * The send tool's panel: the configured nodes, "Send saved SEG" (on the task bar), "Retry queued"
 * (the outbox's flush), and the outbox's jobs with their state, refreshed after each send.
 */
final class SendPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final transient ViewerContext context;
    private final transient Supplier<ExportService> service;
    private final DefaultComboBoxModel<String> nodes = new DefaultComboBoxModel<>();
    private final DefaultListModel<String> outbox = new DefaultListModel<>();

    SendPanel(ViewerContext context, Supplier<ExportService> service) {
        super(new BorderLayout());
        this.context = context;
        this.service = service;
        JButton send = new JButton("Send saved SEG");
        send.addActionListener(e -> send((String) nodes.getSelectedItem()));
        JButton retry = new JButton("Retry queued");
        retry.addActionListener(e -> retry());
        JButton refresh = new JButton("Refresh");
        refresh.addActionListener(e -> refresh());
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEADING, 6, 4));
        bar.add(new JLabel("Node:"));
        bar.add(new JComboBox<>(nodes));
        bar.add(send);
        bar.add(retry);
        bar.add(refresh);
        add(bar, BorderLayout.NORTH);
        JPanel list = new JPanel(new BorderLayout());
        list.add(new JLabel("Outbox (a job stays until the PACS confirms every instance):"), BorderLayout.NORTH);
        list.add(new JScrollPane(new JList<>(outbox)), BorderLayout.CENTER);
        add(list, BorderLayout.CENTER);
        refresh();
    }

    /** The outbox lines shown now. */
    List<String> outboxLines() {
        return java.util.Collections.list(outbox.elements());
    }

    /** Sends the saved SEG to a node (name or URI); false when there is nothing saved to send. */
    boolean send(String node) {
        ExportService s = service.get();
        Segmentation segmentation = context.segmentation();
        Path seg = segmentation.savedFile();
        if (s == null) {
            context.tasks().show("Sending is not available now (the export service has gone); restart the viewer.",
                    true);
            return false;
        }
        if (node == null) {
            context.tasks().show("No PACS node is configured: add one with 'liverlens nodes add NAME AET@HOST:PORT' "
                    + "(or a DICOMweb URL), then press Refresh.", true);
            return false;
        }
        if (seg == null || segmentation.modified()) {
            context.tasks().show("Save the segments first (Segments tab, Save as SEG\u2026): Send sends the saved "
                    + "SEG.", true);
            return false;
        }
        return context.tasks().run("Send " + seg.getFileName() + " to " + node,
                (progress, cancel) -> s.send(List.of(seg), node, OutboxSender.Options.defaults(), progress, cancel),
                report -> {
                    context.tasks().show(describe(report), report.unavailable() != null
                            || !report.failures().isEmpty());
                    refresh();
                });
    }

    private void retry() {
        ExportService s = service.get();
        if (s == null) {
            return;
        }
        context.tasks().run("Retry the outbox", (progress, cancel) -> s.flush(false, OutboxSender.Options.defaults(),
                progress, cancel), reports -> {
                    context.tasks().show(reports.isEmpty() ? "The outbox is empty."
                            : reports.stream().map(SendPanel::describe).reduce((a, b) -> a + "; " + b).orElse(""),
                            reports.stream().anyMatch(r -> r.unavailable() != null || !r.failures().isEmpty()));
                    refresh();
                });
    }

    static String describe(SendReport r) {
        if (r.unavailable() != null) {
            return r.destination() + " did not answer: " + r.unavailable().userMessage()
                    + " The SEG waits in the outbox; press Retry queued later.";
        }
        if (!r.failures().isEmpty()) {
            return String.format(Locale.ROOT, "%s refused %d of %d instance(s): %s", r.destination(),
                    r.failures().size(), r.instances().size(), r.failures().get(0).reason());
        }
        return String.format(Locale.ROOT, "Sent to %s: %d instance(s) confirmed", r.destination(), r.confirmed());
    }

    /** Reads the nodes and the outbox's jobs on a worker thread. */
    void refresh() {
        ExportService s = service.get();
        if (s == null) {
            return;
        }
        new SwingWorker<Object[], Void>() {
            @Override
            protected Object[] doInBackground() {
                return new Object[] {s.nodes(), s.outbox()};
            }

            @Override
            @SuppressWarnings("unchecked")
            protected void done() {
                try {
                    Object[] r = get();
                    Object chosen = nodes.getSelectedItem();
                    nodes.removeAllElements();
                    for (PacsNode n : (List<PacsNode>) r[0]) {
                        nodes.addElement(n.name());
                    }
                    if (chosen != null) {
                        nodes.setSelectedItem(chosen);
                    }
                    outbox.clear();
                    for (PacsExport.JobSummary j : (List<PacsExport.JobSummary>) r[1]) {
                        outbox.addElement(line(j));
                    }
                    if (outbox.isEmpty()) {
                        outbox.addElement("(empty)");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    String m = e.getCause() instanceof LiverLensException l ? l.userMessage() : String.valueOf(e.getCause());
                    context.tasks().show("Cannot read the PACS nodes or the outbox: " + m, true);
                }
            }
        }.execute();
    }

    private static String line(PacsExport.JobSummary j) {
        String state = j.beingSent() ? "sending" : j.confirmed() == j.instances() ? "confirmed"
                : j.failed() > 0 ? j.failed() + " failed" : "queued";
        return String.format(Locale.ROOT, "%s \u2192 %s: %d instance(s), %s%s", j.id(), j.destination(), j.instances(),
                state, j.lastError() == null ? "" : " (" + j.lastError() + ")");
    }
}
