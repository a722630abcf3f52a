package org.liverlens.ui.view;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.liverlens.core.volume.VolumeGeometry;

/**
 * What the three views of one volume share: the crosshair (a voxel, whose coordinates are also the
 * slices the views show) and the window. Changed on the event dispatch thread; every change repaints
 * the views through the listeners.
 */
public final class ViewState {
    /** A named window (width and level in HU). */
    public record Window(String name, double width, double level) {
    }

    public static final Window ABDOMEN = new Window("Abdomen", 400, 50);
    public static final Window LIVER = new Window("Liver", 150, 60);
    public static final Window BONE = new Window("Bone", 1800, 400);
    public static final List<Window> PRESETS = List.of(ABDOMEN, LIVER, BONE);

    private final VolumeGeometry geometry;
    private final int[] crosshair;
    private double width = ABDOMEN.width();
    private double level = ABDOMEN.level();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ViewState(VolumeGeometry geometry) {
        this.geometry = geometry;
        this.crosshair = new int[] {geometry.columns() / 2, geometry.rows() / 2, geometry.slices() / 2};
    }

    public VolumeGeometry geometry() {
        return geometry;
    }

    /** The crosshair voxel (i, j, k). */
    public int[] crosshair() {
        return crosshair.clone();
    }

    /** Moves the crosshair, clamped to the grid. */
    public void setCrosshair(int i, int j, int k) {
        int[] size = geometry.size();
        int[] next = {clamp(i, size[0]), clamp(j, size[1]), clamp(k, size[2])};
        if (!java.util.Arrays.equals(next, crosshair)) {
            System.arraycopy(next, 0, crosshair, 0, 3);
            changed();
        }
    }

    /** Moves the crosshair along one voxel axis by {@code steps} (scrolling through slices). */
    public void step(int axis, int steps) {
        int[] c = crosshair();
        c[axis] += steps;
        setCrosshair(c[0], c[1], c[2]);
    }

    public double windowWidth() {
        return width;
    }

    public double windowLevel() {
        return level;
    }

    /** Sets the window; the width is at least 1 HU. */
    public void setWindow(double windowWidth, double windowLevel) {
        double w = Math.max(1, windowWidth);
        if (w != width || windowLevel != level) {
            width = w;
            level = windowLevel;
            changed();
        }
    }

    public void setWindow(Window preset) {
        setWindow(preset.width(), preset.level());
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Tells every listener that something changed (also for overlay visibility and opacity). */
    public void changed() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
