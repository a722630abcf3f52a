package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** The written series read back through the product's own scanner and loader. */
class LoadBackTest {
    private static final SyntheticCt.Params PARAMS = SyntheticCt.Params.defaults()
            .withSeed(4242)
            .withSize(160, 128, 36)
            .withSpacing(2.4, 5)
            .withNoise(10, true)
            .withLesions(List.of(
                    LesionSpec.random(LesionType.HYPODENSE, 24),
                    LesionSpec.random(LesionType.HYPERDENSE, 20),
                    new LesionSpec(LesionType.HYPODENSE, 16, 35, null)));

    @TempDir
    static Path tmp;
    static SyntheticCt ct;
    static SeriesInfo series;
    static LoadedVolume loaded;
    static NrrdFile labels;
    static NrrdFile lesionIds;

    @BeforeAll
    static void writeAndLoad() throws Exception {
        ct = new SyntheticCt(PARAMS);
        new SyntheticCtWriter(2).write(ct, tmp.resolve("ct"), tmp.resolve("ground-truth"), Progress.NONE);
        ScanResult scan = new DicomScanner(2).scan(tmp.resolve("ct"), Progress.NONE, Cancellation.NONE);
        assertEquals(1, scan.series().size(), "one series");
        assertTrue(scan.skipped().isEmpty(), "no skipped files: " + scan.skipped());
        series = scan.series().get(0);
        Stack stack = series.primaryStack().orElseThrow();
        assertTrue(stack.problems().isEmpty(), "no stack problems: " + stack.problems());
        loaded = new VolumeLoader(2).load(stack, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE);
        labels = NrrdFile.read(tmp.resolve("ground-truth/labels.nrrd"));
        lesionIds = NrrdFile.read(tmp.resolve("ground-truth/lesions.nrrd"));
    }

    @Test
    void loadedGeometryIsTheRequestedGrid() {
        VolumeGeometry g = loaded.volume().geometry();
        assertArrayEquals(new int[] {160, 128, 36}, g.size());
        assertArrayEquals(new double[] {2.4, 2.4, 5}, g.spacingMm(), 1e-6);
        // patient-centred: voxel centres symmetric about 0 in x, y and z
        assertArrayEquals(new double[] {-79.5 * 2.4, -63.5 * 2.4, -17.5 * 5}, g.originMm(), 1e-6);
        assertArrayEquals(new double[] {1, 0, 0}, g.direction(0), 1e-9);
        assertArrayEquals(new double[] {0, 1, 0}, g.direction(1), 1e-9);
        assertArrayEquals(new double[] {0, 0, 1}, g.direction(2), 1e-9);
        assertEquals("CT", series.modality());
        assertEquals(Set.of("1.2.840.10008.1.2.1"), series.primaryStack().orElseThrow().transferSyntaxes());
        assertTrue(loaded.warnings().isEmpty(), "no load warnings: " + loaded.warnings());
    }

    @Test
    void loadedVoxelsEqualTheRenderedSlices() {
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        for (int k : new int[] {0, 17, 35}) {
            ct.renderSlice(k, b);
            assertArrayEquals(b.hu, loaded.volume().slice(k), "slice " + k);
        }
    }

    @Test
    void huAtEachLesionCentreIsTheLesionHu() {
        HuVolume v = loaded.volume();
        for (Lesion l : ct.lesions()) {
            double[] c = v.geometry().toVoxel(l.centreMm()[0], l.centreMm()[1], l.centreMm()[2]);
            int i = (int) Math.round(c[0]);
            int j = (int) Math.round(c[1]);
            int k = (int) Math.round(c[2]);
            double sum = 0;
            for (int dj = -1; dj <= 1; dj++) {
                for (int di = -1; di <= 1; di++) {
                    sum += v.get(i + di, j + dj, k);
                }
            }
            double mean = sum / 9;
            assertEquals(l.hu(), mean, 20, "mean HU of 3×3 voxels at the centre of lesion " + l.id() + " " + l);
            assertEquals(Label.LIVER_LESION.value(), labels.voxel(i, j, k), "label at the centre of lesion " + l.id());
            assertEquals(l.id(), lesionIds.voxel(i, j, k), "lesion id at the centre of lesion " + l.id());
        }
        // explicit HU is kept exactly
        assertEquals(35, ct.lesions().get(2).hu());
    }

    @Test
    void everyLesionIsSurroundedByLiver() {
        int[] s = labels.sizes();
        for (int k = 0; k < s[2]; k++) {
            for (int j = 1; j < s[1] - 1; j++) {
                for (int i = 1; i < s[0] - 1; i++) {
                    if (lesionIds.voxel(i, j, k) == 0) {
                        continue;
                    }
                    int[][] around = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};
                    for (int[] n : around) {
                        int label = labels.voxel(n[0], n[1], k);
                        assertTrue(label == Label.LIVER.value() || label == Label.LIVER_LESION.value(),
                                "lesion voxel (" + i + "," + j + "," + k + ") touches label " + label + " ("
                                        + Label.of(label).description() + ") at (" + n[0] + "," + n[1] + ")");
                    }
                }
            }
        }
    }

    @Test
    void lesionsAreHypoOrHyperdenseAgainstTheLiver() {
        double liver = ct.huTable().get(Tissue.LIVER);
        for (Lesion l : ct.lesions()) {
            if (l.type() == LesionType.HYPODENSE) {
                assertTrue(l.hu() < liver - 30, l + " vs liver " + liver);
            } else {
                assertTrue(l.hu() > liver + 20, l + " vs liver " + liver);
            }
        }
    }
}
