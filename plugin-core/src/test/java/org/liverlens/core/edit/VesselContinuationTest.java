package org.liverlens.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;

/**
 * Issue 16: vessels crossing a removed lesion continue where they can. The phantom's 200 HU vessel runs
 * along x through lesion 1 (which hides it); after "remove lesion 1" the fill carries the vessel across
 * the old lesion, the rest of the fill stays parenchyma, and every voxel outside the region is the
 * original's. The same for a vessel that crosses through the slices (the 3D pass).
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

    /**
     * A vessel that crosses the lesion obliquely, through the slice plane (as most do in thin-slice CT),
     * has its entries in different slices: the in-plane pass cannot pair them, the 3D pass does. The
     * 200 HU tube (r = 1.6 mm) runs through lesion 1's centre along (1, 0.3, 1.2) in mm, hidden by the
     * lesion; after the removal the fill on its line inside the old lesion is at least 140 HU (parenchyma
     * 100; the tube's axis comes from the entries' centroids, so it lies within about a voxel of the line:
     * 154 HU measured) and parenchyma away from it.
     */
    @Test
    void aVesselCrossingTheLesionThroughTheSlicesContinuesThroughTheFill() {
        EditPhantom p = new EditPhantom(1);
        double[] s = EditPhantom.SPACING;
        double[] c = {EditPhantom.LESIONS[0][0] * s[0], EditPhantom.LESIONS[0][1] * s[1], EditPhantom.LESIONS[0][2] * s[2]};
        double n = Math.sqrt(1 + 0.09 + 1.44);
        double[] u = {1 / n, 0.3 / n, 1.2 / n};
        BitMask lesion = p.lesions.get(0);
        for (int k = 0; k < EditPhantom.SIZE[2]; k++) {
            for (int j = 0; j < EditPhantom.SIZE[1]; j++) {
                for (int i = 0; i < EditPhantom.SIZE[0]; i++) {
                    if (p.liver.get(i, j, k) && !lesion.get(i, j, k) && !p.lesions.get(1).get(i, j, k)
                            && lineDistanceMm(i, j, k, c, u) <= 1.6) {
                        p.ct.set(i, j, k, (short) 200);
                    }
                }
            }
        }
        EditResult r = new ClassicalBackend().apply(p.scene(), new EditParser().parse("remove lesion 1"), 3);
        double onLine = 0;
        int on = 0;
        double offLine = 0;
        int off = 0;
        for (int k = 0; k < EditPhantom.SIZE[2]; k++) {
            for (int j = 0; j < EditPhantom.SIZE[1]; j++) {
                for (int i = 0; i < EditPhantom.SIZE[0]; i++) {
                    if (!lesion.get(i, j, k)) {
                        continue;
                    }
                    double d = lineDistanceMm(i, j, k, c, u);
                    if (d <= 0.8) {
                        onLine += r.edited().get(i, j, k);
                        on++;
                    } else if (d >= 5) {
                        offLine += r.edited().get(i, j, k);
                        off++;
                    }
                }
            }
        }
        onLine /= on;
        offLine /= off;
        assertTrue(on > 20 && onLine > 140, "on the vessel's line in the old lesion: " + onLine + " HU (" + on + " voxels)");
        assertTrue(Math.abs(offLine - 100) < 12, "off the vessel in the old lesion: " + offLine + " HU");
        assertTrue(((Number) r.stats().get(0).figures().get("vesselsContinued")).intValue() >= 1);
    }

    private static double lineDistanceMm(int i, int j, int k, double[] c, double[] u) {
        double[] s = EditPhantom.SPACING;
        double px = i * s[0] - c[0];
        double py = j * s[1] - c[1];
        double pz = k * s[2] - c[2];
        double t = px * u[0] + py * u[1] + pz * u[2];
        return Math.sqrt(Math.pow(px - t * u[0], 2) + Math.pow(py - t * u[1], 2) + Math.pow(pz - t * u[2], 2));
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
