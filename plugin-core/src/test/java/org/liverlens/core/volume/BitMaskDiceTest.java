package org.liverlens.core.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BitMaskDiceTest {
    private static BitMask mask(int slices, int[]... voxels) {
        BitMask m = new BitMask(VolumeGeometry.axial(new int[] {70, 5, slices}, new double[] {0, 0, 0},
                new double[] {1, 1, 1}));
        for (int[] v : voxels) {
            m.set(v[0], v[1], v[2], true);
        }
        return m;
    }

    @Test
    void diceCountsSharedVoxelsAcrossWordsAndSlices() {
        // 3 voxels each, 2 shared (one past the first 64-bit word of a row, one on another slice)
        BitMask a = mask(3, new int[] {66, 0, 0}, new int[] {1, 1, 2}, new int[] {2, 2, 1});
        BitMask b = mask(3, new int[] {66, 0, 0}, new int[] {1, 1, 2}, new int[] {3, 3, 0});
        assertEquals(2.0 * 2 / 6, a.dice(b), 1e-12);
        assertEquals(a.dice(b), b.dice(a), 0);
    }

    @Test
    void twoEmptyMasksAgreeAndOneEmptyMaskScoresZero() {
        assertEquals(1.0, mask(2).dice(mask(2)), 0);
        assertEquals(0.0, mask(2, new int[] {0, 0, 0}).dice(mask(2)), 0);
    }

    @Test
    void masksOnDifferentGridsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> mask(2).dice(mask(3)));
    }
}
