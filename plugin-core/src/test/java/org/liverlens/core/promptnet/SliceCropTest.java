package org.liverlens.core.promptnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** The crop the prompt network sees: where a CT voxel lands on it, and what each channel holds. */
class SliceCropTest {
    private static final double[] SPACING = {0.7, 0.9, 5.0};

    @Test
    void aVoxelMapsToTheCropPixelThatSamplesIt() {
        SliceCrop crop = new SliceCrop(96, 1.3, 120.4, 88.2, 0.7, true, SPACING);
        for (int[] v : new int[][] {{120, 88}, {100, 70}, {150, 120}}) {
            double[] xy = crop.toCrop(v[0], v[1]);
            int x = (int) Math.floor(xy[0]);
            int y = (int) Math.floor(xy[1]);
            // the crop pixel's own position maps back within half a crop pixel of the voxel
            SliceCrop one = new SliceCrop(96, 1.3, 120.4, 88.2, 0.7, true, SPACING);
            double[] back = one.toCrop(v[0], v[1]);
            assertEquals(xy[0], back[0], 1e-9);
            assertTrue(x >= 0 && y >= 0 && x < 96 && y < 96, x + "," + y);
        }
    }

    @Test
    void theClickChannelPeaksAtTheClickAndTheImageChannelHoldsTheSlice() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {200, 160, 5}, new double[3], SPACING);
        HuVolume ct = HuVolume.allocate(g, (short) 40);
        for (int k = 0; k < 5; k++) {
            for (int j = 88; j <= 92; j++) {
                for (int i = 128; i <= 132; i++) {
                    ct.set(i, j, k, (short) (100 + k));
                }
            }
        }
        SliceCrop crop = new SliceCrop(64, 0.7, 120.5, 80.5, 0, false, SPACING); // pixel centres on voxels
        int n = 64 * 64;
        float[] in = new float[SliceCrop.CHANNELS * n];
        crop.encode(ct, 2, 1, new double[] {-160, 240}, 3, List.of(new Prompt.Click(130, 90, 2)),
                List.of(new Prompt.Click(110, 70, 3)), null, null, in, 0);
        int peak = 0;
        for (int p = 0; p < n; p++) {
            if (in[3 * n + p] > in[3 * n + peak]) {
                peak = p;
            }
        }
        double[] xy = crop.toCrop(130, 90);
        assertEquals((int) Math.floor(xy[0]), peak % 64);
        assertEquals((int) Math.floor(xy[1]), peak / 64);
        assertEquals((102 + 160) / 400.0, in[n + peak], 0.02);
        assertEquals((101 + 160) / 400.0, in[peak], 0.02);
        assertEquals((103 + 160) / 400.0, in[2 * n + peak], 0.02);
        for (int p = 0; p < n; p++) {
            assertEquals(0, in[4 * n + p], "the negative click is on another slice");
        }
    }

    @Test
    void aMaskSampledOntoTheCropCoversItsArea() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {200, 160, 3}, new double[3], SPACING);
        BitMask m = new BitMask(g);
        for (int j = 70; j < 90; j++) {
            for (int i = 100; i < 130; i++) {
                m.set(i, j, 1, true);
            }
        }
        SliceCrop crop = new SliceCrop(96, 0.5, 115, 80, 0.3, false, SPACING);
        float[] cover = crop.mask(m, 1);
        double area = 0;
        for (float f : cover) {
            area += f;
        }
        double mm2 = area * 0.5 * 0.5;
        assertEquals(30 * 0.7 * 20 * 0.9, mm2, 0.05 * mm2);
    }

    @Test
    void aPixelDilatedByTwoIsAFiveByFiveSquareClippedAtTheEdge() {
        int c = 16;
        float[] m = new float[c * c];
        m[5 * c + 5] = 1;
        m[15 * c + 0] = 1; // the corner: its square is cut by the crop's edge
        float[] d = SliceCrop.dilate(m, c, 2);
        int n = 0;
        for (int y = 0; y < c; y++) {
            for (int x = 0; x < c; x++) {
                boolean inSquare = Math.abs(x - 5) <= 2 && Math.abs(y - 5) <= 2 || x <= 2 && y >= 13;
                assertEquals(inSquare ? 1f : 0f, d[y * c + x], "pixel " + x + "," + y);
                n += d[y * c + x] > 0 ? 1 : 0;
            }
        }
        assertEquals(25 + 9, n);
        assertEquals(1f, m[5 * c + 5], "the input is not changed");
        assertEquals(0f, m[5 * c + 6]);
    }
}
