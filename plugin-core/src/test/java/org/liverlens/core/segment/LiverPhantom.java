package org.liverlens.core.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * A liver phantom for the lesion detector's tests, built voxel by voxel with a fixed seed: fat
 * around an ellipsoidal liver of 100 HU with Gaussian noise, optional enhancing vessels (tubes of
 * 190 HU along z and along x) and spherical lesions of given HU, each known as a mask. 0.8 mm pixels,
 * 2.5 mm slices (the thick-slice case the detector must handle in mm).
 */
final class LiverPhantom {
    static final double PIXEL_MM = 0.8;
    static final double SLICE_MM = 2.5;
    static final int SIZE = 200;
    static final int SLICES = 32;
    /** Liver ellipsoid centre and semi-axes, mm. */
    static final double[] CENTRE = {80, 80, 40};
    static final double[] AXES = {62, 55, 34};
    static final double LIVER_HU = 100;
    static final double VESSEL_HU = 190;
    static final double VESSEL_RADIUS_MM = 2.5;

    final HuVolume ct;
    final BitMask liver;
    final List<BitMask> lesions = new ArrayList<>();
    final List<BitMask> vessels = new ArrayList<>();
    private final double[][][] hu;

    LiverPhantom() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {SIZE, SIZE, SLICES}, new double[] {0, 0, 0},
                new double[] {PIXEL_MM, PIXEL_MM, SLICE_MM});
        ct = HuVolume.allocate(g, (short) -100);
        liver = new BitMask(g);
        hu = new double[SLICES][SIZE][SIZE];
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < SIZE; j++) {
                for (int i = 0; i < SIZE; i++) {
                    double[] mm = mm(i, j, k);
                    double r = 0;
                    for (int d = 0; d < 3; d++) {
                        r += Math.pow((mm[d] - CENTRE[d]) / AXES[d], 2);
                    }
                    if (r <= 1) {
                        liver.set(i, j, k, true);
                        hu[k][j][i] = LIVER_HU;
                    } else {
                        hu[k][j][i] = -100;
                    }
                }
            }
        }
    }

    static double[] mm(int i, int j, int k) {
        return new double[] {i * PIXEL_MM, j * PIXEL_MM, k * SLICE_MM};
    }

    /** A vessel through the liver along z at (x, y) mm. */
    LiverPhantom vesselAlongZ(double x, double y) {
        return paintVessel((i, j, k) -> Math.hypot(mm(i, j, k)[0] - x, mm(i, j, k)[1] - y));
    }

    /** A vessel through the liver along x at (y, z) mm. */
    LiverPhantom vesselAlongX(double y, double z) {
        return paintVessel((i, j, k) -> Math.hypot(mm(i, j, k)[1] - y, mm(i, j, k)[2] - z));
    }

    private interface Distance {
        double mm(int i, int j, int k);
    }

    private LiverPhantom paintVessel(Distance d) {
        BitMask m = new BitMask(ct.geometry());
        forLiver((i, j, k) -> {
            if (d.mm(i, j, k) <= VESSEL_RADIUS_MM) {
                hu[k][j][i] = VESSEL_HU;
                m.set(i, j, k, true);
            }
        });
        vessels.add(m);
        return this;
    }

    /** The voxels of vessel {@code index} (one along x) from {@code fromMm} to {@code toMm} in x. */
    BitMask vesselPieceAlongX(int index, double fromMm, double toMm) {
        BitMask vessel = vessels.get(index);
        BitMask piece = new BitMask(ct.geometry());
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < SIZE; j++) {
                for (int i = (int) Math.round(fromMm / PIXEL_MM); i < Math.round(toMm / PIXEL_MM); i++) {
                    if (vessel.get(i, j, k)) {
                        piece.set(i, j, k, true);
                    }
                }
            }
        }
        return piece;
    }

    /** A ball of {@code radiusMm} at (x, y, z) mm as a mask, only its voxels in the liver when {@code inLiver}; the CT is not changed. */
    BitMask ball(double x, double y, double z, double radiusMm, boolean inLiver) {
        VolumeGeometry g = ct.geometry();
        BitMask m = new BitMask(g);
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    double[] p = mm(i, j, k);
                    if ((!inLiver || liver.get(i, j, k)) && Math.hypot(Math.hypot(p[0] - x, p[1] - y), p[2] - z) <= radiusMm) {
                        m.set(i, j, k, true);
                    }
                }
            }
        }
        return m;
    }

    /** A spherical lesion of {@code lesionHu} and radius {@code radiusMm} centred at (x, y, z) mm, inside the liver. */
    LiverPhantom lesion(double x, double y, double z, double radiusMm, double lesionHu) {
        BitMask m = new BitMask(ct.geometry());
        forLiver((i, j, k) -> {
            double[] p = mm(i, j, k);
            if (Math.hypot(Math.hypot(p[0] - x, p[1] - y), p[2] - z) <= radiusMm) {
                hu[k][j][i] = lesionHu;
                m.set(i, j, k, true);
            }
        });
        lesions.add(m);
        return this;
    }

    private interface Voxel {
        void at(int i, int j, int k);
    }

    private void forLiver(Voxel v) {
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < SIZE; j++) {
                for (int i = 0; i < SIZE; i++) {
                    if (liver.get(i, j, k)) {
                        v.at(i, j, k);
                    }
                }
            }
        }
    }

    /** Writes the HU with Gaussian noise of {@code noiseHu} (seed fixed) into {@link #ct}. */
    LiverPhantom render(double noiseHu, long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < SLICES; k++) {
            for (int j = 0; j < SIZE; j++) {
                for (int i = 0; i < SIZE; i++) {
                    ct.set(i, j, k, (short) Math.round(hu[k][j][i] + noiseHu * rnd.nextGaussian()));
                }
            }
        }
        return this;
    }

    /** The liver as a network would label it: liver everywhere in the organ, optionally tumour on some masks. */
    LabelVolume networkLabels(BitMask... tumour) {
        LabelVolume l = new LabelVolume(ct.geometry());
        l.paint(liver, Segmenter.LIVER);
        for (BitMask t : tumour) {
            l.paint(t, Segmenter.TUMOUR);
        }
        return l;
    }
}
