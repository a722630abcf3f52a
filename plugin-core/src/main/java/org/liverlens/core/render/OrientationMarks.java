package org.liverlens.core.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.util.Locale;

/**
 * What tells a reader how the views lie and how large things are: orientation letters, plane names,
 * scale bars, and the shadowed text they and the calipers are written in. Public for the viewer
 * (plugin-ui), which draws the same letters and scale bar as preview.png.
 */
public final class OrientationMarks {
    static final Color SHADOW = new Color(0, 0, 0, 200);

    private OrientationMarks() {
    }

    /** The patient-direction letters at the four edges of a view whose screen right and down are these LPS vectors. */
    public static void orientationLetters(Graphics2D gr, double[] right, double[] down, int x0, int y0, int w, int h) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        gr.setFont(font);
        FontMetrics fm = gr.getFontMetrics();
        String r = letter(right);
        String l = letter(neg(right));
        String d = letter(down);
        String u = letter(neg(down));
        int cy = y0 + h / 2 + fm.getAscent() / 2;
        shadowed(gr, l, x0 + 5, cy);
        shadowed(gr, r, x0 + w - 5 - fm.stringWidth(r), cy);
        shadowed(gr, u, x0 + (w - fm.stringWidth(u)) / 2, y0 + fm.getAscent() + 4);
        shadowed(gr, d, x0 + (w - fm.stringWidth(d)) / 2, y0 + h - 6);
    }

    /** A scale bar of a round length (at most a quarter of the width) in the view's lower right corner. */
    public static void scaleBar(Graphics2D gr, double pxPerMm, int x0, int viewHeight, int viewWidth) {
        double[] nice = {5, 10, 20, 50, 100, 200, 500};
        double mm = nice[0];
        for (double n : nice) {
            if (n * pxPerMm <= viewWidth * 0.25) {
                mm = n;
            }
        }
        double len = mm * pxPerMm;
        double xa = x0 + viewWidth - 14 - len;
        double xb = x0 + viewWidth - 14;
        double y = viewHeight - 12;
        for (int pass = 0; pass < 2; pass++) {
            gr.setStroke(new BasicStroke(pass == 0 ? 4f : 2f));
            gr.setColor(pass == 0 ? SHADOW : Color.WHITE);
            gr.draw(new Line2D.Double(xa, y, xb, y));
            gr.draw(new Line2D.Double(xa, y - 5, xa, y + 1));
            gr.draw(new Line2D.Double(xb, y - 5, xb, y + 1));
        }
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        String text = String.format(Locale.ROOT, "%d mm", (int) mm);
        FontMetrics fm = gr.getFontMetrics();
        shadowed(gr, text, (int) Math.round((xa + xb - fm.stringWidth(text)) / 2), (int) Math.round(y - 8));
    }

    /** White bold text on a dark rounded box, baseline at (x, y). */
    public static void label(Graphics2D gr, String text, int x, int y, int size) {
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        FontMetrics fm = gr.getFontMetrics();
        gr.setColor(new Color(0, 0, 0, 150));
        gr.fillRoundRect(x - 3, y - fm.getAscent() - 1, fm.stringWidth(text) + 6, fm.getAscent() + fm.getDescent() + 2,
                5, 5);
        gr.setColor(Color.WHITE);
        gr.drawString(text, x, y);
    }

    static void shadowed(Graphics2D gr, String text, int x, int y) {
        gr.setColor(SHADOW);
        gr.drawString(text, x + 1, y + 1);
        gr.setColor(Color.WHITE);
        gr.drawString(text, x, y);
    }

    /** The patient-direction letter of a vector: its largest LPS component (L/R, P/A, S/I). */
    public static String letter(double[] d) {
        int axis = dominant(d);
        return switch (axis) {
            case 0 -> d[0] > 0 ? "L" : "R";
            case 1 -> d[1] > 0 ? "P" : "A";
            default -> d[2] > 0 ? "S" : "I";
        };
    }

    static String axisLetter(double[] d) {
        return switch (dominant(d)) {
            case 0 -> "x";
            case 1 -> "y";
            default -> "z";
        };
    }

    static double dominantCoordinate(double[] mm, double[] d) {
        return mm[dominant(d)];
    }

    /** Axial, coronal or sagittal: the plane whose normal is closest to {@code normal}. */
    static String planeName(double[] normal) {
        return switch (dominant(normal)) {
            case 0 -> "Sagittal";
            case 1 -> "Coronal";
            default -> "Axial";
        };
    }

    /** The LPS axis (0 x, 1 y, 2 z) a direction mostly points along. */
    public static int dominant(double[] d) {
        int axis = 0;
        for (int a = 1; a < 3; a++) {
            if (Math.abs(d[a]) > Math.abs(d[axis])) {
                axis = a;
            }
        }
        return axis;
    }

    static double[] neg(double[] d) {
        return new double[] {-d[0], -d[1], -d[2]};
    }
}
