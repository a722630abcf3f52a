package org.liverlens.core.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BitMaskSliceCentroidTest {
    @Test
    void sliceCentroidIsTheMeanColumnAndRowOfThatSliceOnly() {
        BitMask m = new BitMask(VolumeGeometry.axial(new int[] {70, 5, 2}, new double[] {0, 0, 0},
                new double[] {1, 1, 1}));
        m.set(66, 0, 0, true); // past the first 64-bit word of its row
        m.set(2, 4, 0, true);
        m.set(10, 1, 1, true); // another slice: not counted
        assertArrayEquals(new double[] {34, 2}, m.sliceCentroid(0), 1e-12);
        assertArrayEquals(new double[] {10, 1}, m.sliceCentroid(1), 1e-12);
    }

    @Test
    void anEmptySliceHasNoCentroid() {
        BitMask m = new BitMask(VolumeGeometry.axial(new int[] {4, 4, 1}, new double[] {0, 0, 0},
                new double[] {1, 1, 1}));
        double[] c = m.sliceCentroid(0);
        assertTrue(Double.isNaN(c[0]) && Double.isNaN(c[1]));
    }
}
