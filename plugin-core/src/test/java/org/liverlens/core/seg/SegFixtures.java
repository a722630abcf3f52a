package org.liverlens.core.seg;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

/** Segment sets with known shapes for tests. */
public final class SegFixtures {
    private SegFixtures() {
    }

    public static Segment liver() {
        return Segment.automatic(1, "Liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER, "LiverLens test", "1",
                CieLab.fromRgb(221, 130, 101));
    }

    public static Segment lesion(int number) {
        return Segment.automatic(number, "Lesion " + (number - 1), Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE,
                Codes.NEOPLASM, "LiverLens test", "1", CieLab.fromRgb(255, 255, 0));
    }

    /** Sets every voxel within an ellipsoid (centre and radii in voxels). */
    public static void ellipsoid(BitMask m, double ci, double cj, double ck, double ri, double rj, double rk) {
        VolumeGeometry g = m.geometry();
        for (int k = Math.max(0, (int) (ck - rk)); k <= Math.min(g.slices() - 1, (int) (ck + rk) + 1); k++) {
            for (int j = Math.max(0, (int) (cj - rj)); j <= Math.min(g.rows() - 1, (int) (cj + rj) + 1); j++) {
                for (int i = Math.max(0, (int) (ci - ri)); i <= Math.min(g.columns() - 1, (int) (ci + ri) + 1); i++) {
                    double x = (i - ci) / ri;
                    double y = (j - cj) / rj;
                    double z = (k - ck) / rk;
                    if (x * x + y * y + z * z <= 1) {
                        m.set(i, j, k, true);
                    }
                }
            }
        }
    }

    /** Liver plus three lesions inside it on the given grid. */
    public static SegmentSet liverAndLesions(VolumeGeometry g) {
        SegmentSet set = SegmentSet.binary(g);
        ellipsoid(set.addBinary(liver()), g.columns() * 0.35, g.rows() * 0.45, g.slices() * 0.5,
                g.columns() * 0.2, g.rows() * 0.18, g.slices() * 0.3);
        ellipsoid(set.addBinary(lesion(2)), g.columns() * 0.3, g.rows() * 0.4, g.slices() * 0.45, 6, 6, 2);
        ellipsoid(set.addBinary(lesion(3)), g.columns() * 0.4, g.rows() * 0.5, g.slices() * 0.55, 4, 5, 1.5);
        ellipsoid(set.addBinary(lesion(4)), g.columns() * 0.35, g.rows() * 0.45, g.slices() * 0.6, 3, 3, 1);
        return set;
    }
}
