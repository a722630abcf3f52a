package org.liverlens.ui.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

class MaskDiffTest {
    static final VolumeGeometry GRID = VolumeGeometry.axial(new int[] {512, 512, 400}, new double[] {0, 0, 0},
            new double[] {0.8, 0.8, 1.5});

    /** A ball of radius {@code r} voxels at (ci, cj, ck). */
    static BitMask ball(int ci, int cj, int ck, int r) {
        BitMask m = new BitMask(GRID);
        for (int k = ck - r; k <= ck + r; k++) {
            for (int j = cj - r; j <= cj + r; j++) {
                for (int i = ci - r; i <= ci + r; i++) {
                    int di = i - ci;
                    int dj = j - cj;
                    int dk = k - ck;
                    if (di * di + dj * dj + dk * dk <= r * r) {
                        m.set(i, j, k, true);
                    }
                }
            }
        }
        return m;
    }

    @Test
    void applyingTheDiffTurnsBeforeIntoAfterAndBack() {
        BitMask before = ball(200, 200, 100, 20);
        BitMask after = ball(210, 205, 104, 22);
        MaskDiff diff = MaskDiff.between(before, after);
        BitMask m = ball(200, 200, 100, 20);
        diff.applyTo(m);
        assertEquals(after, m, "before + diff = after");
        diff.applyTo(m);
        assertEquals(before, m, "after + diff = before");
    }

    @Test
    void aDiffCountsTheVoxelsThatChanged() {
        BitMask before = ball(100, 100, 50, 5);
        BitMask after = ball(100, 100, 50, 5);
        after.set(0, 0, 0, true);
        after.set(100, 100, 50, false);
        assertEquals(2, MaskDiff.between(before, after).voxels());
        assertEquals(before.count(), MaskDiff.of(before).voxels());
    }

    @Test
    void aLesionsDiffTakesFarLessThanACopyOfTheMask() {
        BitMask lesion = ball(256, 256, 200, 20); // 40 mm across at 0.8 mm
        long copyBytes = 512L * 512 * 400 / 8;
        long diffBytes = MaskDiff.of(lesion).bytes();
        assertTrue(diffBytes * 100 < copyBytes, "diff " + diffBytes + " B against a copy of " + copyBytes + " B");
    }
}
