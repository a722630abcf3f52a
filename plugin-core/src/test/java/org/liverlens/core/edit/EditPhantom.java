package org.liverlens.core.edit;

import java.util.List;
import java.util.SplittableRandom;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * A small liver phantom for edit tests (fixed seed): 40 HU body, an ellipsoidal liver of 100 HU, two
 * spherical 50 HU lesions (lesion 1 r = 10 mm, lesion 2 r = 6 mm), all with in-plane correlated noise
 * of about 10 HU (white noise smoothed by a 3 × 3 box, as reconstruction kernels correlate it), and
 * optionally a coarse texture.
 */
final class EditPhantom {
    static final double[] SPACING = {0.8, 0.8, 2.5};
    static final int[] SIZE = {160, 140, 16};
    /** Lesion centres in voxels and radii in mm. */
    static final double[][] LESIONS = {{60, 70, 8, 10}, {105, 80, 8, 6}};
    final HuVolume ct;
    final BitMask liver;
    final List<BitMask> lesions;

    /** Row, slices and radius (mm) of the optional vessel: a 200 HU tube along x through lesion 1. */
    static final int VESSEL_ROW = 70;
    static final double VESSEL_RADIUS_MM = 2.4;

    EditPhantom(long seed) {
        this(seed, false);
    }

    /** With {@code vessel}: a 200 HU tube along x (row {@link #VESSEL_ROW}, slices 7-9) through lesion 1, which hides it. */
    EditPhantom(long seed, boolean vessel) {
        this(seed, vessel, 0);
    }

    /**
     * With a coarse texture besides the fine noise: white noise smoothed by a 9 × 9 box (7 mm), of SD
     * {@code coarseSdHu}, as real parenchyma is mottled at scales of several mm.
     */
    EditPhantom(long seed, boolean vessel, double coarseSdHu) {
        VolumeGeometry g = VolumeGeometry.axial(SIZE, new double[] {0, 0, 0}, SPACING);
        ct = HuVolume.allocate(g, (short) 0);
        liver = new BitMask(g);
        BitMask l1 = new BitMask(g);
        BitMask l2 = new BitMask(g);
        SplittableRandom rnd = new SplittableRandom(seed);
        int nx = SIZE[0];
        int ny = SIZE[1];
        for (int k = 0; k < SIZE[2]; k++) {
            double[] white = new double[nx * ny];
            for (int p = 0; p < white.length; p++) {
                white[p] = 30 * gaussian(rnd);
            }
            double[] coarse = coarseSdHu > 0 ? new double[nx * ny] : null;
            for (int p = 0; coarse != null && p < coarse.length; p++) {
                coarse[p] = 9 * coarseSdHu * gaussian(rnd);
            }
            short[] s = ct.slice(k);
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double noise = box(white, i, j, 1) + (coarse == null ? 0 : box(coarse, i, j, 4));
                    double x = (i - 80) * SPACING[0] / 55;
                    double y = (j - 70) * SPACING[1] / 45;
                    double z = (k - 8) * SPACING[2] / 22;
                    double hu = 40;
                    if (x * x + y * y + z * z <= 1) {
                        hu = 100 + 4 * Math.sin(i / 15.0);
                        liver.set(i, j, k, true);
                        if (vessel && Math.abs(j - VESSEL_ROW) * SPACING[1] <= VESSEL_RADIUS_MM && Math.abs(k - 8) <= 1) {
                            hu = 200;
                        }
                        if (inside(LESIONS[0], i, j, k)) {
                            hu = 50;
                            l1.set(i, j, k, true);
                        } else if (inside(LESIONS[1], i, j, k)) {
                            hu = 50;
                            l2.set(i, j, k, true);
                        }
                    }
                    s[j * nx + i] = (short) Math.round(hu + noise);
                }
            }
        }
        lesions = List.of(l1, l2);
    }

    /** Mean of {@code a} over the (2r + 1)² square around (i, j), clamped at the edges. */
    private static double box(double[] a, int i, int j, int r) {
        double sum = 0;
        int n = (2 * r + 1) * (2 * r + 1);
        for (int dj = -r; dj <= r; dj++) {
            for (int di = -r; di <= r; di++) {
                int ii = Math.max(0, Math.min(SIZE[0] - 1, i + di));
                int jj = Math.max(0, Math.min(SIZE[1] - 1, j + dj));
                sum += a[jj * SIZE[0] + ii] / n;
            }
        }
        return sum;
    }

    EditScene scene() {
        return new EditScene(ct, liver, lesions, EditScene.LIVER_FROM_SEG);
    }

    private static boolean inside(double[] l, int i, int j, int k) {
        double dx = (i - l[0]) * SPACING[0];
        double dy = (j - l[1]) * SPACING[1];
        double dz = (k - l[2]) * SPACING[2];
        return dx * dx + dy * dy + dz * dz <= l[3] * l[3];
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
