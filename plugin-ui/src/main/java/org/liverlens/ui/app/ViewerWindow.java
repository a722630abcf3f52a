package org.liverlens.ui.app;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.geom.Point2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.WindowConstants;

import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.service.SeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;
import org.liverlens.ui.ViewerTheme;
import org.liverlens.ui.ViewerTool;
import org.liverlens.ui.view.ComparePanel;
import org.liverlens.ui.view.Plane;
import org.liverlens.ui.view.SliceView;
import org.liverlens.ui.view.ViewerData;
import org.liverlens.ui.view.ViewerPanel;

/**
 * The viewer's window: loads the folder (and SEG) on a worker thread, then shows a
 * {@link ViewerPanel}; with {@code --screenshot} it renders the window to a PNG and exits. Without a
 * display (headless) only the screenshot works: the same panel is laid out and painted off screen.
 * A failure to load is a message that says what to do: on stderr and as the exit code for a
 * screenshot, in a dialog (and an empty window with "Open folder") otherwise.
 */
final class ViewerWindow {
    /** The size the window opens with (and the screenshot has). */
    static final Dimension SIZE = new Dimension(1400, 860);

    private final SeriesService series;
    private final Supplier<List<ViewerTool>> tools;
    private final IntConsumer exit;
    private final long startMs;
    private final ViewerSettings settings;
    private JFrame frame;
    private ViewerPanel current;

    ViewerWindow(SeriesService series, Supplier<List<ViewerTool>> tools, IntConsumer exit, long startMs) {
        this.series = series;
        this.tools = tools;
        this.exit = exit;
        this.startMs = startMs;
        this.settings = ViewerSettings.load(UserHome.fromEnvironment());
    }

    void open(ViewerArgs args) {
        boolean headless = GraphicsEnvironment.isHeadless();
        if (headless && args.screenshot() == null) {
            System.err.println("liverlens: no display for the viewer (set DISPLAY, run it under xvfb-run, or use "
                    + "--screenshot PNG)");
            exit.accept(ExitCodes.INVALID_INPUT);
            return;
        }
        EventQueue.invokeLater(() -> {
            ViewerTheme.install(false);
            if (!headless) {
                frame = new JFrame("LiverLens");
                frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
                frame.addWindowListener(new WindowAdapter() {
                    @Override
                    public void windowClosing(WindowEvent e) {
                        if (args.screenshot() == null) {
                            rememberLayout();
                        }
                    }

                    @Override
                    public void windowClosed(WindowEvent e) {
                        exit.accept(ExitCodes.OK);
                    }
                });
                frame.setJMenuBar(menu());
                frame.setTransferHandler(new FolderDrop(folder -> load(folder, null, null, null, null)));
                frame.getContentPane().add(message(args.folder() == null ? "No folder opened: choose one, or drop it "
                        + "here" : "Loading " + args.folder() + "\u2026"), BorderLayout.CENTER);
                Rectangle bounds = args.screenshot() == null ? settings.bounds() : null;
                if (bounds != null) {
                    frame.setBounds(bounds);
                } else {
                    frame.setSize(SIZE);
                }
                frame.setVisible(true);
            }
            if (args.folder() != null) {
                load(args.folder(), null, args.seg(), args.compare(), args.screenshot());
            }
        });
    }

    private void load(Path folder, String seriesUid, Path seg, Path compare, Path screenshot) {
        if (frame != null && current != null) {
            current.tasks().show("Opening " + folder + "\u2026", false);
        }
        new SwingWorker<ViewerData[], Void>() {
            @Override
            protected ViewerData[] doInBackground() {
                ViewerData first = ViewerData.load(series, folder, seriesUid, seg, Progress.NONE, Cancellation.NONE);
                if (compare == null) {
                    return new ViewerData[] {first};
                }
                ViewerData second = ViewerData.load(series, compare, null, Progress.NONE, Cancellation.NONE);
                return new ViewerData[] {first, second};
            }

            @Override
            protected void done() {
                ViewerData[] data;
                try {
                    data = get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    failed(e.getCause(), screenshot);
                    return;
                }
                if (screenshot == null) {
                    settings.setLastFolder(folder);
                    settings.save();
                }
                try {
                    if (data.length == 1) {
                        show(data[0], screenshot);
                    } else {
                        showCompare(data[0], data[1], screenshot);
                    }
                } catch (RuntimeException | Error e) {
                    failed(e, screenshot);
                }
            }
        }.execute();
    }

    private void show(ViewerData data, Path screenshot) {
        ViewerPanel panel = new ViewerPanel(data, series, (folder, uid) -> load(folder, uid, null, null, null));
        panel.setComparer(folder -> compareWindow(panel, folder));
        current = panel;
        SeriesInfo shown = data.series();
        for (ViewerTool tool : tools.get()) {
            if (tool.isCompatible(shown)) {
                panel.addToolTab(tool.name(), tool.createPanel(panel));
            }
        }
        present(panel, "LiverLens \u2014 " + data.loaded().stack().first().seriesInstanceUid(), screenshot, root -> {
            SliceView view = panel.view(Plane.AXIAL);
            Rectangle axial = SwingUtilities.convertRectangle(view.getParent(), view.getBounds(), root);
            Point2D crosshair = view.screenOf(panel.state().crosshair());
            return String.format(Locale.ROOT, "axial view at x=%d y=%d w=%d h=%d, crosshair at x=%d y=%d", axial.x,
                    axial.y, axial.width, axial.height, axial.x + (int) crosshair.getX(),
                    axial.y + (int) crosshair.getY());
        });
    }

    private void showCompare(ViewerData first, ViewerData second, Path screenshot) {
        current = null;
        ComparePanel panel = new ComparePanel(first, second);
        present(panel, "LiverLens \u2014 compare", screenshot, root -> "compare views at " + at(panel.left(), root)
                + " and " + at(panel.right(), root) + ", difference at " + at(panel.difference(), root)
                + "; coronal at " + at(panel.left(Plane.CORONAL), root) + " and " + at(panel.right(Plane.CORONAL), root)
                + "; sagittal at " + at(panel.left(Plane.SAGITTAL), root) + " and "
                + at(panel.right(Plane.SAGITTAL), root));
    }

    /** Where a view lies in the screenshot: {@code x= y= w= h=}. */
    private static String at(Component view, Component root) {
        Rectangle r = SwingUtilities.convertRectangle(view.getParent(), view.getBounds(), root);
        return String.format(Locale.ROOT, "x=%d y=%d w=%d h=%d", r.x, r.y, r.width, r.height);
    }

    /** Puts the panel into the window, reports the first image, and takes the screenshot when asked. */
    private void present(JComponent panel, String title, Path screenshot, Function<Component, String> where) {
        if (frame != null) {
            frame.getContentPane().removeAll();
            frame.getContentPane().add(panel, BorderLayout.CENTER);
            frame.setTitle(title);
            if (panel instanceof ViewerPanel v && settings.sideWidth() > 0) {
                v.setSideWidth(settings.sideWidth());
            }
            frame.revalidate();
        }
        EventQueue.invokeLater(() -> {
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "liverlens: first image after %d ms, heap in use %d MB (of %d MB allocated)%n",
                    System.currentTimeMillis() - startMs, (rt.totalMemory() - rt.freeMemory()) >> 20,
                    rt.totalMemory() >> 20);
            if (screenshot != null) {
                try {
                    screenshot(frame != null ? frame.getContentPane() : panel, screenshot, where);
                } catch (RuntimeException | Error e) {
                    failed(e, screenshot);
                }
            }
        });
    }

    private void screenshot(Component root, Path file, Function<Component, String> where) {
        int code = ExitCodes.OK;
        try {
            Screenshot.write(root, SIZE, file);
            System.out.printf(Locale.ROOT, "liverlens: screenshot %s; %s%n", file.toAbsolutePath(), where.apply(root));
        } catch (LiverLensException e) {
            System.err.println("liverlens: " + e.userMessage());
            code = e.exitCode();
        }
        if (frame != null) {
            frame.dispose(); // its windowClosed comes later: the code below is the one the launcher keeps
        }
        exit.accept(code);
    }

    private void failed(Throwable cause, Path screenshot) {
        String message = cause instanceof LiverLensException l ? l.userMessage()
                : "the viewer failed: " + cause + " (a bug: please report it with the command line)";
        int code = cause instanceof LiverLensException l ? l.exitCode() : ExitCodes.INTERNAL_ERROR;
        if (screenshot != null || frame == null) {
            System.err.println("liverlens: " + message);
            if (frame != null) {
                frame.dispose();
            }
            exit.accept(code);
            return;
        }
        JOptionPane.showMessageDialog(frame, message, "Cannot open", JOptionPane.ERROR_MESSAGE);
        frame.getContentPane().removeAll();
        frame.getContentPane().add(message("Choose another folder"), BorderLayout.CENTER);
        frame.revalidate();
        frame.repaint();
    }

    private JPanel message(String text) {
        JPanel panel = new JPanel(new FlowLayout(FlowLayout.LEADING));
        JButton open = new JButton("Open folder\u2026");
        open.addActionListener(e -> chooseFolder());
        panel.add(open);
        panel.add(new JLabel(text));
        return panel;
    }

    private JMenuBar menu() {
        JMenuBar bar = new JMenuBar();
        JMenu file = new JMenu("File");
        JMenuItem open = new JMenuItem("Open folder\u2026");
        open.addActionListener(e -> chooseFolder());
        file.add(open);
        JMenuItem weasis = new JMenuItem("Open in Weasis");
        weasis.addActionListener(e -> openInWeasis());
        file.add(weasis);
        bar.add(file);
        return bar;
    }

    /** The folder dialog, starting in the folder opened last. */
    private void chooseFolder() {
        JFileChooser chooser = new JFileChooser(settings.lastFolder() == null ? null
                : settings.lastFolder().toFile());
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        if (chooser.showOpenDialog(frame) == JFileChooser.APPROVE_OPTION) {
            load(chooser.getSelectedFile().toPath(), null, null, null, null);
        }
    }

    /** Loads the series under {@code folder} and shows it beside the panel's in a window of its own. */
    private void compareWindow(ViewerPanel panel, Path folder) {
        if (frame == null) {
            return; // headless: nothing to show it in
        }
        panel.tasks().run("Open " + folder.getFileName() + " beside the original",
                (progress, cancel) -> ViewerData.load(series, folder, null, progress, cancel), derived -> {
                    JFrame window = new JFrame("LiverLens \u2014 compare: " + folder);
                    window.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
                    window.getContentPane().add(new ComparePanel(panel.data(), derived), BorderLayout.CENTER);
                    window.setSize(SIZE);
                    window.setLocationRelativeTo(frame);
                    window.setVisible(true);
                });
    }

    /** Hands the shown folder to Weasis (off the event thread), or says why it cannot. */
    private void openInWeasis() {
        if (current == null) {
            JOptionPane.showMessageDialog(frame, "Open a folder first.", "Open in Weasis",
                    JOptionPane.INFORMATION_MESSAGE);
            return;
        }
        Path folder = current.data().folder();
        current.tasks().run("Open in Weasis", (progress, cancel) -> WeasisLauncher.open(folder),
                outcome -> current.tasks().show(outcome.message(), !outcome.opened()));
    }

    /** Remembers the window's bounds and the side panel's width for the next start. */
    private void rememberLayout() {
        settings.setBounds(frame.getBounds());
        if (current != null) {
            settings.setSideWidth(current.sideWidth());
        }
        settings.save();
    }
}
