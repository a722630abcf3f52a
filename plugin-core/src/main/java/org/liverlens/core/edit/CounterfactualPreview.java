package org.liverlens.core.edit;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.render.Preview;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * The original beside the counterfactual on the axial slice with the most changed voxels, in the
 * preview's soft-tissue window, with the changed voxels outlined on the counterfactual and the
 * instruction in the caption: what {@code demo} shows of an edit.
 */
public final class CounterfactualPreview {
    private static final int CAPTION_PX = 24;

    private CounterfactualPreview() {
    }

    public static BufferedImage render(HuVolume original, EditResult r) {
        var g = original.geometry();
        int k = busiestSlice(r.changed());
        int w = g.columns();
        int h = g.rows();
        BufferedImage img = new BufferedImage(2 * w, h + CAPTION_PX, BufferedImage.TYPE_INT_RGB);
        short[] a = original.slice(k);
        short[] b = r.edited().slice(k);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int p = j * w + i;
                img.setRGB(i, j, grey(a[p]));
                img.setRGB(w + i, j, edge(r.region(), i, j, k) ? 0xff8000 : grey(b[p]));
            }
        }
        Graphics2D gr = img.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        gr.setColor(Color.YELLOW);
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        gr.drawString("ORIGINAL", 8, 18);
        gr.drawString("COUNTERFACTUAL", w + 8, 18);
        gr.setColor(new Color(24, 24, 24));
        gr.fillRect(0, h, 2 * w, CAPTION_PX);
        gr.setColor(Color.WHITE);
        gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        gr.drawString(Datasets.truncate("'" + r.request().instruction() + "' (" + r.backend() + ", seed "
                + r.seed() + "), slice k = " + k + ", " + r.changed().count() + " voxels changed (region outlined)", 2 * w / 7),
                6, h + 16);
        gr.dispose();
        return img;
    }

    /** The axial slice holding most voxels of {@code m} (the first of equals). */
    public static int busiestSlice(BitMask m) {
        int best = 0;
        long most = -1;
        for (int k = 0; k < m.geometry().slices(); k++) {
            long n = m.countSlice(k);
            if (n > most) {
                most = n;
                best = k;
            }
        }
        return best;
    }

    /** RGB of {@code hu} in the preview's soft-tissue window. */
    public static int grey(short hu) {
        double lo = Preview.WINDOW_LEVEL - Preview.WINDOW_WIDTH / 2.0;
        int v = (int) Math.max(0, Math.min(255, (hu - lo) * 255 / Preview.WINDOW_WIDTH));
        return v << 16 | v << 8 | v;
    }

    /** Whether voxel (i, j, k) of {@code m} is set and has an unset 4-neighbour in its slice (or the image edge). */
    public static boolean edge(BitMask m, int i, int j, int k) {
        var g = m.geometry();
        if (!m.get(i, j, k)) {
            return false;
        }
        return i == 0 || j == 0 || i == g.columns() - 1 || j == g.rows() - 1 || !m.get(i - 1, j, k)
                || !m.get(i + 1, j, k) || !m.get(i, j - 1, k) || !m.get(i, j + 1, k);
    }
}
