package org.liverlens.ui.view;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.Locale;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.integer.ShortType;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The signed HU difference of two volumes on one grid ({@code second − first}), drawn straight from
 * the two ImgLib2 hyper-slices (no difference volume is made): a diverging colour scale, blue where
 * the second is darker, dark grey where they agree (so that the unchanged body does not glare), red
 * where it is brighter, saturating at ±{@code rangeHu}; and its colour bar.
 */
public final class DifferenceRenderer {
    private DifferenceRenderer() {
    }

    /** The 0xRRGGBB pixels of one view of the difference (black outside the volume). */
    public static int[] render(HuVolume first, HuVolume second, Plane plane, int index, SliceRenderer.Camera camera,
                               int width, int height, double rangeHu) {
        VolumeGeometry g = first.geometry();
        int[] voxelOfX = SliceRenderer.axisMap(g, plane.horizontal, plane.flipHorizontal(g), camera.centreU(),
                camera.pxPerMm(), width);
        int[] voxelOfY = SliceRenderer.axisMap(g, plane.vertical, plane.flipVertical(g), camera.centreV(),
                camera.pxPerMm(), height);
        RandomAccess<ShortType> a = plane.slice(first, index).randomAccess();
        RandomAccess<ShortType> b = plane.slice(second, index).randomAccess();
        int[] rgb = new int[width * height];
        for (int y = 0; y < height; y++) {
            int v = voxelOfY[y];
            if (v < 0) {
                continue;
            }
            a.setPosition(v, 1);
            b.setPosition(v, 1);
            for (int x = 0; x < width; x++) {
                int u = voxelOfX[x];
                if (u < 0) {
                    continue;
                }
                a.setPosition(u, 0);
                b.setPosition(u, 0);
                rgb[y * width + x] = colour((b.get().get() - a.get().get()) / rangeHu);
            }
        }
        return rgb;
    }

    /** The grey of no difference. */
    static final int ZERO = 48;

    /** The diverging scale at {@code t} in [−1, 1]: blue, dark grey, red. */
    static int colour(double t) {
        double c = Math.max(-1, Math.min(1, t));
        int grey = (int) Math.round(ZERO * (1 - Math.abs(c)));
        int full = (int) Math.round(ZERO + (255 - ZERO) * Math.abs(c));
        return c >= 0 ? (full << 16) | (grey << 8) | grey : (grey << 16) | (grey << 8) | full;
    }

    /** The colour bar with its labels, at the view's right edge. */
    public static void colourBar(Graphics2D g, int viewWidth, int viewHeight, double rangeHu) {
        int h = Math.min(240, viewHeight - 60);
        int x = viewWidth - 52;
        int y = (viewHeight - h) / 2;
        for (int p = 0; p < h; p++) {
            g.setColor(new Color(colour(1 - 2.0 * p / (h - 1))));
            g.fillRect(x, y + p, 14, 1);
        }
        g.setColor(Color.WHITE);
        g.drawRect(x, y, 14, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        String top = String.format(Locale.ROOT, "+%.0f", rangeHu);
        String bottom = String.format(Locale.ROOT, "\u2212%.0f", rangeHu);
        g.drawString(top, x + 7 - g.getFontMetrics().stringWidth(top) / 2, y - 4);
        g.drawString("0", x - 10, y + h / 2 + 4);
        g.drawString(bottom, x + 7 - g.getFontMetrics().stringWidth(bottom) / 2, y + h + 14);
        g.drawString("HU", x - 2, y + h + 28);
    }
}
