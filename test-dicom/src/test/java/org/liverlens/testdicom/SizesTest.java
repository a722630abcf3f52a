package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** Small, non-square and single-slice grids write and load back with the right shape. */
class SizesTest {

    @ParameterizedTest(name = "{0}x{1}x{2} at {3}/{4} mm, {5} lesion(s)")
    @CsvSource({
        "48, 40, 7, 8, 10, 1",
        "64, 17, 3, 6, 5, 0",
        "17, 96, 4, 4, 12, 0",
        "40, 40, 1, 9.6, 2.5, 0",
        "100, 75, 12, 3.84, 15, 2"})
    void smallAndNonSquareGridsWriteAndLoadBack(int columns, int rows, int slices, double pixel, double slice,
                                                  int lesionCount, @TempDir Path tmp) throws Exception {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSize(columns, rows, slices).withSpacing(pixel, slice)
                .withRandomLesions(lesionCount).withLesionDiameterRange(10, 30);
        SyntheticCt ct = new SyntheticCt(p);
        SyntheticCtWriter.Result r = new SyntheticCtWriter(2).write(ct, tmp.resolve("ct"), tmp.resolve("ground-truth"),
                Progress.NONE);
        assertEquals(slices, r.files());
        Stack stack = new DicomScanner(2).scan(tmp.resolve("ct"), Progress.NONE, Cancellation.NONE).series().get(0)
                .primaryStack().orElseThrow();
        LoadedVolume v = new VolumeLoader(2).load(stack, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE);
        assertArrayEquals(new int[] {columns, rows, slices}, v.volume().geometry().size());
        assertEquals(rows, stack.rows());
        assertEquals(columns, stack.columns());
        assertArrayEquals(new double[] {pixel, pixel, slice}, v.volume().geometry().spacingMm(), 1e-6);
        NrrdFile labels = NrrdFile.read(tmp.resolve("ground-truth/labels.nrrd"));
        assertArrayEquals(new int[] {columns, rows, slices}, labels.sizes());
        assertEquals(lesionCount, ct.lesions().size());
        for (Lesion l : ct.lesions()) {
            assertTrue(r.lesionVoxels()[l.id()] > 0, "lesion " + l.id() + " is in view");
        }
    }
}
