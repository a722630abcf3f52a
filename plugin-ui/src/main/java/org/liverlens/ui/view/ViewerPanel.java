package org.liverlens.ui.view;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;

import org.liverlens.core.service.SeriesService;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.ui.ClickTool;
import org.liverlens.ui.TaskBar;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.edit.EditHistory;
import org.liverlens.ui.edit.SegmentPanel;
import org.liverlens.ui.edit.Segmentation;
import org.liverlens.ui.series.SeriesListPanel;

/**
 * The viewer for one loaded series: the axial view with the coronal and sagittal reformats (views
 * over the same volume sharing one {@link ViewState}), window presets, the series list with the
 * problems {@code info} reports, the segment table, and a status line with the HU and LPS position
 * under the cursor, and the task bar of long work. It is the {@link ViewerContext} of the tools of
 * its window. Built on the event dispatch thread from data loaded off it.
 */
public final class ViewerPanel extends JPanel implements ViewerContext {
    private static final long serialVersionUID = 1L;

    private final transient ViewerData data;
    private final transient ViewState state;
    private final transient Segmentation segmentation;
    private final Map<Plane, SliceView> views = new EnumMap<>(Plane.class);
    private final JLabel readout = new JLabel(" ");
    private final JTabbedPane side = new JTabbedPane();
    private final TaskBar tasks = new TaskBar();
    private final SegmentPanel segmentPanel;
    private final JSplitPane split;
    private transient java.util.function.Consumer<Path> comparer = folder -> { };
    /** The segment whose lesion's calipers the axial view draws, or null. */
    private transient SegmentLayer caliperLayer;

    /** Opens a folder (or another series of it) in the viewer's window. */
    public interface Opener {
        /** @param seriesUid the series to show, or null for the one {@code segment} would pick */
        void open(Path folder, String seriesUid);
    }

    /** A panel whose series list shows the thumbnail of the shown series only and opens nothing. */
    public ViewerPanel(ViewerData data) {
        this(data, null, (folder, uid) -> { });
    }

    /**
     * @param series decodes the thumbnails of the folder's other series (null: none)
     * @param opener told the series the user double-clicks in the series list
     */
    public ViewerPanel(ViewerData data, SeriesService series, Opener opener) {
        super(new BorderLayout());
        this.data = data;
        HuVolume ct = data.loaded().volume();
        this.state = new ViewState(ct.geometry());
        this.segmentation = new Segmentation(ct.geometry(), data.layers(), EditHistory.DEFAULT_BUDGET_BYTES);
        int[] start = data.startVoxel();
        state.setCrosshair(start[0], start[1], start[2]);
        for (Plane p : Plane.values()) {
            SliceView v = new SliceView(ct, state, segmentation.layers(), p);
            v.setReadoutListener(this::showReadout);
            views.put(p, v);
        }
        String marking = DerivedSeries.marking(data.loaded().stack().first());
        views.values().forEach(v -> v.setMarking(marking));
        if (data.overlay() != null && !data.overlay().findings().lesions().isEmpty()) {
            LesionMeasurement largest = data.overlay().findings().lesions().get(0);
            caliperLayer = segmentation.layers().stream().filter(l -> l.lesion() == largest).findFirst().orElse(null);
            views.get(Plane.AXIAL).setCalipers(largest);
        }
        // The calipers follow their segment's edits: a correction remeasures it, a delete or undo removes it.
        segmentation.addListener(() -> views.get(Plane.AXIAL).setCalipers(caliperLayer != null
                && segmentation.layers().contains(caliperLayer) ? caliperLayer.lesion() : null));
        add(toolbar(), BorderLayout.NORTH);
        side.addTab("Folder", new SeriesListPanel(data.scan(), data.series(), ct, data.loaded().warnings(), series,
                s -> opener.open(data.folder(), s.seriesInstanceUid())));
        segmentPanel = new SegmentPanel(this, this::jumpTo, data.overlay() == null ? List.of()
                : SegmentPanel.notesOf(data.overlay().file(), data.overlay().notes()));
        side.addTab("Segments", segmentPanel);
        if (data.overlay() != null) {
            side.setSelectedIndex(1);
        }
        side.setPreferredSize(new Dimension(440, 400));
        split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, side, viewGrid());
        split.setResizeWeight(0);
        add(split, BorderLayout.CENTER);
        readout.setBorder(BorderFactory.createEmptyBorder(3, 6, 3, 6));
        JPanel south = new JPanel(new BorderLayout());
        south.add(readout, BorderLayout.WEST);
        tasks.setBorder(BorderFactory.createEmptyBorder(2, 6, 2, 6));
        south.add(tasks, BorderLayout.CENTER);
        add(south, BorderLayout.SOUTH);
    }

    @Override
    public ViewState state() {
        return state;
    }

    public SliceView view(Plane plane) {
        return views.get(plane);
    }

    @Override
    public ViewerData data() {
        return data;
    }

    @Override
    public Segmentation segmentation() {
        return segmentation;
    }

    @Override
    public TaskBar tasks() {
        return tasks;
    }

    @Override
    public void select(int segmentNumber) {
        segmentPanel.select(segmentNumber);
    }

    @Override
    public void setClickTool(ClickTool tool) {
        for (SliceView v : views.values()) {
            v.setClickTool(tool);
        }
    }

    /** Receives the folders {@link #compareWith} is asked to open beside this series. */
    public void setComparer(java.util.function.Consumer<Path> comparer) {
        this.comparer = comparer;
    }

    @Override
    public void compareWith(Path folder) {
        comparer.accept(folder);
    }

    @Override
    public Component parent() {
        return this;
    }

    /** The side panel's width (remembered between starts). */
    public int sideWidth() {
        return split.getDividerLocation();
    }

    public void setSideWidth(int px) {
        split.setDividerLocation(px);
    }

    /** The "Segments" tab. */
    public SegmentPanel segmentPanel() {
        return segmentPanel;
    }

    /** Adds a tool's panel as a tab beside the series list and segment table. */
    public void addToolTab(String name, Component panel) {
        side.addTab(name, panel);
    }

    /** Shows a tool's tab. */
    public void selectTab(String name) {
        int i = side.indexOfTab(name);
        if (i >= 0) {
            side.setSelectedIndex(i);
        }
    }

    private JPanel toolbar() {
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEADING, 4, 2));
        bar.add(new JLabel("Window:"));
        for (ViewState.Window w : ViewState.PRESETS) {
            JButton b = new JButton(w.name());
            b.setToolTipText(String.format(Locale.ROOT, "W %.0f L %.0f (right-drag in a view to adjust)", w.width(),
                    w.level()));
            b.addActionListener(e -> state.setWindow(w));
            bar.add(b);
        }
        bar.add(new JLabel("   wheel: slice · Ctrl+wheel: zoom · left: crosshair · right-drag: window · "
                + "middle/Shift-drag: pan"));
        return bar;
    }

    private JPanel viewGrid() {
        JPanel viewsHolder = new JPanel(new BorderLayout());
        JPanel right = new JPanel(new GridLayout(2, 1, 2, 2));
        right.add(views.get(Plane.CORONAL));
        right.add(views.get(Plane.SAGITTAL));
        JPanel grid = new JPanel(new GridLayout(1, 2, 2, 2));
        grid.setBackground(Color.DARK_GRAY);
        grid.add(views.get(Plane.AXIAL));
        grid.add(right);
        viewsHolder.add(grid, BorderLayout.CENTER);
        return viewsHolder;
    }

    /**
     * Moves the crosshair to a lesion's centroid on its RECIST slice and draws its calipers there, or
     * to a segment's centroid.
     */
    private void jumpTo(SegmentLayer layer) {
        caliperLayer = layer;
        LesionMeasurement lesion = layer.lesion();
        views.get(Plane.AXIAL).setCalipers(lesion);
        if (lesion != null) {
            double[] c = lesion.centroidVoxel();
            int k = lesion.recist() != null ? lesion.recist().slice() : (int) Math.round(c[2]);
            state.setCrosshair((int) Math.round(c[0]), (int) Math.round(c[1]), k);
        } else if (layer.mask().count() > 0) {
            int[] c = SegOverlay.centroid(layer.mask());
            state.setCrosshair(c[0], c[1], c[2]);
        }
    }

    private void showReadout(int[] v) {
        if (v == null) {
            readout.setText(" ");
            return;
        }
        HuVolume ct = data.loaded().volume();
        VolumeGeometry g = ct.geometry();
        double[] mm = g.toMm(v[0], v[1], v[2]);
        readout.setText(String.format(Locale.ROOT, "HU %d   voxel (%d, %d, %d)   LPS (%.1f, %.1f, %.1f) mm",
                ct.get(v[0], v[1], v[2]), v[0], v[1], v[2], mm[0], mm[1], mm[2]));
    }

    /** The status line's text (the readout under the cursor). */
    public String readoutText() {
        return readout.getText();
    }
}
