package org.liverlens.core.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.util.Locale;

import org.liverlens.core.measure.Calipers;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Recist;
import org.liverlens.core.volume.LabelVolume;

/**
 * RECIST calipers and lesion numbers drawn over the views, and the frame of the magnified inset.
 * Public for the viewer (plugin-ui), which draws the same calipers.
 */
public final class CaliperOverlay {
    static final Color AXIS_COLOUR = new Color(255, 255, 255);

    private CaliperOverlay() {
    }

    static void drawRecist(Graphics2D gr, LesionMeasurement l, ScreenAxis x, ScreenAxis y, double[] sp, int x0, int y0,
                           int w, int h, boolean withLabel) {
        Recist r = l.recist();
        double[] longLine = extendedEnds(r.longAxisEnds(), sp);
        double[] shortLine = extendedEnds(r.shortAxisEnds(), sp);
        double[] a = {x0 + x.screen(longLine[0]), y0 + y.screen(longLine[1]), x0 + x.screen(longLine[2]),
            y0 + y.screen(longLine[3])};
        double[] b = {x0 + x.screen(shortLine[0]), y0 + y.screen(shortLine[1]), x0 + x.screen(shortLine[2]),
            y0 + y.screen(shortLine[3])};
        java.awt.Shape clip = gr.getClip();
        gr.clipRect(x0, y0, w, h);
        caliper(gr, a);
        caliper(gr, b);
        gr.setClip(clip);
        if (!withLabel) {
            return;
        }
        String text = String.format(Locale.ROOT, "%d: %.1f × %.1f mm", l.id(), r.longMm(), r.shortMm());
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 12);
        gr.setFont(font);
        FontMetrics fm = gr.getFontMetrics();
        // Beside the end of the long axis that is further right, inside the view.
        double ex = Math.max(a[0], a[2]);
        double ey = a[0] > a[2] ? a[1] : a[3];
        int tx = (int) Math.round(ex + 8);
        int ty = (int) Math.round(ey - 6);
        if (tx + fm.stringWidth(text) > x0 + w - 4) {
            tx = (int) Math.round(Math.min(a[0], a[2]) - 8 - fm.stringWidth(text));
        }
        tx = Math.max(x0 + 4, tx);
        ty = Math.max(y0 + fm.getAscent() + 20, Math.min(y0 + h - 8, ty));
        OrientationMarks.label(gr, text, tx, ty, 12);
    }

    static void drawInsetFrame(Graphics2D gr, PreviewLayout.Inset inset, ScreenAxis x, ScreenAxis y, LesionMeasurement lesion) {
        // Where the inset comes from, on the full view.
        double xa = x.screen(inset.x().voxel(0));
        double xb = x.screen(inset.x().voxel(inset.x().pixels() - 1));
        double ya = y.screen(inset.y().voxel(0));
        double yb = y.screen(inset.y().voxel(inset.y().pixels() - 1));
        gr.setStroke(new BasicStroke(1f));
        gr.setColor(new Color(255, 255, 255, 170));
        gr.draw(new java.awt.geom.Rectangle2D.Double(Math.min(xa, xb), Math.min(ya, yb), Math.abs(xb - xa),
                Math.abs(yb - ya)));
        gr.setColor(new Color(200, 200, 200));
        gr.drawRect(inset.left() - 1, inset.top() - 1, inset.x().pixels() + 1, inset.y().pixels() + 1);
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        OrientationMarks.shadowed(gr, String.format(Locale.ROOT, "Lesion 1  ×%.1f", inset.zoom()), inset.left() + 4,
                inset.top() + 13);
        Recist r = lesion.recist();
        OrientationMarks.shadowed(gr, String.format(Locale.ROOT, "RECIST %.1f × %.1f mm", r.longMm(), r.shortMm()), inset.left() + 4,
                inset.top() + 27);
        double mm = 10;
        double len = mm * inset.x().pxPerMm();
        double bx = inset.left() + inset.x().pixels() - 8 - len;
        double by = inset.top() + inset.y().pixels() - 8;
        for (int pass = 0; pass < 2; pass++) {
            gr.setStroke(new BasicStroke(pass == 0 ? 4f : 2f));
            gr.setColor(pass == 0 ? OrientationMarks.SHADOW : Color.WHITE);
            gr.draw(new Line2D.Double(bx, by, bx + len, by));
        }
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        OrientationMarks.shadowed(gr, "10 mm", (int) Math.round(bx), (int) Math.round(by - 6));
    }

    /**
     * The number of each lesion cut by the slice whose RECIST axes are not drawn there, beside its
     * outline, so every outlined lesion can be found in findings.json.
     */
    static void lesionNumbers(Graphics2D gr, Findings f, LabelVolume overlay, int k, ScreenAxis x, ScreenAxis y,
                              PreviewLayout.Inset inset) {
        if (f.lesions().isEmpty() || overlay.isSliceEmpty(k)) {
            return;
        }
        int columns = overlay.geometry().columns();
        int n = f.lesionCount();
        // Per lesion on this slice: the screen extent of its pixels {minX, minY, maxX, maxY}.
        double[][] box = new double[n + 1][];
        short[] s = overlay.slice(k);
        for (int p = 0; p < s.length; p++) {
            int id = (s[p] & 0xffff) - 1;
            if (id < 1 || id > n) {
                continue;
            }
            double sx = x.screen(p % columns);
            double sy = y.screen(p / columns);
            double[] b = box[id];
            if (b == null) {
                box[id] = new double[] {sx, sy, sx, sy};
            } else {
                b[0] = Math.min(b[0], sx);
                b[1] = Math.min(b[1], sy);
                b[2] = Math.max(b[2], sx);
                b[3] = Math.max(b[3], sy);
            }
        }
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        for (LesionMeasurement l : f.lesions()) {
            double[] b = box[l.id()];
            if (b == null || l.recist().slice() == k && (inset == null || l.id() != 1)) {
                continue;
            }
            OrientationMarks.shadowed(gr, Integer.toString(l.id()), (int) Math.round(b[2] + 4), (int) Math.round(b[1] + 4));
        }
    }

    /** ScreenAxis end pixel centres moved out by half a pixel step each, so the drawn line has the reported length. */
    public static double[] extendedEnds(int[] e, double[] sp) {
        double dxMm = (e[2] - e[0]) * sp[0];
        double dyMm = (e[3] - e[1]) * sp[1];
        double len = Math.hypot(dxMm, dyMm);
        if (len == 0) {
            return new double[] {e[0] - 0.5, e[1], e[2] + 0.5, e[3]};
        }
        double ux = dxMm / len;
        double uy = dyMm / len;
        double half = 0.5 * Calipers.pixelStepMm(ux, uy, sp[0], sp[1]);
        double di = ux * half / sp[0];
        double dj = uy * half / sp[1];
        return new double[] {e[0] - di, e[1] - dj, e[2] + di, e[3] + dj};
    }

    /** One caliper: the line {x0, y0, x1, y1} in screen pixels with end ticks, white on a shadow. */
    public static void caliper(Graphics2D gr, double[] l) {
        double len = Math.hypot(l[2] - l[0], l[3] - l[1]);
        double nx = len == 0 ? 0 : -(l[3] - l[1]) / len * 4;
        double ny = len == 0 ? 4 : (l[2] - l[0]) / len * 4;
        for (int pass = 0; pass < 2; pass++) {
            gr.setStroke(new BasicStroke(pass == 0 ? 3.5f : 1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            gr.setColor(pass == 0 ? OrientationMarks.SHADOW : AXIS_COLOUR);
            gr.draw(new Line2D.Double(l[0], l[1], l[2], l[3]));
            gr.draw(new Line2D.Double(l[0] - nx, l[1] - ny, l[0] + nx, l[1] + ny));
            gr.draw(new Line2D.Double(l[2] - nx, l[3] - ny, l[2] + nx, l[3] + ny));
        }
    }
}
