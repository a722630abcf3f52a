package org.liverlens.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

/** The prompt value types: centroid click, mm conversion, refusals. */
class PromptTest {
    private static final VolumeGeometry GRID = VolumeGeometry.axial(new int[] {8, 8, 4}, new double[] {-10, 20, 100},
            new double[] {0.5, 0.5, 5});

    @Test
    void centroidClickIsTheMaskVoxelNearestTheCentroidInMillimetres() {
        BitMask m = new BitMask(GRID);
        m.set(0, 0, 0, true);
        m.set(4, 0, 0, true);
        m.set(0, 1, 0, true);
        // Centroid (4/3, 1/3, 0) in voxels: nearest in mm is (0,0,0) (0.47 mm), not (0,1,0) (0.50 mm).
        assertEquals(new Prompt.Click(0, 0, 0), Prompt.Click.atCentroid(m));
    }

    @Test
    void centroidClickWeighsTheThickSlicesInMillimetres() {
        BitMask m = new BitMask(GRID);
        m.set(0, 0, 0, true);
        m.set(0, 0, 1, true);
        m.set(7, 0, 0, true);
        // Centroid (7/3, 0, 1/3): (0,0,0) is 1.93 mm away, (0,0,1) 3.54 mm, (7,0,0) 2.67 mm.
        assertEquals(new Prompt.Click(0, 0, 0), Prompt.Click.atCentroid(m));
    }

    @Test
    void clickInMillimetresIsTheNearestVoxel() {
        // x = -10 + 0.5 i, y = 20 + 0.5 j, z = 100 + 5 k.
        assertEquals(new Prompt.Click(3, 6, 2), Prompt.Click.fromMm(new double[] {-8.6, 23.1, 109}, GRID));
    }

    @Test
    void promptWithoutClicksOrBoxIsRefused() {
        assertThrows(InvalidPromptException.class, () -> new Prompt(List.of(), List.of(), null));
    }

    @Test
    void boxCornersAreOrdered() {
        Prompt.Box b = new Prompt.Box(6, 7, 2, 3, 1);
        assertEquals(new Prompt.Box(2, 3, 6, 7, 1), b);
    }
}
