package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liverlens.core.seg.LabelMapFixtures.DCMQI;
import static org.liverlens.core.seg.LabelMapFixtures.DCMQI_CT;
import static org.liverlens.core.seg.LabelMapFixtures.TS_CT_DICOM;
import static org.liverlens.core.seg.LabelMapFixtures.TS_CT_DICOM_RAW;
import static org.liverlens.core.seg.LabelMapFixtures.TS_DCM2NIIX;
import static org.liverlens.core.seg.LabelMapFixtures.TS_LIVER_PER_K;
import static org.liverlens.core.seg.LabelMapFixtures.TS_SEG;
import static org.liverlens.core.seg.LabelMapFixtures.TS_SEG_DICOM;
import static org.liverlens.core.seg.LabelMapFixtures.ctStack;
import static org.liverlens.core.seg.LabelMapFixtures.data;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

/** Placing label maps on a CT grid by index, derived from the two geometries. */
class LabelMapAlignmentTest {

    @Test
    void totalSegmentatorRowsAreFlippedFromTheGeometry() {
        Stack ct = ctStack(TS_CT_DICOM);
        LabelVolume map = LabelMapIo.read(data(TS_SEG_DICOM));
        LabelMapAlignment a = LabelMapAlignment.between(map.geometry(), ct.geometry(), data(TS_SEG_DICOM));
        assertEquals("a = i, b = 511 − j, c = k", a.describe());
        assertArrayEquals(new int[] {0, 511, 0}, a.mapIndex(0, 0, 0));
        assertTrue(a.maxDeviationMm() < 1e-3, "deviation " + a.maxDeviationMm());

        VolumeGeometry grid = ct.geometry();
        LabelVolume onCt = a.resampled(map, grid);
        assertSame(grid, onCt.geometry());
        assertEquals(366708, onCt.count(5));
        assertArrayEquals(new int[] {104, 190, 0, 281, 374, 19}, onCt.boundingBox(5));
        for (int k = 0; k < 20; k++) {
            assertEquals(TS_LIVER_PER_K[k], onCt.countSlice(5, k), "liver voxels in slice " + k);
        }
        // Labels at the README's named voxels (i, j, k).
        assertEquals(5, onCt.get(256, 256, 19));
        assertEquals(5, onCt.get(180, 280, 10));
        assertEquals(5, onCt.get(150, 300, 0));
        assertEquals(52, onCt.get(262, 297, 5));
        assertEquals(79, onCt.get(250, 350, 10));
        assertEquals(0, onCt.get(340, 300, 19));
        assertEquals(0, onCt.get(256, 256, 10));
        // Other organs where the README puts them.
        assertArrayEquals(new int[] {291, 245, 0, 392, 377, 19}, onCt.boundingBox(1));
        int[] humerusRight = onCt.boundingBox(70);
        assertArrayEquals(new int[] {14, 319, 50, 355}, new int[] {humerusRight[0], humerusRight[1], humerusRight[3],
            humerusRight[4]});
    }

    @Test
    void dcm2niixCtEqualsTheDicomHuEverywhereAfterMapping() {
        Stack ct = ctStack(TS_CT_DICOM_RAW);
        HuVolume dicom = new VolumeLoader(2).load(ct, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE).volume();
        HuVolume nifti = LabelMapIo.readHu(data(TS_DCM2NIIX));
        LabelMapAlignment a = LabelMapAlignment.between(nifti.geometry(), ct.geometry(), data(TS_DCM2NIIX));
        assertEquals("a = i, b = 511 − j, c = k", a.describe());
        long differing = 0;
        for (int k = 0; k < 20; k++) {
            for (int j = 0; j < 512; j++) {
                for (int i = 0; i < 512; i++) {
                    int[] m = a.mapIndex(i, j, k);
                    if (dicom.get(i, j, k) != nifti.get(m[0], m[1], m[2])) {
                        differing++;
                    }
                }
            }
        }
        assertEquals(0, differing);
        assertEquals(119, dicom.get(180, 280, 10));
    }

    @Test
    void dcmqiNrrdMapsWithoutFlip() {
        Stack ct = ctStack(DCMQI_CT);
        Path file = data(DCMQI + "liver_seg.nrrd");
        LabelVolume map = LabelMapIo.read(file);
        LabelMapAlignment a = LabelMapAlignment.between(map.geometry(), ct.geometry(), file);
        assertTrue(a.isIdentity(), a.describe());
        assertEquals("a = i, b = j, c = k", a.describe());
        LabelVolume onCt = a.resampled(map, ct.geometry());
        assertEquals(107098, onCt.count(1));
        assertArrayEquals(new int[] {79, 145, 0, 350, 366, 2}, onCt.boundingBox(1));
        assertEquals(36233, onCt.countSlice(1, 0));
        assertEquals(35645, onCt.countSlice(1, 1));
        assertEquals(35220, onCt.countSlice(1, 2));
        assertEquals(1, onCt.get(256, 256, 1));
        assertEquals(0, onCt.get(250, 400, 1));
        assertTrue(onCt.sameLabels(map));

        LabelVolume heart = LabelMapAlignment.onto(LabelMapIo.read(data(DCMQI + "heart_seg.nrrd")), ct.geometry(), file);
        assertArrayEquals(new int[] {300, 211, 0, 441, 358, 2}, heart.boundingBox(3));
    }

    @Test
    void mapOnAnotherGridIsRefusedSayingWhatDiffers() {
        Stack ct = ctStack(TS_CT_DICOM);
        Path file = data(TS_SEG);
        LabelVolume map = LabelMapIo.read(file);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabelMapAlignment.onto(map, ct.geometry(), file));
        String m = e.getMessage();
        assertTrue(m.contains("does not match the CT"), m);
        assertTrue(m.contains("size differs (label map 122×101×30, CT 512×512×20)"), m);
        assertTrue(m.contains("spacing differs (label map 3.000×3.000×3.000 mm, CT 0.9766×0.9766×2.000 mm)"), m);
        assertTrue(m.contains("origin differs"), m);
        assertEquals(file, e.file().orElseThrow());
    }

    /** A 6×5×4 CT-like grid with a tilt-free oblique orientation. */
    private static VolumeGeometry ctGrid() {
        double c = Math.cos(0.2);
        double s = Math.sin(0.2);
        return new VolumeGeometry(new int[] {6, 5, 4}, new double[] {-100.5, 20.25, -300}, new double[] {0.7, 0.7, 2.5},
                new double[] {c, s, 0}, new double[] {-s, c, 0}, new double[] {0, 0, 1});
    }

    @Test
    void permutedAndFlippedGridMapsExactly() {
        VolumeGeometry ct = ctGrid();
        // Map axes: a runs along −k (slices, reversed), b along i, c along −j. Origin = CT voxel (0, 4, 3).
        double[] iDir = ct.direction(0);
        double[] jDir = ct.direction(1);
        double[] kDir = ct.direction(2);
        VolumeGeometry mapGrid = new VolumeGeometry(new int[] {4, 6, 5}, ct.toMm(0, 4, 3), new double[] {2.5, 0.7, 0.7},
                neg(kDir), iDir, neg(jDir));
        LabelVolume map = new LabelVolume(mapGrid);
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 6; b++) {
                for (int c = 0; c < 5; c++) {
                    map.set(a, b, c, 1 + a + 10 * b + 100 * c);
                }
            }
        }
        LabelMapAlignment al = LabelMapAlignment.between(mapGrid, ct, Path.of("perm.nii"));
        assertEquals("a = 3 − k, b = i, c = 4 − j", al.describe());
        assertFalse(al.isIdentity());
        LabelVolume onCt = al.resampled(map, ct);
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 5; j++) {
                for (int i = 0; i < 6; i++) {
                    int expected = 1 + (3 - k) + 10 * i + 100 * (4 - j);
                    assertEquals(expected, onCt.get(i, j, k));
                    // and both voxels sit at the same place
                    double[] p = ct.toMm(i, j, k);
                    assertArrayEquals(p, mapGrid.toMm(3 - k, i, 4 - j), 1e-9);
                }
            }
        }
    }

    @Test
    void halfVoxelShiftIsRefusedAsOriginDifference() {
        VolumeGeometry ct = ctGrid();
        double[] o = ct.toMm(0.5, 0, 0);
        VolumeGeometry shifted = new VolumeGeometry(ct.size(), o, ct.spacingMm(), ct.direction(0), ct.direction(1),
                ct.direction(2));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabelMapAlignment.between(shifted, ct, Path.of("shift.nii")));
        assertTrue(e.getMessage().contains("origin differs") && e.getMessage().contains("0.350 mm away"), e.getMessage());
        assertFalse(e.getMessage().contains("size differs"), e.getMessage());
    }

    @Test
    void rotatedGridIsRefusedAsOrientationDifference() {
        VolumeGeometry ct = ctGrid();
        VolumeGeometry axial = VolumeGeometry.axial(ct.size(), ct.originMm(), ct.spacingMm());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabelMapAlignment.between(axial, ct, Path.of("rot.nii")));
        assertTrue(e.getMessage().contains("orientation differs"), e.getMessage());
    }

    @Test
    void slightTiltIsRefusedByVoxelCentreDistance() {
        // 0.5° off: axes still "parallel" for the diagnosis, but far corners move by more than 0.07 mm.
        VolumeGeometry ct = VolumeGeometry.axial(new int[] {512, 512, 3}, new double[] {0, 0, 0}, new double[] {0.7, 0.7, 1});
        double t = Math.toRadians(0.5);
        VolumeGeometry tilted = new VolumeGeometry(ct.size(), ct.originMm(), ct.spacingMm(),
                new double[] {Math.cos(t), Math.sin(t), 0}, new double[] {-Math.sin(t), Math.cos(t), 0}, new double[] {0, 0, 1});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabelMapAlignment.between(tilted, ct, Path.of("tilt.nii")));
        assertTrue(e.getMessage().contains("voxel centres differ by up to"), e.getMessage());
    }

    @Test
    void roundingOfOriginWithinToleranceIsAccepted() {
        // dcmqi writes (-235.2,-226.8,-128.69) for a CT at (-235.199997,-226.800003,-128.690002).
        VolumeGeometry ct = ctStack(DCMQI_CT).geometry();
        VolumeGeometry rounded = VolumeGeometry.axial(ct.size(), new double[] {-235.2, -226.8, -128.69}, ct.spacingMm());
        LabelMapAlignment a = LabelMapAlignment.between(rounded, ct, Path.of("r.nrrd"));
        assertTrue(a.isIdentity());
        assertTrue(a.maxDeviationMm() < 1e-4, "deviation " + a.maxDeviationMm());
    }

    private static double[] neg(double[] v) {
        return new double[] {-v[0], -v[1], -v[2]};
    }
}
