package org.liverlens.ui.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Point2D;

/** What a {@link SliceView} draws over its image: the crosshair, and the marking of a counterfactual series. */
final class ViewMarks {
    private static final Color CROSSHAIR = new Color(80, 200, 255, 170);
    private static final Color MARKING = new Color(255, 140, 0);

    private ViewMarks() {
    }

    /** The crosshair through {@code p}, with a gap around the point so that it hides nothing there. */
    static void crosshair(Graphics2D g, Point2D p, int w, int h) {
        g.setColor(CROSSHAIR);
        g.setStroke(new BasicStroke(1f));
        double gap = 12;
        g.draw(new Line2D.Double(0, p.getY(), p.getX() - gap, p.getY()));
        g.draw(new Line2D.Double(p.getX() + gap, p.getY(), w, p.getY()));
        g.draw(new Line2D.Double(p.getX(), 0, p.getX(), p.getY() - gap));
        g.draw(new Line2D.Double(p.getX(), p.getY() + gap, p.getX(), h));
    }

    /** An orange frame round the view and a banner with {@code marking} (nothing for null). */
    static void marking(Graphics2D g, String marking, int w, int h) {
        if (marking == null) {
            return;
        }
        g.setColor(MARKING);
        g.setStroke(new BasicStroke(4f));
        g.drawRect(2, 2, w - 4, h - 4);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        String text = fitted(g, marking, w - 24);
        int tw = g.getFontMetrics().stringWidth(text);
        g.fillRect((w - tw) / 2 - 8, 40, tw + 16, 20);
        g.setColor(Color.BLACK);
        g.drawString(text, (w - tw) / 2, 55);
    }

    /**
     * The marking as it fits in {@code width} pixels: whole, else its first part (up to " — ", e.g.
     * "COUNTERFACTUAL" in a narrow reformat), never cut mid-word.
     */
    static String fitted(Graphics2D g, String marking, int width) {
        int dash = marking.indexOf(" \u2014 ");
        return g.getFontMetrics().stringWidth(marking) <= width || dash < 0 ? marking : marking.substring(0, dash);
    }
}
