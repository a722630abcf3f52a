package org.liverlens.core.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VolumeGeometryTest {

    @Test
    void axialVoxelMapsToHandComputedPosition() {
        // 0697: origin (-207.609, -220.886, -308.187), 0.804688 mm pixels, 5 mm slices.
        VolumeGeometry g = VolumeGeometry.axial(new int[] {512, 512, 44},
                new double[] {-207.609, -220.886, -308.187}, new double[] {0.804688, 0.804688, 5.0});
        // (153, 322, 32): x = -207.609 + 153*0.804688, y = -220.886 + 322*0.804688, z = -308.187 + 160
        assertArrayEquals(new double[] {-84.491736, 38.223536, -148.187}, g.toMm(153, 322, 32), 1e-6);
    }

    @Test
    void toVoxelInvertsToMm() {
        VolumeGeometry g = new VolumeGeometry(new int[] {100, 80, 30}, new double[] {10, -20, 30},
                new double[] {0.7, 0.9, 2.5}, new double[] {0, 1, 0}, new double[] {0, 0, -1}, new double[] {1, 0, 0});
        double[] p = g.toMm(12.5, 7.25, 3);
        assertArrayEquals(new double[] {12.5, 7.25, 3}, g.toVoxel(p[0], p[1], p[2]), 1e-9);
    }

    @Test
    void coronalAxesFollowTheDirections() {
        // Coronal: rows run along +x, columns along -z, slices along +y.
        VolumeGeometry g = new VolumeGeometry(new int[] {4, 4, 4}, new double[] {0, 0, 0},
                new double[] {1, 2, 3}, new double[] {1, 0, 0}, new double[] {0, 0, -1}, new double[] {0, 1, 0});
        assertArrayEquals(new double[] {1, 3, -2}, g.toMm(1, 1, 1), 1e-12);
    }

    @Test
    void gantryTiltKeepsSlicePositions() {
        // k runs 30° off the normal: slice k sits at k*spacing along the tilted axis.
        double c = Math.cos(Math.toRadians(30));
        double s = Math.sin(Math.toRadians(30));
        VolumeGeometry g = new VolumeGeometry(new int[] {8, 8, 5}, new double[] {0, 0, 0},
                new double[] {1, 1, 2}, new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, s, c});
        assertArrayEquals(new double[] {0, 2 * 2 * s, 2 * 2 * c}, g.toMm(0, 0, 2), 1e-12);
        double[] v = g.toVoxel(3, 4 + 2 * s, 2 * c);
        assertArrayEquals(new double[] {3, 4, 1}, v, 1e-9);
        // Sheared voxels hold less volume than spacing product: 1 * 1 * 2 * cos(30°) mm³.
        assertEquals(2 * c / 1000, g.voxelVolumeMl(), 1e-12);
    }

    @Test
    void rejectsZeroSpacing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumeGeometry.axial(
                new int[] {2, 2, 2}, new double[3], new double[] {1, 0, 1}));
        assertEquals(true, e.getMessage().contains("spacing"));
    }

    @Test
    void huVolumeSlicesAreLiveViews() {
        HuVolume v = HuVolume.allocate(VolumeGeometry.axial(new int[] {3, 2, 2}, new double[3], new double[] {1, 1, 1}),
                (short) -1024);
        v.slice(1)[1 * 3 + 2] = 42;
        assertEquals(42, v.get(2, 1, 1));
        assertEquals(-1024, v.get(0, 0, 0));
        assertEquals(42, v.img().getAt(2, 1, 1).get());
        assertArrayEquals(new short[] {-1024, 42}, v.range());
    }
}
