package org.liverlens.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.measure.Phantoms;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** preview.png: orientation independent of storage order, true proportions, written as PNG. */
class PreviewTest {
    private static final Findings.Source SOURCE = new Findings.Source(Findings.SourceKind.MODEL, "test");
    private static final int LIVER_RGB = 0xDD8265;

    private static Measurements.Measured measure(HuVolume ct, LabelVolume labels) {
        return Measurements.ofLabels(ct, labels, "1", new ModelInfo("t", "1", null), SOURCE);
    }

    /** Voxel (i, j, k) of the standard grid shown at index (n-1-i, n-1-j, n-1-k) of a grid with reversed axes. */
    @Test
    void viewsDoNotDependOnTheOrderOfStoredRowsColumnsAndSlices() {
        int c = 48;
        int r = 40;
        int s = 16;
        double[] sp = {1.2, 1.2, 3};
        VolumeGeometry standard = VolumeGeometry.axial(new int[] {c, r, s}, new double[] {-28, -24, -22}, sp);
        double[] far = standard.toMm(c - 1, r - 1, s - 1);
        VolumeGeometry reversed = new VolumeGeometry(new int[] {c, r, s}, far, sp, new double[] {-1, 0, 0},
                new double[] {0, -1, 0}, new double[] {0, 0, -1});
        LabelVolume a = new LabelVolume(standard);
        Phantoms.ellipsoid(a, new double[] {-5, 0, 0}, 18, 14, 18, Segmenter.LIVER);
        Phantoms.ellipsoid(a, new double[] {-9, -3, 2}, 6, 4, 5, Segmenter.TUMOUR);
        Phantoms.ellipsoid(a, new double[] {-5, -1, 3}, 3, 5, 4, Segmenter.TUMOUR);
        HuVolume ctA = HuVolume.allocate(standard, (short) -900);
        HuVolume ctB = HuVolume.allocate(reversed, (short) -900);
        LabelVolume b = new LabelVolume(reversed);
        for (int k = 0; k < s; k++) {
            for (int j = 0; j < r; j++) {
                for (int i = 0; i < c; i++) {
                    short hu = (short) (i * 7 + j * 3 + k * 11 - 200);
                    ctA.set(i, j, k, hu);
                    ctB.set(c - 1 - i, r - 1 - j, s - 1 - k, hu);
                    b.set(c - 1 - i, r - 1 - j, s - 1 - k, a.get(i, j, k));
                }
            }
        }
        BufferedImage imgA = Preview.render(ctA, measure(ctA, a), "test");
        BufferedImage imgB = Preview.render(ctB, measure(ctB, b), "test");
        assertEquals(imgA.getWidth(), imgB.getWidth());
        assertEquals(imgA.getHeight(), imgB.getHeight());
        // Everything but the view titles and the caption, which name the slice index k and row j.
        int differing = 0;
        for (int y = 24; y < imgA.getHeight() - 32; y++) {
            for (int x = 0; x < imgA.getWidth(); x++) {
                if (imgA.getRGB(x, y) != imgB.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        if (differing > 0) {
            try {
                ImageIO.write(imgA, "png", new java.io.File("target/preview-standard.png"));
                ImageIO.write(imgB, "png", new java.io.File("target/preview-reversed.png"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertEquals(0, differing, "see target/preview-standard.png and target/preview-reversed.png");
    }

    @Test
    void reformatKeepsTheProportionsOfThickSlices() {
        // A liver ball of radius 20 mm on 0.8 mm pixels and 4 mm slices looks round in both views.
        VolumeGeometry g = Phantoms.grid(80, 80, 16, 0.8, 0.8, 4, 40, 40, 8);
        LabelVolume labels = new LabelVolume(g);
        Phantoms.ellipsoid(labels, new double[] {0, 0, 0}, 20, 20, 20, Segmenter.LIVER);
        HuVolume ct = Phantoms.ct(g);
        BufferedImage img = Preview.render(ct, measure(ct, labels), "test");
        int half = (img.getWidth() - 6) / 2;
        int[] slice = box(img, 0, half);
        int[] reformat = box(img, half + 6, img.getWidth());
        double sliceRatio = (double) (slice[2] - slice[0]) / (slice[3] - slice[1]);
        double reformatRatio = (double) (reformat[2] - reformat[0]) / (reformat[3] - reformat[1]);
        assertEquals(1.0, sliceRatio, 0.05);
        assertEquals(1.0, reformatRatio, 0.1, "4 mm slices shown 4 mm tall, not one pixel");
        assertEquals(slice[2] - slice[0], reformat[2] - reformat[0], 3, "one scale for both views");
    }

    /** Bounding box {x0, y0, x1, y1} of liver-outline pixels between columns x0 and x1. */
    private static int[] box(BufferedImage img, int x0, int x1) {
        int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                if ((img.getRGB(x, y) & 0xffffff) == LIVER_RGB) {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = Math.max(b[3], y);
                }
            }
        }
        assertTrue(b[2] > b[0], "no liver outline drawn");
        return b;
    }

    @Test
    void orientationLettersFollowThePatientAxes() {
        assertEquals("L", OrientationMarks.letter(new double[] {1, 0, 0}));
        assertEquals("R", OrientationMarks.letter(new double[] {-1, 0, 0}));
        assertEquals("P", OrientationMarks.letter(new double[] {0, 0.9, 0.1}));
        assertEquals("A", OrientationMarks.letter(new double[] {0, -1, 0}));
        assertEquals("S", OrientationMarks.letter(new double[] {0, 0.2, 0.98}));
        assertEquals("I", OrientationMarks.letter(new double[] {0, 0, -1}));
        assertEquals("Axial", OrientationMarks.planeName(new double[] {0, 0, 1}));
        assertEquals("Coronal", OrientationMarks.planeName(new double[] {0, -1, 0}));
    }

    @Test
    void ctWithoutLiverRendersWithAClearCaption(@TempDir Path tmp) throws Exception {
        VolumeGeometry g = Phantoms.grid(32, 32, 5, 1, 1, 5, 0, 0, 0);
        HuVolume ct = Phantoms.ct(g);
        Measurements.Measured m = measure(ct, new LabelVolume(g));
        Path png = tmp.resolve("preview.png");
        Preview.write(Preview.render(ct, m, "model t 1"), png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertTrue(back.getWidth() > 100 && back.getHeight() > 50);
        assertTrue(Preview.captionText(m.findings(), "model t 1", 2).contains("no liver in view"));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
