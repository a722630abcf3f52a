package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.UserHome;

/**
 * The input batches of the sliding window, on their own (the segmenter feeds exactly these to its
 * network, and the tools module's peer comparison recomputes them): every patch of every slice in
 * order, full batches then the rest, the slice's own HU normalised inside the image and the
 * outside value beyond it.
 */
class PatchBatchesTest {
    @TempDir
    Path tmp;

    @Test
    void batchesHoldEverySliceInOrderAndPadOutsideTheImage() throws Exception {
        ModelSpec spec = ModelPackage.open(TinyModels.write(tmp.resolve("tiny")), new UserHome(tmp.resolve("home"))).spec();
        // 10 × 12 pixels is smaller than the 16-pixel patch: one patch per slice, padded right and below
        VolumeGeometry g = new VolumeGeometry(new int[] {10, 12, 5}, new double[] {0, 0, 0}, new double[] {4, 4, 4},
                new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1});
        HuVolume grid = HuVolume.allocate(g, (short) 0);
        for (int k = 0; k < 5; k++) {
            Arrays.fill(grid.slice(k), (short) (50 + 10 * k));
        }
        PatchBatches batches = new PatchBatches(grid, spec);
        assertEquals(5, batches.patches());

        int channels = ModelInput.channelOffsets(spec.input(), 4).length;
        int middle = channels / 2;
        float outside = spec.input().normalise(ModelInput.OUTSIDE_HU);
        List<Integer> counts = new ArrayList<>();
        List<Integer> slices = new ArrayList<>();
        while (batches.next()) {
            counts.add(batches.count());
            assertArrayEquals(new long[] {batches.count(), channels, 16, 16}, batches.shape());
            float[] v = batches.values();
            for (int b = 0; b < batches.count(); b++) {
                slices.add(batches.slice(b));
                assertEquals(0, batches.x0(b));
                assertEquals(0, batches.y0(b));
                int base = (b * channels + middle) * 16 * 16;
                float inside = spec.input().normalise(50 + 10 * batches.slice(b));
                assertEquals(inside, v[base], 1e-5, "first pixel of patch " + b);
                assertEquals(inside, v[base + 11 * 16 + 9], 1e-5, "last pixel inside the image");
                assertEquals(outside, v[base + 10], 1e-5, "right of the image");
                assertEquals(outside, v[base + 12 * 16], 1e-5, "below the image");
            }
        }
        assertEquals(List.of(4, 1), counts, "batch size 4, then the rest");
        assertEquals(List.of(0, 1, 2, 3, 4), slices);
        assertFalse(batches.next(), "no batch after the last");
    }
}
