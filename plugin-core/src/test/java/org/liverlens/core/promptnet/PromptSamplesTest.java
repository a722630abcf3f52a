package org.liverlens.core.promptnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Training examples of the prompt network on a phantom liver: a pasted lesion is where its mask says,
 * the positive click lies on the target, and the previous-slice channel overlaps the target. Pictures
 * of the first examples (image, clicks, previous mask, target) go to {@code java.io.tmpdir}/liverlens-promptnet-samples.
 */
class PromptSamplesTest {
    /** A 200 × 200 × 24 CT of 0.8 × 0.8 × 2.5 mm: an ellipsoidal liver of 100 HU (noise SD 10) in 40 HU soft tissue. */
    static LabelledCt phantom() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {200, 200, 24}, new double[3], new double[] {0.8, 0.8, 2.5});
        HuVolume hu = HuVolume.allocate(g, (short) -1000);
        LabelVolume labels = new LabelVolume(g);
        SplittableRandom r = new SplittableRandom(1);
        for (int k = 0; k < 24; k++) {
            for (int j = 0; j < 200; j++) {
                for (int i = 0; i < 200; i++) {
                    double body = Math.pow((i - 100) / 95.0, 2) + Math.pow((j - 100) / 90.0, 2);
                    double liver = Math.pow((i - 95) / 70.0, 2) + Math.pow((j - 100) / 60.0, 2)
                            + Math.pow((k - 12) / 14.0, 2);
                    if (body < 1) {
                        hu.set(i, j, k, (short) Math.round((liver < 1 ? 100 : 40) + r.nextGaussian() * 10));
                    }
                    if (liver < 1) {
                        labels.set(i, j, k, Segmenter.LIVER);
                    }
                }
            }
        }
        return new LabelledCt("phantom", hu, labels, true);
    }

    @Test
    void examplesPutTheClickOnTheTargetAndThePreviousSliceBesideIt() throws IOException {
        LesionInstances lesions = new LesionInstances();
        assertTrue(lesions.add(phantom(), true));
        PromptSamples samples = new PromptSamples(PromptNetTraining.CROP, PromptNetTraining.WINDOW_HU,
                PromptNetTraining.CLICK_SIGMA_MM, PromptNetTraining.PIXEL_MM, PromptNetTraining.SLICE_STEP_MM,
                PromptNetTraining.PARENCHYMA_SHARE);
        int c = PromptNetTraining.CROP;
        int n = c * c;
        SplittableRandom r = new SplittableRandom(7);
        int clicked = 0;
        int clickOnTarget = 0;
        int propagated = 0;
        int overlapping = 0;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "liverlens-promptnet-samples");
        Files.createDirectories(dir);
        for (int q = 0; q < 60; q++) {
            LesionInstances.Instance in = lesions.draw(r, 1, PromptNetTraining.FAINT_SHARE);
            assertNotNull(in);
            float[] x = new float[SliceCrop.CHANNELS * n];
            float[] y = new float[n];
            if (!samples.sample(in, r, x, y, 0)) {
                continue;
            }
            int peak = -1;
            float best = 0.5f;
            double prevArea = 0;
            double both = 0;
            for (int p = 0; p < n; p++) {
                if (x[3 * n + p] > best && x[5 * n + p] == 0) {
                    best = x[3 * n + p];
                    peak = p;
                }
                prevArea += x[6 * n + p];
                both += x[6 * n + p] * y[p];
            }
            if (peak >= 0) {
                clicked++;
                clickOnTarget += y[peak] > 0 || sum(y) == 0 ? 1 : 0;
            }
            if (prevArea > 0) {
                propagated++;
                overlapping += both > 0 || sum(y) == 0 ? 1 : 0;
            }
            if (q < 12) {
                ImageIO.write(picture(x, y, c), "png", dir.resolve("sample-" + q + ".png").toFile());
            }
        }
        assertTrue(clicked >= 10 && propagated >= 10, clicked + " clicked, " + propagated + " propagated");
        // a click is on the lesion (but where a small lesion covers under half of the click's crop pixel), or on
        // parenchyma with an empty target (a tenth of the examples)
        assertTrue(clickOnTarget >= clicked * 0.9, clickOnTarget + " of " + clicked + " clicks on the target");
        assertEquals(propagated, overlapping, "the previous slice's mask overlaps the target or the lesion ended");
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }

    /** Image grey, target red, previous-slice mask green, positive clicks yellow, negative blue, box magenta. */
    private static BufferedImage picture(float[] x, float[] y, int c) {
        int n = c * c;
        BufferedImage img = new BufferedImage(c, c, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < n; p++) {
            int v = (int) (x[n + p] * 255);
            int rr = v;
            int gg = v;
            int bb = v;
            if (y[p] > 0) {
                rr = Math.min(255, rr + 80);
            }
            if (x[6 * n + p] > 0) {
                gg = Math.min(255, gg + 80);
            }
            if (x[3 * n + p] > 0.5) {
                rr = 255;
                gg = 255;
                bb = 0;
            }
            if (x[4 * n + p] > 0.5) {
                bb = 255;
            }
            if (x[5 * n + p] > 0 && (p % c == 0 || x[5 * n + p - 1] == 0)) {
                rr = 255;
                bb = 255;
            }
            img.setRGB(p % c, p / c, rr << 16 | gg << 8 | bb);
        }
        return img;
    }
}
