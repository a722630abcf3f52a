package org.liverlens.tools.edit;

import static org.liverlens.core.edit.CounterfactualPreview.edge;
import static org.liverlens.core.edit.CounterfactualPreview.grey;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import org.liverlens.core.edit.CounterfactualPreview;
import org.liverlens.core.render.Preview;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * What the model saw of one edit, for reading its misses: the slice where {@code slice} is largest,
 * before (left, the scene's liver outlined blue) and after (right: the edited lesion or region outlined
 * orange, the model's tumour voxels red, the model's liver green), enlarged 3×, in the preview's
 * soft-tissue window.
 */
final class EvaluationPreview {
    private static final int SCALE = 3;

    private EvaluationPreview() {
    }

    static void write(Path file, HuVolume before, HuVolume after, BitMask liver, BitMask edited, BitMask slice,
                      BitMask modelLiver, BitMask modelTumour, String caption) {
        int k = CounterfactualPreview.busiestSlice(slice);
        int w = before.geometry().columns();
        int h = before.geometry().rows();
        BufferedImage img = new BufferedImage(2 * w * SCALE, h * SCALE + 20, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int left = edge(liver, i, j, k) ? 0x4060ff : grey(before.get(i, j, k));
                int right = edge(edited, i, j, k) ? 0xff8000 : edge(modelTumour, i, j, k) ? 0xff2020
                        : edge(modelLiver, i, j, k) ? 0x20c020 : grey(after.get(i, j, k));
                for (int y = 0; y < SCALE; y++) {
                    for (int x = 0; x < SCALE; x++) {
                        img.setRGB(i * SCALE + x, j * SCALE + y, left);
                        img.setRGB((w + i) * SCALE + x, j * SCALE + y, right);
                    }
                }
            }
        }
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(caption + ", slice " + k, 6, h * SCALE + 15);
        g.dispose();
        Preview.write(img, file);
    }
}
