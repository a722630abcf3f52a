package org.liverlens.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;

/**
 * Issue 16: vessels crossing a removed lesion continue where they can. The phantom's 200 HU vessel runs
 * along x through lesion 1 (which hides it); after "remove lesion 1" the fill carries the vessel across
 * the old lesion, the rest of the fill stays parenchyma, and every voxel outside the region is the
 * original's.
 */
class VesselContinuationTest {
    @Test
    void aVesselThroughARemovedLesionContinuesThroughTheFill() {
        EditPhantom p = new EditPhantom(1, true);
        EditResult r = new ClassicalBackend().apply(p.scene(), new EditParser().parse("remove lesion 1"), 3);
        BitMask lesion = p.lesions.get(0);
        double[] onLine = mean(p, r, lesion, 0, 1);
        double[] offLine = mean(p, r, lesion, 6, 99);
        assertTrue(onLine[1] > 20 && onLine[0] > 160, "on the vessel's line in the old lesion: " + onLine[0] + " HU ("
                + (int) onLine[1] + " voxels)");
        assertTrue(Math.abs(offLine[0] - 100) < 12, "off the vessel in the old lesion: " + offLine[0] + " HU");
        assertTrue(((Number) r.stats().get(0).figures().get("vesselsContinued")).intValue() >= 1);
        long outside = 0;
        for (int k = 0; k < EditPhantom.SIZE[2]; k++) {
            short[] a = p.ct.slice(k);
            short[] b = r.edited().slice(k);
            for (int q = 0; q < a.length; q++) {
                if (a[q] != b[q] && !r.region().getIndex(k, q)) {
                    outside++;
                }
            }
        }
        assertEquals(0, outside, "voxels changed outside the edit region");
    }

    @Test
    void noVesselIsDrawnWhereNoneCrosses() {
        EditPhantom p = new EditPhantom(1);
        EditResult r = new ClassicalBackend().apply(p.scene(), new EditParser().parse("remove lesion 1"), 3);
        assertEquals(0, ((Number) r.stats().get(0).figures().get("vesselsContinued")).intValue());
    }

    /** {mean HU, voxels} of the edited lesion voxels on slice 8 whose row is d0..d1 rows from the vessel's. */
    private static double[] mean(EditPhantom p, EditResult r, BitMask lesion, int d0, int d1) {
        double s = 0;
        int n = 0;
        for (int j = 0; j < EditPhantom.SIZE[1]; j++) {
            int d = Math.abs(j - EditPhantom.VESSEL_ROW);
            for (int i = 0; i < EditPhantom.SIZE[0]; i++) {
                if (d >= d0 && d <= d1 && lesion.get(i, j, 8)) {
                    s += r.edited().get(i, j, 8);
                    n++;
                }
            }
        }
        return new double[] {s / n, n};
    }
}
