package org.liverlens.core.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ComponentsTest {
    private static BitMask mask(int[][] voxels) {
        BitMask m = new BitMask(VolumeGeometry.axial(new int[] {6, 5, 3}, new double[] {0, 0, 0}, new double[] {1, 1, 1}));
        for (int[] v : voxels) {
            m.set(v[0], v[1], v[2], true);
        }
        return m;
    }

    @Test
    void componentsAreNumberedInScanOrderWithTheirSizes() {
        BitMask m = mask(new int[][] {{4, 0, 0}, {5, 0, 0}, {0, 2, 0}, {0, 2, 1}, {0, 2, 2}, {3, 4, 2}});
        Components.Labelling l = Components.label(m, Components.Connectivity.FACE);
        assertEquals(3, l.count());
        assertArrayEquals(new long[] {0, 2, 3, 1}, l.voxels());
        assertEquals(1, l.ids().get(5, 0, 0));
        assertEquals(2, l.ids().get(0, 2, 2));
        assertEquals(3, l.ids().get(3, 4, 2));
    }

    @Test
    void diagonalNeighboursJoinOnlyWithFullConnectivity() {
        BitMask m = mask(new int[][] {{1, 1, 1}, {2, 2, 2}});
        assertEquals(2, Components.label(m, Components.Connectivity.FACE).count());
        assertEquals(1, Components.label(m, Components.Connectivity.FULL).count());
    }

    @Test
    void smallComponentsAreLeftOutWithoutANumber() {
        BitMask m = mask(new int[][] {{0, 0, 0}, {3, 3, 1}, {3, 4, 1}});
        Components.Labelling l = Components.label(m, Components.Connectivity.FACE, 2);
        assertEquals(1, l.count());
        assertEquals(0, l.ids().get(0, 0, 0));
        assertEquals(1, l.ids().get(3, 4, 1));
    }

    @Test
    void largestKeepsTheBiggestComponent() {
        BitMask m = mask(new int[][] {{0, 0, 0}, {3, 3, 1}, {3, 4, 1}, {4, 4, 1}});
        BitMask big = Components.largest(m, Components.Connectivity.FACE);
        assertEquals(3, big.count());
        assertEquals(false, big.get(0, 0, 0));
    }
}
