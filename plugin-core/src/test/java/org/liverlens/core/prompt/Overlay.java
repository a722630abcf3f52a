package org.liverlens.core.prompt;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * A picture for looking at a prompt's result: every slice of the reference lesion or the mask and
 * one either side, four to a row, a square around the click, CT in a liver window (−50…200 HU), reference
 * outline red, mask outline cyan, liver outline green, click yellow; each pixel drawn 5 × 5 (3 × 3 for a large lesion).
 */
final class Overlay {
    private static final int SCALE = 5;
    /** Slices per row of the picture. */
    private static final int PER_ROW = 4;

    private Overlay() {
    }

    static void write(Path file, HuVolume ct, BitMask liver, BitMask reference, BitMask mask, Prompt.Click c,
                      int half) {
        int k0 = Integer.MAX_VALUE;
        int k1 = -1;
        for (int k = 0; k < ct.geometry().slices(); k++) {
            if (!reference.isSliceEmpty(k) || !mask.isSliceEmpty(k)) {
                k0 = Math.min(k0, k);
                k1 = k;
            }
        }
        k0 = Math.max(0, Math.min(k0, c.k()) - 1);
        k1 = Math.min(ct.geometry().slices() - 1, Math.max(k1, c.k()) + 1);
        int scale = half > 40 ? 3 : SCALE;
        int side = 2 * half * scale;
        int panels = k1 - k0 + 1;
        int cols = Math.min(panels, PER_ROW);
        int rows = (panels + PER_ROW - 1) / PER_ROW;
        BufferedImage img = new BufferedImage(side * cols, side * rows, BufferedImage.TYPE_INT_RGB);
        var g = ct.geometry();
        for (int k = k0; k <= k1; k++) {
            for (int y = 0; y < 2 * half; y++) {
                for (int x = 0; x < 2 * half; x++) {
                    int i = c.i() - half + x;
                    int j = c.j() - half + y;
                    int rgb = 0;
                    if (i >= 0 && j >= 0 && i < g.columns() && j < g.rows()) {
                        int v = (int) Math.max(0, Math.min(255, (ct.get(i, j, k) + 50) * 255.0 / 250));
                        rgb = v << 16 | v << 8 | v;
                        if (edge(reference, i, j, k)) {
                            rgb = 0xff3030;
                        } else if (edge(mask, i, j, k)) {
                            rgb = 0x00ffff;
                        } else if (liver != null && edge(liver, i, j, k)) {
                            rgb = 0x30c030;
                        }
                    }
                    if (k == c.k() && Math.abs(i - c.i()) + Math.abs(j - c.j()) <= 1) {
                        rgb = 0xffff00;
                    }
                    for (int q = 0; q < scale * scale; q++) {
                        img.setRGB((k - k0) % PER_ROW * side + scale * x + q % scale,
                                (k - k0) / PER_ROW * side + scale * y + q / scale, rgb);
                    }
                }
            }
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean edge(BitMask m, int i, int j, int k) {
        return m.get(i, j, k) && (!m.get(i - 1, j, k) || !m.get(i + 1, j, k) || !m.get(i, j - 1, k)
                || !m.get(i, j + 1, k));
    }
}
