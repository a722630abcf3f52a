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
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.liverlens.core.measure.Calipers;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.measure.Recist;
import org.liverlens.core.measure.SegmentColours;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.AtomicFiles;

/**
 * {@code preview.png}: the slice through the largest lesion (its RECIST slice; the liver's centre
 * slice when there is no lesion) beside an orthogonal reformat through the same lesion, CT in an
 * abdominal window (W 400 / L 50), liver and lesions filled and outlined in their segment colours,
 * the RECIST axes, reference lines, orientation letters, a scale bar and a one-line caption. Both
 * views share one scale in pixels per mm, so anatomy keeps its proportions whatever the pixel and
 * slice spacing. Views are oriented as radiologists read them (patient right on the image left,
 * anterior and superior up), whatever the order of the stored rows, columns and slices. Plain
 * {@link BufferedImage} and {@link Graphics2D}: no window system is needed.
 */
public final class Preview {
    /** Abdominal soft-tissue window. */
    public static final int WINDOW_WIDTH = 400;
    public static final int WINDOW_LEVEL = 50;

    private static final int MAX_SLICE_PX = 512;
    private static final int MAX_REFORMAT_HEIGHT_PX = 640;
    private static final int GAP_PX = 6;
    private static final int CAPTION_PX = 30;
    private static final double LIVER_FILL_ALPHA = 0.18;
    private static final double LESION_FILL_ALPHA = 0.2;
    private static final Color AXIS_COLOUR = new Color(255, 255, 255);
    private static final Color SHADOW = new Color(0, 0, 0, 200);

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
        int[] focus = focus(f, overlay);
        int k = focus[0];
        int j = focus[1];

        double[] sp = g.spacingMm();
        double widthMm = g.columns() * sp[0];
        double heightMm = g.rows() * sp[1];
        double reformatHeightMm = g.slices() * sp[2];
        double scale = Math.min(MAX_SLICE_PX / Math.max(widthMm, heightMm), MAX_REFORMAT_HEIGHT_PX / reformatHeightMm);
        // Screen axes: x along i for both views, y along j (slice view) or k (reformat).
        Axis xAxis = Axis.of(g.direction(0), sp[0], g.columns(), scale, true);
        Axis yAxisSlice = Axis.of(g.direction(1), sp[1], g.rows(), scale, false);
        Axis yAxisReformat = Axis.of(g.direction(2), sp[2], g.slices(), scale, false);

        int w1 = xAxis.pixels();
        int h1 = yAxisSlice.pixels();
        int h2 = yAxisReformat.pixels();
        int width = 2 * w1 + GAP_PX;
        boolean insetBelow = wantsInset(f, scale) && h2 + INSET_PX + 16 <= MAX_CANVAS_PX && w1 >= INSET_PX + 16;
        int viewsHeight = Math.max(h1, insetBelow ? h2 + INSET_PX + 16 : h2);
        int height = viewsHeight + CAPTION_PX;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[width * height];

        int[] lesionColours = colours(f.lesionCount());
        drawSliceView(ct, overlay, k, xAxis, yAxisSlice, lesionColours, rgb, width, 0, 0);
        drawReformatView(ct, overlay, j, xAxis, yAxisReformat, lesionColours, rgb, width, w1 + GAP_PX, 0);
        Inset inset = inset(f, k, xAxis, yAxisSlice, scale, h1, viewsHeight, w1 + GAP_PX, h2);
        if (inset != null) {
            drawSliceView(ct, overlay, k, inset.x(), inset.y(), lesionColours, rgb, width, inset.left(), inset.top());
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
                    drawRecist(gr, l, xAxis, yAxisSlice, sp, 0, 0, w1, h1, inset == null || l.id() != 1);
                }
            }
            lesionNumbers(gr, f, overlay, k, xAxis, yAxisSlice, inset);
            if (inset != null) {
                drawInsetFrame(gr, inset, xAxis, yAxisSlice, f.lesions().get(0));
                for (LesionMeasurement l : f.lesions()) {
                    if (l.recist().slice() == k) {
                        drawRecist(gr, l, inset.x(), inset.y(), sp, inset.left(), inset.top(), inset.x().pixels(),
                                inset.y().pixels(), false);
                    }
                }
            }
            double[] sliceMm = g.toMm(g.columns() / 2.0, g.rows() / 2.0, k);
            double[] rowMm = g.toMm(g.columns() / 2.0, j, g.slices() / 2.0);
            String sliceName = planeName(g.direction(2));
            String reformatName = planeName(g.direction(1));
            label(gr, String.format(Locale.ROOT, "%s  k %d  %s %.1f mm", sliceName, k,
                    axisLetter(g.direction(2)), dominantCoordinate(sliceMm, g.direction(2))), 6, 16, 11);
            label(gr, String.format(Locale.ROOT, "%s  j %d  %s %.1f mm", reformatName, j,
                    axisLetter(g.direction(1)), dominantCoordinate(rowMm, g.direction(1))), w1 + GAP_PX + 6, 16, 11);
            orientationLetters(gr, xAxis.screenDirection(g.direction(0)), yAxisSlice.screenDirection(g.direction(1)),
                    0, 0, w1, h1);
            orientationLetters(gr, xAxis.screenDirection(g.direction(0)), yAxisReformat.screenDirection(g.direction(2)),
                    w1 + GAP_PX, 0, w1, h2);
            scaleBar(gr, scale, 0, h1, w1);
            scaleBar(gr, scale, w1 + GAP_PX, h2, w1);
            caption(gr, captionText(f, caption, k), width, height);
        } finally {
            gr.dispose();
        }
        return img;
    }

    /** Writes the image as PNG, atomically. */
    public static void write(BufferedImage image, Path file) {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    // ---------------------------------------------------------------- choosing the slices

    /** {k, j}: the slice and the row the two views show. */
    static int[] focus(Findings f, LabelVolume overlay) {
        VolumeGeometry g = overlay.geometry();
        if (!f.lesions().isEmpty()) {
            LesionMeasurement l = f.lesions().get(0);
            int k = l.recist().slice();
            // The coronal row that cuts most of the lesion (its centroid row may miss a crescent).
            long[] perRow = new long[g.rows()];
            short want = (short) Math.min(LabelVolume.MAX_LABEL, l.id() + 1);
            int columns = g.columns();
            for (int kk = 0; kk < g.slices(); kk++) {
                if (overlay.isSliceEmpty(kk)) {
                    continue;
                }
                short[] s = overlay.slice(kk);
                for (int p = 0; p < s.length; p++) {
                    if (s[p] == want) {
                        perRow[p / columns]++;
                    }
                }
            }
            double centroidRow = l.centroidVoxel()[1];
            int best = clamp((int) Math.round(centroidRow), g.rows());
            for (int r = 0; r < perRow.length; r++) {
                if (perRow[r] > perRow[best]
                        || (perRow[r] == perRow[best] && Math.abs(r - centroidRow) < Math.abs(best - centroidRow))) {
                    best = r;
                }
            }
            return new int[] {k, best};
        }
        double[] c = f.liverCentroidVoxel();
        if (c != null) {
            return new int[] {clamp((int) Math.round(c[2]), g.slices()), clamp((int) Math.round(c[1]), g.rows())};
        }
        return new int[] {g.slices() / 2, g.rows() / 2};
    }

    // ---------------------------------------------------------------- pixels

    private static void drawSliceView(HuVolume ct, LabelVolume overlay, int k, Axis x, Axis y, int[] lesionColours,
                                      int[] rgb, int stride, int x0, int y0) {
        VolumeGeometry g = ct.geometry();
        short[] hu = ct.slice(k);
        short[] labels = overlay.isSliceEmpty(k) ? null : overlay.slice(k);
        int columns = g.columns();
        int w = x.pixels();
        int h = y.pixels();
        int[] value = new int[w * h];
        for (int sy = 0; sy < h; sy++) {
            double cj = y.voxel(sy);
            for (int sx = 0; sx < w; sx++) {
                double ci = x.voxel(sx);
                if (ci < -0.5 || cj < -0.5 || ci > columns - 0.5 || cj > g.rows() - 0.5) {
                    rgb[(y0 + sy) * stride + x0 + sx] = 0;
                    continue;
                }
                double v = bilinear(hu, columns, g.rows(), ci, cj);
                rgb[(y0 + sy) * stride + x0 + sx] = grey(v);
                if (labels != null) {
                    value[sy * w + sx] = labels[nearest(cj, g.rows()) * columns + nearest(ci, columns)] & 0xffff;
                }
            }
        }
        paintOverlay(value, w, h, rgb, stride, x0, y0, lesionColours);
    }

    private static void drawReformatView(HuVolume ct, LabelVolume overlay, int j, Axis x, Axis y, int[] lesionColours,
                                         int[] rgb, int stride, int x0, int y0) {
        VolumeGeometry g = ct.geometry();
        int columns = g.columns();
        int slices = g.slices();
        int w = x.pixels();
        int h = y.pixels();
        int[] value = new int[w * h];
        for (int sy = 0; sy < h; sy++) {
            double ck = y.voxel(sy);
            int k0 = (int) Math.floor(ck);
            double fk = ck - k0;
            int ka = clamp(k0, slices);
            int kb = clamp(k0 + 1, slices);
            short[] a = ct.slice(ka);
            short[] b = ct.slice(kb);
            int kn = nearest(ck, slices);
            short[] labels = overlay.isSliceEmpty(kn) ? null : overlay.slice(kn);
            for (int sx = 0; sx < w; sx++) {
                double ci = x.voxel(sx);
                double va = rowSample(a, columns, j, ci);
                double vb = rowSample(b, columns, j, ci);
                rgb[(y0 + sy) * stride + x0 + sx] = grey(va + (vb - va) * fk);
                if (labels != null) {
                    value[sy * w + sx] = labels[j * columns + nearest(ci, columns)] & 0xffff;
                }
            }
        }
        paintOverlay(value, w, h, rgb, stride, x0, y0, lesionColours);
    }

    /** Fills each region with its colour at low opacity and draws its border opaque (lesions 2 px). */
    private static void paintOverlay(int[] value, int w, int h, int[] rgb, int stride, int x0, int y0,
                                     int[] lesionColours) {
        int liver = pack(SegmentColours.LIVER);
        for (int sy = 0; sy < h; sy++) {
            for (int sx = 0; sx < w; sx++) {
                int v = value[sy * w + sx];
                if (v == 0) {
                    continue;
                }
                int colour = v == 1 ? liver : lesionColours[Math.min(v - 2, lesionColours.length - 1)];
                int radius = v == 1 ? 1 : 2;
                boolean edge = false;
                for (int dy = -radius; dy <= radius && !edge; dy++) {
                    for (int dx = -radius; dx <= radius && !edge; dx++) {
                        if (Math.abs(dx) + Math.abs(dy) > radius) {
                            continue;
                        }
                        int nx = sx + dx;
                        int ny = sy + dy;
                        edge = nx < 0 || ny < 0 || nx >= w || ny >= h || value[ny * w + nx] != v;
                    }
                }
                int p = (y0 + sy) * stride + x0 + sx;
                rgb[p] = edge ? colour : blend(rgb[p], colour, v == 1 ? LIVER_FILL_ALPHA : LESION_FILL_ALPHA);
            }
        }
    }

    private static int[] colours(int lesions) {
        int[] c = new int[Math.max(1, lesions)];
        for (int id = 1; id <= c.length; id++) {
            c[id - 1] = pack(SegmentColours.lesion(id));
        }
        return c;
    }

    private static double bilinear(short[] s, int columns, int rows, double ci, double cj) {
        int i0 = (int) Math.floor(ci);
        int j0 = (int) Math.floor(cj);
        double fi = ci - i0;
        double fj = cj - j0;
        int ia = clamp(i0, columns);
        int ib = clamp(i0 + 1, columns);
        int ja = clamp(j0, rows);
        int jb = clamp(j0 + 1, rows);
        double top = s[ja * columns + ia] + (s[ja * columns + ib] - s[ja * columns + ia]) * fi;
        double bottom = s[jb * columns + ia] + (s[jb * columns + ib] - s[jb * columns + ia]) * fi;
        return top + (bottom - top) * fj;
    }

    private static double rowSample(short[] s, int columns, int j, double ci) {
        int i0 = (int) Math.floor(ci);
        double fi = ci - i0;
        int ia = clamp(i0, columns);
        int ib = clamp(i0 + 1, columns);
        int row = j * columns;
        return s[row + ia] + (s[row + ib] - s[row + ia]) * fi;
    }

    private static int grey(double hu) {
        double low = WINDOW_LEVEL - WINDOW_WIDTH / 2.0;
        int v = (int) Math.round((hu - low) / WINDOW_WIDTH * 255);
        v = Math.max(0, Math.min(255, v));
        return (v << 16) | (v << 8) | v;
    }

    private static int blend(int under, int over, double alpha) {
        int r = (int) Math.round(((under >> 16) & 255) * (1 - alpha) + ((over >> 16) & 255) * alpha);
        int gg = (int) Math.round(((under >> 8) & 255) * (1 - alpha) + ((over >> 8) & 255) * alpha);
        int b = (int) Math.round((under & 255) * (1 - alpha) + (over & 255) * alpha);
        return (r << 16) | (gg << 8) | b;
    }

    private static int pack(int[] c) {
        return (c[0] << 16) | (c[1] << 8) | c[2];
    }

    private static int nearest(double c, int n) {
        return clamp((int) Math.round(c), n);
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }

    // ---------------------------------------------------------------- annotations

    private static void drawRecist(Graphics2D gr, LesionMeasurement l, Axis x, Axis y, double[] sp, int x0, int y0,
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
        label(gr, text, tx, ty, 12);
    }

    /** A magnified view of the largest lesion in the bottom-left corner of the slice view. */
    private record Inset(Axis x, Axis y, int left, int top, double zoom) {
    }

    private static final int INSET_PX = 176;
    private static final int MAX_CANVAS_PX = 840;
    private static final int INSET_MAX_PX = 232;

    /**
     * The inset, or null when the largest lesion is not on the slice or is large enough on screen
     * already. It goes below the reformat when there is room (the reformat of a short scan leaves
     * some), else into the bottom-left corner of the slice view, where the patient's right back or
     * the table usually is.
     */
    private static Inset inset(Findings f, int k, Axis x, Axis y, double pxPerMm, int sliceHeight, int viewsHeight,
                               int reformatLeft, int reformatHeight) {
        if (f.lesions().isEmpty() || f.lesions().get(0).recist().slice() != k) {
            return null;
        }
        Recist r = f.lesions().get(0).recist();
        int free = Math.min(viewsHeight - reformatHeight - 16, x.pixels() - 16);
        boolean below = free >= INSET_PX;
        int size = below ? Math.min(free, INSET_MAX_PX) : INSET_PX;
        double fieldMm = insetFieldMm(r);
        double zoom = size / fieldMm / pxPerMm;
        if (!wantsInset(f, pxPerMm) || (!below && (sliceHeight < 2 * size || x.pixels() < 2 * size))) {
            return null;
        }
        int[] e = r.longAxisEnds();
        double ci = (e[0] + e[2]) / 2.0;
        double cj = (e[1] + e[3]) / 2.0;
        int left = below ? reformatLeft + 8 : 8;
        int top = below ? reformatHeight + 8 : sliceHeight - size - 8;
        return new Inset(x.zoom(ci, fieldMm, size), y.zoom(cj, fieldMm, size), left, top, zoom);
    }

    /** Whether the largest lesion is small enough on screen to deserve a magnified view. */
    private static boolean wantsInset(Findings f, double pxPerMm) {
        return !f.lesions().isEmpty() && INSET_PX / insetFieldMm(f.lesions().get(0).recist()) / pxPerMm >= 1.6;
    }

    private static double insetFieldMm(Recist r) {
        return Math.max(30, 2.2 * r.longMm());
    }

    private static void drawInsetFrame(Graphics2D gr, Inset inset, Axis x, Axis y, LesionMeasurement lesion) {
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
        shadowed(gr, String.format(Locale.ROOT, "Lesion 1  ×%.1f", inset.zoom()), inset.left() + 4,
                inset.top() + 13);
        Recist r = lesion.recist();
        shadowed(gr, String.format(Locale.ROOT, "RECIST %.1f × %.1f mm", r.longMm(), r.shortMm()), inset.left() + 4,
                inset.top() + 27);
        double mm = 10;
        double len = mm * inset.x().pxPerMm();
        double bx = inset.left() + inset.x().pixels() - 8 - len;
        double by = inset.top() + inset.y().pixels() - 8;
        for (int pass = 0; pass < 2; pass++) {
            gr.setStroke(new BasicStroke(pass == 0 ? 4f : 2f));
            gr.setColor(pass == 0 ? SHADOW : Color.WHITE);
            gr.draw(new Line2D.Double(bx, by, bx + len, by));
        }
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        shadowed(gr, "10 mm", (int) Math.round(bx), (int) Math.round(by - 6));
    }

    /**
     * The number of each lesion cut by the slice whose RECIST axes are not drawn there, beside its
     * outline, so every outlined lesion can be found in findings.json.
     */
    private static void lesionNumbers(Graphics2D gr, Findings f, LabelVolume overlay, int k, Axis x, Axis y,
                                      Inset inset) {
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
            shadowed(gr, Integer.toString(l.id()), (int) Math.round(b[2] + 4), (int) Math.round(b[1] + 4));
        }
    }

    /** Axis end pixel centres moved out by half a pixel step each, so the drawn line has the reported length. */
    private static double[] extendedEnds(int[] e, double[] sp) {
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

    private static void caliper(Graphics2D gr, double[] l) {
        double len = Math.hypot(l[2] - l[0], l[3] - l[1]);
        double nx = len == 0 ? 0 : -(l[3] - l[1]) / len * 4;
        double ny = len == 0 ? 4 : (l[2] - l[0]) / len * 4;
        for (int pass = 0; pass < 2; pass++) {
            gr.setStroke(new BasicStroke(pass == 0 ? 3.5f : 1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            gr.setColor(pass == 0 ? SHADOW : AXIS_COLOUR);
            gr.draw(new Line2D.Double(l[0], l[1], l[2], l[3]));
            gr.draw(new Line2D.Double(l[0] - nx, l[1] - ny, l[0] + nx, l[1] + ny));
            gr.draw(new Line2D.Double(l[2] - nx, l[3] - ny, l[2] + nx, l[3] + ny));
        }
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

    private static void orientationLetters(Graphics2D gr, double[] right, double[] down, int x0, int y0, int w, int h) {
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

    private static void scaleBar(Graphics2D gr, double pxPerMm, int x0, int viewHeight, int viewWidth) {
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

    private static void label(Graphics2D gr, String text, int x, int y, int size) {
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        FontMetrics fm = gr.getFontMetrics();
        gr.setColor(new Color(0, 0, 0, 150));
        gr.fillRoundRect(x - 3, y - fm.getAscent() - 1, fm.stringWidth(text) + 6, fm.getAscent() + fm.getDescent() + 2,
                5, 5);
        gr.setColor(Color.WHITE);
        gr.drawString(text, x, y);
    }

    private static void shadowed(Graphics2D gr, String text, int x, int y) {
        gr.setColor(SHADOW);
        gr.drawString(text, x + 1, y + 1);
        gr.setColor(Color.WHITE);
        gr.drawString(text, x, y);
    }

    // ---------------------------------------------------------------- orientation

    /** The patient-direction letter of a vector: its largest LPS component (L/R, P/A, S/I). */
    static String letter(double[] d) {
        int axis = dominant(d);
        return switch (axis) {
            case 0 -> d[0] > 0 ? "L" : "R";
            case 1 -> d[1] > 0 ? "P" : "A";
            default -> d[2] > 0 ? "S" : "I";
        };
    }

    private static String axisLetter(double[] d) {
        return switch (dominant(d)) {
            case 0 -> "x";
            case 1 -> "y";
            default -> "z";
        };
    }

    private static double dominantCoordinate(double[] mm, double[] d) {
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

    private static int dominant(double[] d) {
        int axis = 0;
        for (int a = 1; a < 3; a++) {
            if (Math.abs(d[a]) > Math.abs(d[axis])) {
                axis = a;
            }
        }
        return axis;
    }

    private static double[] neg(double[] d) {
        return new double[] {-d[0], -d[1], -d[2]};
    }

    /**
     * One screen axis of a view: a voxel axis with its spacing, scaled to pixels and flipped when
     * needed so the view reads in the radiological convention. Along screen x the patient's left
     * (+x), posterior (+y) or superior (+z) lies to the right; down screen y lies posterior (+y),
     * inferior (−z) or the patient's left (+x), whichever the voxel axis mostly points to.
     */
    private record Axis(double spacingMm, int voxels, double pxPerMm, boolean flipped, int pixels, double startMm) {
        static Axis of(double[] direction, double spacingMm, int voxels, double pxPerMm, boolean horizontal) {
            int a = dominant(direction);
            double sign;
            if (horizontal) {
                sign = direction[a];
            } else {
                sign = a == 2 ? -direction[a] : direction[a];
            }
            int pixels = Math.max(1, (int) Math.round(voxels * spacingMm * pxPerMm));
            return new Axis(spacingMm, voxels, pxPerMm, sign < 0, pixels, 0);
        }

        /** The same axis magnified: {@code pixels} screen pixels over {@code fieldMm} centred on voxel coordinate c. */
        Axis zoom(double c, double fieldMm, int pixels) {
            double centreMm = ((flipped ? voxels - 1 - c : c) + 0.5) * spacingMm;
            return new Axis(spacingMm, voxels, pixels / fieldMm, flipped, pixels, centreMm - fieldMm / 2);
        }

        /** Voxel coordinate at the centre of screen pixel {@code s}. */
        double voxel(int s) {
            double mm = (s + 0.5) / pxPerMm + startMm;
            double c = mm / spacingMm - 0.5;
            return flipped ? voxels - 1 - c : c;
        }

        /** Screen coordinate of voxel coordinate {@code c} (voxel centres at integers). */
        double screen(double c) {
            double cc = flipped ? voxels - 1 - c : c;
            return ((cc + 0.5) * spacingMm - startMm) * pxPerMm;
        }

        /** The patient direction of increasing screen coordinate. */
        double[] screenDirection(double[] voxelDirection) {
            return flipped ? neg(voxelDirection) : voxelDirection.clone();
        }
    }
}
