package org.liverlens.ui.series;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.ImageIcon;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.SwingWorker;

import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.Problem;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.service.SeriesService;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.view.Plane;
import org.liverlens.ui.view.SliceRenderer;
import org.liverlens.ui.view.ViewState;

/**
 * The folder's series as a list with thumbnails (the middle image of each series' main stack, in
 * the abdomen window) and the problems {@code info} reports under each: errors in red, warnings in
 * orange. The series shown is marked; a double-click opens another. Thumbnails of the other series
 * are decoded on a worker thread, one image each.
 */
public final class SeriesListPanel extends JPanel {
    private static final long serialVersionUID = 1L;
    /** Thumbnail edge in pixels. */
    public static final int THUMB = 72;

    private final transient SeriesInfo shown;
    private final JList<SeriesInfo> list;
    private final transient Map<SeriesInfo, ImageIcon> thumbnails = new HashMap<>();
    private final transient Map<SeriesInfo, List<Problem>> problems = new HashMap<>();

    /**
     * @param series   decodes the other series' middle images (null: thumbnails of the shown series only)
     * @param open     told the series the user double-clicks
     * @param loadWarnings what loading the shown series warned of
     */
    public SeriesListPanel(ScanResult scan, SeriesInfo shown, HuVolume shownVolume, List<Problem> loadWarnings,
                           SeriesService series, Consumer<SeriesInfo> open) {
        super(new BorderLayout());
        this.shown = shown;
        for (SeriesInfo s : scan.series()) {
            List<Problem> p = new java.util.ArrayList<>(s.problems());
            if (s == shown) {
                p.addAll(loadWarnings);
            }
            problems.put(s, p);
        }
        thumbnails.put(shown, new ImageIcon(thumbnail(shownVolume, shownVolume.geometry().slices() / 2)));
        list = new JList<>(scan.series().toArray(SeriesInfo[]::new));
        list.setCellRenderer(new Renderer());
        list.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                int i = list.locationToIndex(e.getPoint());
                if (e.getClickCount() == 2 && i >= 0 && list.getModel().getElementAt(i) != shown) {
                    open.accept(list.getModel().getElementAt(i));
                }
            }
        });
        add(new JScrollPane(list), BorderLayout.CENTER);
        JLabel hint = new JLabel("<html>Double-click a series to open it. " + (scan.skipped().isEmpty() ? ""
                : scan.skipped().size() + " file(s) skipped (liverlens info lists why).") + "</html>");
        hint.setBorder(BorderFactory.createEmptyBorder(4, 6, 4, 6));
        add(hint, BorderLayout.SOUTH);
        if (series != null) {
            loadThumbnails(scan, series);
        }
    }

    public JList<SeriesInfo> seriesList() {
        return list;
    }

    /** Whether a series has its thumbnail (test hook). */
    public boolean hasThumbnail(SeriesInfo s) {
        return thumbnails.containsKey(s);
    }

    /** The middle image of an axial slice {@code k} of {@code ct}, fitted into THUMB × THUMB, abdomen window. */
    static BufferedImage thumbnail(HuVolume ct, int k) {
        var g = ct.geometry();
        double[] sp = g.spacingMm();
        double pxPerMm = Math.min(THUMB / (g.columns() * sp[0]), THUMB / (g.rows() * sp[1]));
        SliceRenderer.Camera camera = new SliceRenderer.Camera((g.columns() - 1) / 2.0, (g.rows() - 1) / 2.0,
                pxPerMm);
        int[] rgb = SliceRenderer.render(ct, Plane.AXIAL, k, camera, THUMB, THUMB, ViewState.ABDOMEN.width(),
                ViewState.ABDOMEN.level(), List.of());
        BufferedImage image = new BufferedImage(THUMB, THUMB, BufferedImage.TYPE_INT_RGB);
        System.arraycopy(rgb, 0, ((DataBufferInt) image.getRaster().getDataBuffer()).getData(), 0, rgb.length);
        return image;
    }

    private static BufferedImage placeholder(String text) {
        BufferedImage image = new BufferedImage(THUMB, THUMB, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(45, 45, 48));
        g.fillRect(0, 0, THUMB, THUMB);
        g.setColor(Color.LIGHT_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(text, 8, THUMB / 2 + 5);
        g.dispose();
        return image;
    }

    private void loadThumbnails(ScanResult scan, SeriesService series) {
        new SwingWorker<Void, Object[]>() {
            @Override
            protected Void doInBackground() {
                for (SeriesInfo s : scan.series()) {
                    if (s == shown || s.primaryStack().isEmpty()) {
                        continue;
                    }
                    Stack stack = s.primaryStack().get();
                    try {
                        HuVolume one = series.load(stack.single(stack.slices().size() / 2), LoadOptions.STRICT,
                                Progress.NONE, Cancellation.NONE).volume();
                        publish(new Object[] {s, thumbnail(one, 0)});
                    } catch (RuntimeException e) {
                        // no picture: the series' problems say why it cannot be shown
                        publish(new Object[] {s, placeholder(s.modality())});
                    }
                }
                return null;
            }

            @Override
            protected void process(List<Object[]> chunks) {
                for (Object[] c : chunks) {
                    thumbnails.put((SeriesInfo) c[0], new ImageIcon((BufferedImage) c[1]));
                }
                list.repaint();
            }
        }.execute();
    }

    private final class Renderer extends DefaultListCellRenderer {
        private static final long serialVersionUID = 1L;

        @Override
        public Component getListCellRendererComponent(JList<?> l, Object value, int index, boolean selected,
                                                      boolean focus) {
            SeriesInfo s = (SeriesInfo) value;
            StringBuilder html = new StringBuilder("<html><body style='width: 300px'>");
            String d = s.first().seriesDescription();
            html.append(s == shown ? "<b>\u25b6 " : "<b>").append(escape(s.modality())).append("</b>  ")
                    .append(escape(d == null ? "" : d)).append("  (").append(s.instanceCount()).append(" images)");
            for (Problem p : problems.get(s)) {
                html.append("<br><font color='").append(p.blocking() ? "#e05a46" : "#e0a030").append("'>")
                        .append(p.blocking() ? "error: " : "warning: ").append(escape(p.message())).append("</font>");
            }
            html.append("</body></html>");
            super.getListCellRendererComponent(l, html.toString(), index, selected, focus);
            ImageIcon icon = thumbnails.get(s);
            setIcon(icon != null ? icon : new ImageIcon(placeholder(s.primaryStack().isEmpty() ? s.modality()
                    : "\u2026")));
            setIconTextGap(8);
            setBorder(BorderFactory.createEmptyBorder(3, 3, 3, 3));
            setVerticalAlignment(TOP);
            return this;
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
