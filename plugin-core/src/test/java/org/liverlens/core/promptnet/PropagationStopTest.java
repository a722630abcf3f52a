package org.liverlens.core.promptnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The learned prompt's image-based stop ({@link LearnedPrompt#contrast}, {@link LearnedPrompt#fades}): a
 * propagated slice whose mask no longer departs from the tissue around it as the clicked slice's did
 * ends the propagation, whatever the network's confidence.
 */
class PropagationStopTest {
    private static final int C = 96;
    private static final double PIXEL_MM = 1.0;

    /** A network input whose image channel is {@code liver} with a disk of {@code lesion} (windowed values). */
    private static float[] input(double liver, double lesion, int radius) {
        int n = C * C;
        float[] in = new float[SliceCrop.CHANNELS * n];
        for (int y = 0; y < C; y++) {
            for (int x = 0; x < C; x++) {
                boolean disk = Math.hypot(x - C / 2.0 + 0.5, y - C / 2.0 + 0.5) <= radius;
                in[n + y * C + x] = (float) (disk ? lesion : liver);
            }
        }
        return in;
    }

    private static float[] disk(int radius) {
        float[] m = new float[C * C];
        for (int y = 0; y < C; y++) {
            for (int x = 0; x < C; x++) {
                m[y * C + x] = Math.hypot(x - C / 2.0 + 0.5, y - C / 2.0 + 0.5) <= radius ? 1 : 0;
            }
        }
        return m;
    }

    @Test
    void aHypodenseLesionHasTheContrastOfItsDiskAgainstTheLiverAroundIt() {
        double c = LearnedPrompt.contrast(input(0.6, 0.45, 12), 0, disk(12), C, PIXEL_MM);
        assertEquals(-0.15, c, 1e-6);
    }

    @Test
    void aMaskOnParenchymaOrOnABrighterStructureEndsThePropagation() {
        double start = LearnedPrompt.contrast(input(0.6, 0.45, 12), 0, disk(12), C, PIXEL_MM);
        // the next slice: the lesion has ended, the mask lies on plain liver
        double parenchyma = LearnedPrompt.contrast(input(0.6, 0.6, 12), 0, disk(12), C, PIXEL_MM);
        // or it has run onto something brighter than the liver
        double brighter = LearnedPrompt.contrast(input(0.6, 0.7, 12), 0, disk(12), C, PIXEL_MM);
        // or it is the lesion's tapering end, still two thirds as dark
        double taper = LearnedPrompt.contrast(input(0.6, 0.5, 8), 0, disk(8), C, PIXEL_MM);
        assertTrue(LearnedPrompt.fades(parenchyma, start), "plain liver");
        assertTrue(LearnedPrompt.fades(brighter, start), "the other sign");
        assertFalse(LearnedPrompt.fades(taper, start), "the lesion's end, two thirds of its contrast: " + taper);
        assertFalse(LearnedPrompt.fades(start, start));
    }

    @Test
    void noTissueAroundTheMaskOrAnEmptyMaskNeverStopsIt() {
        // a mask that fills the crop leaves no ring: not measurable, the network decides
        float[] all = new float[C * C];
        java.util.Arrays.fill(all, 1);
        double none = LearnedPrompt.contrast(input(0.6, 0.45, 12), 0, all, C, PIXEL_MM);
        assertTrue(Double.isNaN(none));
        assertFalse(LearnedPrompt.fades(none, -0.15));
        assertTrue(Double.isNaN(LearnedPrompt.contrast(input(0.6, 0.45, 12), 0, new float[C * C], C, PIXEL_MM)));
    }
}
