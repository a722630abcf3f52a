package org.liverlens.ui.series;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.SwingWorker;

import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.service.SeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** Lists the series of a folder; the scan runs off the event dispatch thread and can be superseded. */
final class SeriesBrowserPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final transient Supplier<SeriesService> service;
    private final DefaultListModel<String> series = new DefaultListModel<>();
    private final JLabel status = new JLabel("No folder opened");
    private transient Cancellation running;

    SeriesBrowserPanel(Supplier<SeriesService> service) {
        super(new BorderLayout());
        this.service = service;
        JButton open = new JButton("Open folder\u2026");
        open.addActionListener(e -> chooseFolder());
        JPanel top = new JPanel(new FlowLayout(FlowLayout.LEADING));
        top.add(open);
        top.add(status);
        add(top, BorderLayout.NORTH);
        add(new JScrollPane(new JList<>(series)), BorderLayout.CENTER);
    }

    private void chooseFolder() {
        JFileChooser chooser = new JFileChooser();
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        if (chooser.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            scan(chooser.getSelectedFile().toPath());
        }
    }

    private void scan(Path folder) {
        SeriesService s = service.get();
        if (s == null) {
            status.setText("The series service is not available");
            return;
        }
        if (running != null) {
            running.cancel();
        }
        Cancellation cancel = new Cancellation();
        running = cancel;
        series.clear();
        status.setText("Scanning " + folder + "\u2026");
        new SwingWorker<ScanResult, Void>() {
            @Override
            protected ScanResult doInBackground() {
                return s.scan(folder, Progress.NONE, cancel);
            }

            @Override
            protected void done() {
                if (cancel != running) {
                    return; // superseded by a newer scan
                }
                running = null;
                try {
                    show(get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    status.setText("Scan failed: " + e.getCause().getMessage());
                }
            }
        }.execute();
    }

    private void show(ScanResult result) {
        for (SeriesInfo info : result.series()) {
            String description = info.first().seriesDescription();
            series.addElement(info.modality() + "  " + (description == null ? "" : description)
                    + "  (" + info.instanceCount() + " images)");
        }
        status.setText(result.series().size() + " series, " + result.skipped().size() + " files skipped");
    }
}
