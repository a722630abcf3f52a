package org.liverlens.ui.view;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.RenderingHints;
import java.awt.event.InputEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javax.swing.JComponent;
import javax.swing.SwingUtilities;

import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Recist;
import org.liverlens.core.render.CaliperOverlay;
import org.liverlens.core.render.OrientationMarks;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.ui.ClickTool;

/**
 * One view of the volume (axial, coronal or sagittal) that shares its crosshair and window with the
 * others through {@link ViewState}. Mouse: wheel scrolls the slice, Ctrl+wheel zooms, left button
 * moves the crosshair, right-drag sets the window (horizontal: width, vertical: level), middle-drag or
 * Shift+left-drag pans. Under the cursor it reports the voxel to a listener (HU and LPS readout).
 */
public final class SliceView extends JComponent {
    private static final long serialVersionUID = 1L;

    private final transient HuVolume ct;
    private final transient ViewState state;
    private final transient List<SegmentLayer> layers;
    private final Plane plane;
    private double zoom = 1; // relative to the fit
    private double panU;
    private double panV;
    private transient Consumer<int[]> readout = v -> { };
    private transient Runnable cameraListener = () -> { };
    private String caption = "";
    private transient LesionMeasurement calipers;
    private transient ClickTool clickTool;
    private transient Pixels pixels;
    private transient java.util.function.Consumer<Graphics2D> decoration = g -> { };
    private String marking;
    private Point boxStart;
    private Point boxEnd;

    public SliceView(HuVolume ct, ViewState state, List<SegmentLayer> layers, Plane plane) {
        this.ct = ct;
        this.state = state;
        this.layers = layers;
        this.plane = plane;
        setPreferredSize(new Dimension(400, 400));
        setOpaque(true);
        state.addListener(this::repaint);
        Mouse mouse = new Mouse();
        addMouseListener(mouse);
        addMouseMotionListener(mouse);
        addMouseWheelListener(mouse);
    }

    /** What a view draws under its crosshair and marks, instead of the windowed CT with its segments. */
    @FunctionalInterface
    public interface Pixels {
        int[] render(int index, SliceRenderer.Camera camera, int width, int height);
    }

    /** Draws {@code pixels} instead of the CT (the difference view); null: the CT again. */
    public void setPixels(Pixels pixels) {
        this.pixels = pixels;
        repaint();
    }

    /** Draws over the image, under the crosshair (the difference view's colour bar). */
    public void setDecoration(java.util.function.Consumer<Graphics2D> decoration) {
        this.decoration = decoration;
        repaint();
    }

    /**
     * A permanent marking of a derived series (a counterfactual): a banner with this text and an
     * orange frame on every paint; null for an acquired series.
     */
    public void setMarking(String marking) {
        this.marking = marking;
        repaint();
    }

    public String marking() {
        return marking;
    }

    public Plane plane() {
        return plane;
    }

    /** The slice shown: the crosshair's coordinate along the plane's fixed axis. */
    public int sliceIndex() {
        return state.crosshair()[plane.fixed];
    }

    /** Receives the voxel under the cursor (or null when it leaves the volume). */
    public void setReadoutListener(Consumer<int[]> listener) {
        this.readout = listener;
    }

    /** Told when zoom or pan change (compare views follow each other). */
    public void setCameraListener(Runnable listener) {
        this.cameraListener = listener;
    }

    /** A name shown after the plane's (the series, when two are compared). */
    public void setCaption(String caption) {
        this.caption = caption;
        repaint();
    }

    /** The lesion whose RECIST calipers the axial view draws on its RECIST slice (null: none). */
    public void setCalipers(LesionMeasurement lesion) {
        this.calipers = lesion;
        repaint();
    }

    /** The lesion whose calipers are drawn (on its RECIST slice), or null. */
    public LesionMeasurement calipers() {
        return calipers;
    }

    /** Sends left clicks (and axial boxes) to {@code tool} instead of moving the crosshair; null: crosshair. */
    public void setClickTool(ClickTool tool) {
        this.clickTool = tool;
        boxStart = null;
        boxEnd = null;
        setCursor(java.awt.Cursor.getPredefinedCursor(tool == null ? java.awt.Cursor.DEFAULT_CURSOR
                : java.awt.Cursor.CROSSHAIR_CURSOR));
        repaint();
    }

    public double zoom() {
        return zoom;
    }

    public double[] pan() {
        return new double[] {panU, panV};
    }

    /** Sets zoom (relative to the fit, 0.25 to 32) and pan (display voxels from the plane's centre). */
    public void setCamera(double relativeZoom, double u, double v) {
        zoom = Math.max(0.25, Math.min(32, relativeZoom));
        panU = u;
        panV = v;
        repaint();
    }

    /** The camera at the current size: centred on the plane plus pan, scaled to fit times zoom. */
    public SliceRenderer.Camera camera() {
        VolumeGeometry g = ct.geometry();
        int[] n = g.size();
        double[] s = g.spacingMm();
        double w = Math.max(1, getWidth());
        double h = Math.max(1, getHeight());
        double fit = Math.min(w / (n[plane.horizontal] * s[plane.horizontal]), h / (n[plane.vertical] * s[plane.vertical]));
        return new SliceRenderer.Camera((n[plane.horizontal] - 1) / 2.0 + panU, (n[plane.vertical] - 1) / 2.0 + panV,
                fit * zoom);
    }

    /** The voxel under a point of this component, or null outside the volume. */
    public int[] voxelAt(Point p) {
        VolumeGeometry g = ct.geometry();
        SliceRenderer.Camera c = camera();
        int a = SliceRenderer.axisMap(g, plane.horizontal, plane.flipHorizontal(g), c.centreU(), c.pxPerMm(), getWidth())
                [Math.max(0, Math.min(getWidth() - 1, p.x))];
        int b = SliceRenderer.axisMap(g, plane.vertical, plane.flipVertical(g), c.centreV(), c.pxPerMm(), getHeight())
                [Math.max(0, Math.min(getHeight() - 1, p.y))];
        if (a < 0 || b < 0 || p.x < 0 || p.y < 0 || p.x >= getWidth() || p.y >= getHeight()) {
            return null;
        }
        int[] v = state.crosshair();
        v[plane.horizontal] = a;
        v[plane.vertical] = b;
        return v;
    }

    /** The screen position (pixel centre) of a voxel's in-plane coordinates. */
    public Point2D screenOf(int[] voxel) {
        VolumeGeometry g = ct.geometry();
        SliceRenderer.Camera c = camera();
        return new Point2D.Double(screen(g, plane.horizontal, plane.flipHorizontal(g), voxel[plane.horizontal],
                c.centreU(), c.pxPerMm(), getWidth()),
                screen(g, plane.vertical, plane.flipVertical(g), voxel[plane.vertical], c.centreV(), c.pxPerMm(),
                        getHeight()));
    }

    private static double screen(VolumeGeometry g, int axis, boolean flip, double voxel, double centre, double pxPerMm,
                                 int pixels) {
        int n = g.size()[axis];
        double u = flip ? n - 1 - voxel : voxel;
        return pixels / 2.0 + (u - centre) * g.spacingMm()[axis] * pxPerMm;
    }

    /** The view's pixels as drawn now (image, overlays, crosshair and marks). */
    public BufferedImage snapshot() {
        BufferedImage image = new BufferedImage(Math.max(1, getWidth()), Math.max(1, getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        paintComponent(g);
        g.dispose();
        return image;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        int w = getWidth();
        int h = getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        SliceRenderer.Camera c = camera();
        int[] rgb = pixels != null ? pixels.render(sliceIndex(), c, w, h)
                : SliceRenderer.render(ct, plane, sliceIndex(), c, w, h, state.windowWidth(), state.windowLevel(), layers);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        System.arraycopy(rgb, 0, ((DataBufferInt) image.getRaster().getDataBuffer()).getData(), 0, rgb.length);
        Graphics2D g = (Graphics2D) graphics.create();
        g.drawImage(image, 0, 0, null);
        decoration.accept(g);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        ViewMarks.crosshair(g, screenOf(state.crosshair()), getWidth(), getHeight());
        drawCalipers(g);
        if (boxStart != null && boxEnd != null) {
            g.setColor(Color.YELLOW);
            g.drawRect(Math.min(boxStart.x, boxEnd.x), Math.min(boxStart.y, boxEnd.y),
                    Math.abs(boxEnd.x - boxStart.x), Math.abs(boxEnd.y - boxStart.y));
        }
        VolumeGeometry geometry = ct.geometry();
        OrientationMarks.orientationLetters(g, plane.screenRight(geometry), plane.screenDown(geometry), 0, 0, w, h);
        OrientationMarks.scaleBar(g, c.pxPerMm(), 0, h, w);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.setColor(Color.WHITE);
        int n = geometry.size()[plane.fixed];
        String title = String.format(Locale.ROOT, "%s  %d / %d", title(), sliceIndex() + 1, n);
        if (g.getFontMetrics().stringWidth(title) > w / 2 - 16) { // a narrow view: keep clear of the top letter
            title = String.format(Locale.ROOT, "%.3s %d/%d", title(), sliceIndex() + 1, n);
        }
        g.drawString(title, 6, 16);
        if (!caption.isEmpty()) {
            g.drawString(caption, 6, 32); // a line of its own: beside the title it would cover the top letter
        }
        if (pixels == null) {
            // top right, clear of the lower-left corner where a counterfactual series has its burned-in marking
            String wl = String.format(Locale.ROOT, "W %.0f  L %.0f", state.windowWidth(), state.windowLevel());
            if (g.getFontMetrics().stringWidth(wl) > w / 2 - 16) {
                wl = String.format(Locale.ROOT, "%.0f/%.0f", state.windowWidth(), state.windowLevel());
            }
            g.drawString(wl, w - 6 - g.getFontMetrics().stringWidth(wl), 16);
        }
        ViewMarks.marking(g, marking, w, h);
        g.dispose();
    }

    private String title() {
        String name = plane.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The RECIST long and short axes with their label, on the axial view of the RECIST slice only. */
    private void drawCalipers(Graphics2D g) {
        if (plane != Plane.AXIAL || calipers == null || calipers.recist() == null
                || calipers.recist().slice() != sliceIndex()) {
            return;
        }
        Recist r = calipers.recist();
        VolumeGeometry geometry = ct.geometry();
        double[] sp = {geometry.spacingMm()[0], geometry.spacingMm()[1]};
        double[] longAxis = toScreen(CaliperOverlay.extendedEnds(r.longAxisEnds(), sp));
        CaliperOverlay.caliper(g, longAxis);
        CaliperOverlay.caliper(g, toScreen(CaliperOverlay.extendedEnds(r.shortAxisEnds(), sp)));
        OrientationMarks.label(g, String.format(Locale.ROOT, "%.1f × %.1f mm", r.longMm(), r.shortMm()),
                (int) Math.round(Math.max(longAxis[0], longAxis[2]) + 8),
                (int) Math.round(Math.min(longAxis[1], longAxis[3])), 12);
    }

    /** Axial voxel coordinates {i0, j0, i1, j1} to screen pixels. */
    private double[] toScreen(double[] ij) {
        VolumeGeometry g = ct.geometry();
        SliceRenderer.Camera c = camera();
        double[] out = new double[4];
        for (int p = 0; p < 2; p++) {
            out[2 * p] = screen(g, 0, plane.flipHorizontal(g), ij[2 * p], c.centreU(), c.pxPerMm(), getWidth());
            out[2 * p + 1] = screen(g, 1, plane.flipVertical(g), ij[2 * p + 1], c.centreV(), c.pxPerMm(), getHeight());
        }
        return out;
    }

    private final class Mouse extends MouseAdapter {
        private Point last;

        @Override
        public void mousePressed(MouseEvent e) {
            last = e.getPoint();
            if (toolButton(e)) {
                boxStart = e.getPoint();
                boxEnd = null;
            } else if (SwingUtilities.isLeftMouseButton(e) && !e.isShiftDown()) {
                moveCrosshair(e.getPoint());
            }
        }

        @Override
        public void mouseReleased(MouseEvent e) {
            if (!toolButton(e) || boxStart == null) {
                return;
            }
            Point start = boxStart;
            boxStart = null;
            boxEnd = null;
            repaint();
            int[] a = voxelAt(start);
            int[] b = voxelAt(e.getPoint());
            if (a == null || b == null) {
                return;
            }
            if (plane == Plane.AXIAL && start.distance(e.getPoint()) > 4) {
                clickTool.box(a, b);
            } else {
                clickTool.click(b, (e.getModifiersEx() & InputEvent.CTRL_DOWN_MASK) == 0);
            }
        }

        private boolean toolButton(MouseEvent e) {
            return clickTool != null && SwingUtilities.isLeftMouseButton(e) && !e.isShiftDown();
        }

        @Override
        public void mouseDragged(MouseEvent e) {
            if (last == null) {
                last = e.getPoint();
            }
            int dx = e.getX() - last.x;
            int dy = e.getY() - last.y;
            last = e.getPoint();
            if (SwingUtilities.isRightMouseButton(e)) {
                state.setWindow(state.windowWidth() + dx * 2.0, state.windowLevel() + dy);
            } else if (SwingUtilities.isMiddleMouseButton(e) || e.isShiftDown()) {
                SliceRenderer.Camera c = camera();
                double[] s = ct.geometry().spacingMm();
                setCamera(zoom, panU - dx / (s[plane.horizontal] * c.pxPerMm()),
                        panV - dy / (s[plane.vertical] * c.pxPerMm()));
                cameraListener.run();
            } else if (toolButton(e)) {
                boxEnd = plane == Plane.AXIAL ? e.getPoint() : null;
                repaint();
            } else if (SwingUtilities.isLeftMouseButton(e)) {
                moveCrosshair(e.getPoint());
            }
            readout.accept(voxelAt(e.getPoint()));
        }

        @Override
        public void mouseMoved(MouseEvent e) {
            readout.accept(voxelAt(e.getPoint()));
        }

        @Override
        public void mouseExited(MouseEvent e) {
            readout.accept(null);
        }

        @Override
        public void mouseWheelMoved(MouseWheelEvent e) {
            int steps = e.getWheelRotation();
            if ((e.getModifiersEx() & InputEvent.CTRL_DOWN_MASK) != 0) {
                setCamera(zoom * Math.pow(1.15, -steps), panU, panV);
                cameraListener.run();
            } else {
                state.step(plane.fixed, steps);
                readout.accept(voxelAt(e.getPoint()));
            }
        }

        private void moveCrosshair(Point p) {
            int[] v = voxelAt(p);
            if (v != null) {
                state.setCrosshair(v[0], v[1], v[2]);
            }
        }
    }
}
