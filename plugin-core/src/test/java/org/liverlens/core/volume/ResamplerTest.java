package org.liverlens.core.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static final double EPS = 1e-9;

    @Test
    void coarserGridCoversTheSameVoxelEdges() {
        // 4 voxels of 1 mm centred at 0,1,2,3 → edges −0.5…3.5; 2 mm voxels centred at 0.5 and 2.5
        VolumeGeometry g = VolumeGeometry.axial(new int[] {4, 6, 3}, new double[] {0, 10, -5}, new double[] {1, 1, 2});
        VolumeGeometry r = Resampler.gridWithSpacing(g, new double[] {2, 3, Double.NaN});
        assertArrayEquals(new int[] {2, 2, 3}, r.size());
        assertArrayEquals(new double[] {0.5, 11.0, -5}, r.originMm(), EPS);
        assertArrayEquals(new double[] {2, 3, 2}, r.spacingMm(), EPS);
        assertArrayEquals(new double[] {2.5, 14.0, -1}, r.toMm(1, 1, 2), EPS);
    }

    @Test
    void axisAlignedGridOfAFlippedVolumeStartsAtTheRightPosteriorInferiorCorner() {
        // RAS-like NIfTI grid: i runs to the patient's right (−x), j anterior (−y)
        VolumeGeometry g = new VolumeGeometry(new int[] {4, 2, 2}, new double[] {10, 20, 0}, new double[] {1, 1, 3},
                new double[] {-1, 0, 0}, new double[] {0, -1, 0}, new double[] {0, 0, 1});
        // x edges: 10.5 … 6.5, y edges 20.5 … 18.5, z edges −1.5 … 4.5
        VolumeGeometry r = Resampler.axisAlignedGrid(g, new double[] {2, 1, Double.NaN});
        assertArrayEquals(new int[] {2, 2, 2}, r.size());
        assertArrayEquals(new double[] {7.5, 19, 0}, r.originMm(), EPS);
        assertArrayEquals(new double[] {1, 0, 0}, r.direction(0), EPS);
        assertArrayEquals(new double[] {0, 1, 0}, r.direction(1), EPS);
    }

    @Test
    void trilinearReproducesALinearRampAtTheNewCentres() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {8, 8, 4}, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        HuVolume v = HuVolume.allocate(g, (short) 0);
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 8; j++) {
                for (int i = 0; i < 8; i++) {
                    v.set(i, j, k, (short) (10 * i + 100 * j + 1000 * k));
                }
            }
        }
        VolumeGeometry target = Resampler.gridWithSpacing(g, new double[] {2, 2, 2});
        HuVolume r = Resampler.resampled(v, target, (short) -1024);
        // edges −0.5…7.5 (x, y) and −0.5…3.5 (z): 2 mm centres at 0.5, 2.5, 4.5, …; target voxel (1, 2, 1)
        // has its centre at (2.5, 4.5, 2.5) mm = source index (2.5, 4.5, 2.5)
        assertArrayEquals(new double[] {2.5, 4.5, 2.5}, target.toMm(1, 2, 1), EPS);
        assertEquals(25 + 450 + 2500, r.get(1, 2, 1));
    }

    @Test
    void nearestKeepsLabelsAndLeavesOutsideEmpty() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {4, 4, 1}, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        LabelVolume l = new LabelVolume(g);
        l.set(3, 3, 0, 7);
        // a grid shifted by 2 mm in x: its voxel 1 sits on source voxel 3, voxel 2 beyond the edge
        VolumeGeometry t = VolumeGeometry.axial(new int[] {3, 4, 1}, new double[] {2, 0, 0}, new double[] {1, 1, 1});
        LabelVolume r = Resampler.resampledNearest(l, t);
        assertEquals(7, r.get(1, 3, 0));
        assertEquals(0, r.get(2, 3, 0));
        assertEquals(1, r.count(7));
    }

    @Test
    void outsideTheSourceGridIsOutsideHu() {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {2, 2, 1}, new double[] {0, 0, 0}, new double[] {1, 1, 1});
        HuVolume v = HuVolume.allocate(g, (short) 40);
        VolumeGeometry t = VolumeGeometry.axial(new int[] {4, 1, 1}, new double[] {-1, 0, 0}, new double[] {1, 1, 1});
        HuVolume r = Resampler.resampled(v, t, (short) -1024);
        assertEquals(-1024, r.get(0, 0, 0)); // x = −1: more than half a voxel outside
        assertEquals(40, r.get(1, 0, 0));
        assertEquals(40, r.get(2, 0, 0));
        assertEquals(-1024, r.get(3, 0, 0));
    }
}
