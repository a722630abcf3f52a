package org.liverlens.core.render;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * {@code preview.png}: the slice through the largest lesion (its RECIST slice; the liver's centre
 * slice when there is no lesion) beside an orthogonal reformat through the same lesion, CT in an
 * abdominal window (W 400 / L 50), liver and lesions filled and outlined in their segment colours,
 * the RECIST axes, reference lines, orientation letters, a scale bar and a one-line caption. Both
 * views share one scale in pixels per mm, so anatomy keeps its proportions whatever the pixel and
 * slice spacing. Views are oriented as radiologists read them (patient right on the image left,
 * anterior and superior up), whatever the order of the stored rows, columns and slices. Plain
 * {@link BufferedImage} and {@link Graphics2D}: no window system is needed.
 *
 * <p>This class composes the picture; {@link PreviewLayout} chooses the slices and the inset,
 * {@link ViewPainter} paints the views, {@link CaliperOverlay} draws the calipers and lesion numbers,
 * {@link OrientationMarks} the letters and scale bars, {@link PngFile} writes the file.
 */
public final class Preview {
    /** Abdominal soft-tissue window. */
    public static final int WINDOW_WIDTH = 400;
    public static final int WINDOW_LEVEL = 50;

    private static final int MAX_SLICE_PX = 512;
    private static final int MAX_REFORMAT_HEIGHT_PX = 640;
    private static final int GAP_PX = 6;
    private static final int CAPTION_PX = 30;

    private Preview() {
    }

    /**
     * Renders the preview.
     *
     * @param ct       the CT
     * @param measured findings and the overlay they were measured from (1 liver, id + 1 lesion id)
     * @param caption  what made the labels, shown first in the caption (e.g. "model X 1.0",
     *                 "GROUND TRUTH of the synthetic CT")
     */
    public static BufferedImage render(HuVolume ct, Measurements.Measured measured, String caption) {
        VolumeGeometry g = ct.geometry();
        Findings f = measured.findings();
        LabelVolume overlay = measured.overlay();
        int[] focus = PreviewLayout.focus(f, overlay);
        int k = focus[0];
        int j = focus[1];

        double[] sp = g.spacingMm();
        double widthMm = g.columns() * sp[0];
        double heightMm = g.rows() * sp[1];
        double reformatHeightMm = g.slices() * sp[2];
        double scale = Math.min(MAX_SLICE_PX / Math.max(widthMm, heightMm), MAX_REFORMAT_HEIGHT_PX / reformatHeightMm);
        // Screen axes: x along i for both views, y along j (slice view) or k (reformat).
        ScreenAxis xAxis = ScreenAxis.of(g.direction(0), sp[0], g.columns(), scale, true);
        ScreenAxis yAxisSlice = ScreenAxis.of(g.direction(1), sp[1], g.rows(), scale, false);
        ScreenAxis yAxisReformat = ScreenAxis.of(g.direction(2), sp[2], g.slices(), scale, false);

        int w1 = xAxis.pixels();
        int h1 = yAxisSlice.pixels();
        int h2 = yAxisReformat.pixels();
        int width = 2 * w1 + GAP_PX;
        boolean insetBelow = PreviewLayout.wantsInset(f, scale) && h2 + PreviewLayout.INSET_PX + 16 <= PreviewLayout.MAX_CANVAS_PX && w1 >= PreviewLayout.INSET_PX + 16;
        int viewsHeight = Math.max(h1, insetBelow ? h2 + PreviewLayout.INSET_PX + 16 : h2);
        int height = viewsHeight + CAPTION_PX;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[width * height];

        int[] lesionColours = ViewPainter.colours(f.lesionCount());
        ViewPainter.drawSliceView(ct, overlay, k, xAxis, yAxisSlice, lesionColours, rgb, width, 0, 0);
        ViewPainter.drawReformatView(ct, overlay, j, xAxis, yAxisReformat, lesionColours, rgb, width, w1 + GAP_PX, 0);
        PreviewLayout.Inset inset = PreviewLayout.inset(f, k, xAxis, yAxisSlice, scale, h1, viewsHeight, w1 + GAP_PX, h2);
        if (inset != null) {
            ViewPainter.drawSliceView(ct, overlay, k, inset.x(), inset.y(), lesionColours, rgb, width, inset.left(), inset.top());
        }
        img.setRGB(0, 0, width, height, rgb, 0, width);

        Graphics2D gr = img.createGraphics();
        try {
            gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            gr.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            gr.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            gr.setColor(new Color(40, 40, 40));
            gr.fillRect(w1, 0, GAP_PX, height - CAPTION_PX);
            gr.fillRect(w1 + GAP_PX, h2, w1, 1);

            // Reference lines: where each view cuts the other (not across the inset).
            java.awt.geom.Area lines = new java.awt.geom.Area(new java.awt.Rectangle(0, 0, width, height));
            if (inset != null) {
                lines.subtract(new java.awt.geom.Area(new java.awt.Rectangle(inset.left() - 1, inset.top() - 1,
                        inset.x().pixels() + 2, inset.y().pixels() + 2)));
            }
            gr.setClip(lines);
            referenceLine(gr, 0, yAxisSlice.screen(j), w1, true);
            referenceLine(gr, w1 + GAP_PX, yAxisReformat.screen(k), w1, true);
            gr.setClip(null);

            for (LesionMeasurement l : f.lesions()) {
                if (l.recist().slice() == k) {
                    CaliperOverlay.drawRecist(gr, l, xAxis, yAxisSlice, sp, 0, 0, w1, h1, inset == null || l.id() != 1);
                }
            }
            CaliperOverlay.lesionNumbers(gr, f, overlay, k, xAxis, yAxisSlice, inset);
            if (inset != null) {
                CaliperOverlay.drawInsetFrame(gr, inset, xAxis, yAxisSlice, f.lesions().get(0));
                for (LesionMeasurement l : f.lesions()) {
                    if (l.recist().slice() == k) {
                        CaliperOverlay.drawRecist(gr, l, inset.x(), inset.y(), sp, inset.left(), inset.top(), inset.x().pixels(),
                                inset.y().pixels(), false);
                    }
                }
            }
            double[] sliceMm = g.toMm(g.columns() / 2.0, g.rows() / 2.0, k);
            double[] rowMm = g.toMm(g.columns() / 2.0, j, g.slices() / 2.0);
            String sliceName = OrientationMarks.planeName(g.direction(2));
            String reformatName = OrientationMarks.planeName(g.direction(1));
            OrientationMarks.label(gr, String.format(Locale.ROOT, "%s  k %d  %s %.1f mm", sliceName, k,
                    OrientationMarks.axisLetter(g.direction(2)), OrientationMarks.dominantCoordinate(sliceMm, g.direction(2))), 6, 16, 11);
            OrientationMarks.label(gr, String.format(Locale.ROOT, "%s  j %d  %s %.1f mm", reformatName, j,
                    OrientationMarks.axisLetter(g.direction(1)), OrientationMarks.dominantCoordinate(rowMm, g.direction(1))), w1 + GAP_PX + 6, 16, 11);
            OrientationMarks.orientationLetters(gr, xAxis.screenDirection(g.direction(0)), yAxisSlice.screenDirection(g.direction(1)),
                    0, 0, w1, h1);
            OrientationMarks.orientationLetters(gr, xAxis.screenDirection(g.direction(0)), yAxisReformat.screenDirection(g.direction(2)),
                    w1 + GAP_PX, 0, w1, h2);
            OrientationMarks.scaleBar(gr, scale, 0, h1, w1);
            OrientationMarks.scaleBar(gr, scale, w1 + GAP_PX, h2, w1);
            caption(gr, captionText(f, caption, k), width, height);
        } finally {
            gr.dispose();
        }
        return img;
    }

    /** Writes the image as PNG, atomically. */
    public static void write(BufferedImage image, Path file) {
        PngFile.write(image, file);
    }

    private static void referenceLine(Graphics2D gr, int x0, double y, int w, boolean horizontal) {
        gr.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.55f));
        gr.setColor(new Color(120, 200, 255));
        gr.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
        if (horizontal) {
            gr.draw(new Line2D.Double(x0, y, x0 + w, y));
        }
        gr.setComposite(AlphaComposite.SrcOver);
    }

    private static void caption(Graphics2D gr, String text, int width, int height) {
        gr.setColor(new Color(24, 24, 24));
        gr.fillRect(0, height - CAPTION_PX, width, CAPTION_PX);
        int size = 13;
        Font font;
        FontMetrics fm;
        do {
            font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
            gr.setFont(font);
            fm = gr.getFontMetrics();
        } while (fm.stringWidth(text) > width - 12 && --size > 8);
        String shown = text;
        while (fm.stringWidth(shown) > width - 12 && shown.length() > 4) {
            shown = shown.substring(0, shown.length() - 2) + "…";
        }
        gr.setColor(Color.WHITE);
        gr.drawString(shown, 6, height - CAPTION_PX / 2 + fm.getAscent() / 2 - 1);
    }

    static String captionText(Findings f, String source, int k) {
        List<String> parts = new ArrayList<>();
        parts.add(source);
        if (!f.lesions().isEmpty()) {
            LesionMeasurement l = f.lesions().get(0);
            parts.add(String.format(Locale.ROOT, "largest of %d lesion%s: %.1f × %.1f mm (RECIST, k %d), %.1f mL",
                    f.lesionCount(), f.lesionCount() == 1 ? "" : "s", l.recist().longMm(), l.recist().shortMm(), k,
                    l.volumeMl()));
        } else if (f.liverVoxels() > 0) {
            parts.add("no lesion; slice through the liver centre");
        } else if (f.liverSegmented()) {
            parts.add("no liver in view");
        }
        if (f.liverSegmented()) {
            parts.add(String.format(Locale.ROOT, "liver %.1f mL", f.liverVolumeMl()));
            parts.add(String.format(Locale.ROOT, "tumour burden %.2f %%", f.tumourBurdenPercent()));
        }
        parts.add("W " + WINDOW_WIDTH + " / L " + WINDOW_LEVEL);
        return String.join("  ·  ", parts);
    }
}
