package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.CancelledException;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;

/** The inference machinery with a tiny untrained network: geometry, tiling, refusals, cancellation. */
class SegmenterMachineryTest {
    @TempDir
    Path tmp;

    @Test
    void cpuPassesTheNumericSelfTest() {
        InferenceEngine e = InferenceEngine.start(Device.CPU, m -> { });
        assertNull(InferenceEngine.selfTest(e.engine(), ai.djl.Device.cpu()));
        assertEquals(ai.djl.Device.cpu(), e.device());
    }

    @Test
    void theSelfTestReferenceIsAPlainConvolution() {
        // one channel 3×3 of 1…9, kernel of ones, bias 0.5: the centre sums all nine, a corner its four neighbours
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = new float[9];
        java.util.Arrays.fill(w, 1);
        float[] out = InferenceEngine.referenceConv(x, w, new float[] {0.5f}, 1, 3, 3, 1);
        assertEquals(45.5f, out[4]);
        assertEquals(1 + 2 + 4 + 5 + 0.5f, out[0]);
        assertArrayEquals(new float[] {19, 22, 43, 50}, InferenceEngine.referenceMatMul(new float[] {1, 2, 3, 4},
                new float[] {5, 6, 7, 8}, 2, 2, 2));
    }

    @Test
    void autoFallsBackToTheCpuAndSaysSo() {
        List<String> notices = new ArrayList<>();
        InferenceEngine e = InferenceEngine.start(Device.AUTO, notices::add);
        if (e.device().isGpu()) {
            return; // a machine with a working CUDA libtorch: nothing to fall back from
        }
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).contains("running on the CPU"), notices.get(0));
    }

    @Test
    void gpuWithoutCudaIsRefusedWithAHint() {
        InferenceEngine cpu = InferenceEngine.start(Device.CPU, m -> { });
        if (cpu.engine().getGpuCount() > 0) {
            return;
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> InferenceEngine.start(Device.GPU, m -> { }));
        assertTrue(e.getMessage().contains("the GPU cannot be used"), e.getMessage());
        assertEquals(3, e.exitCode());
        assertTrue(e.userMessage().contains("--device cpu") && e.userMessage().contains("check-gpu"), e.userMessage());
    }

    @Test
    void slidingWindowStartsCoverTheAxisEvenly() {
        assertArrayEquals(new int[] {0}, SlidingWindow.starts(10, 16, 0.5));
        assertArrayEquals(new int[] {0}, SlidingWindow.starts(16, 16, 0.5));
        assertArrayEquals(new int[] {0, 8, 16, 24}, SlidingWindow.starts(40, 16, 0.5));
        assertArrayEquals(new int[] {0, 12, 24}, SlidingWindow.starts(40, 16, 0.25));
    }

    @Test
    void gaussianBlendingReconstructsAConstantExactly() {
        int cols = 37;
        int rows = 23;
        int p = 16;
        float[] weight = SlidingWindow.gaussian(new int[] {p, p}, 0.125);
        float[] sum = new float[cols * rows];
        float[] wsum = new float[cols * rows];
        float[] patch = new float[p * p];
        java.util.Arrays.fill(patch, 0.7f);
        for (int y0 : SlidingWindow.starts(rows, p, 0.5)) {
            for (int x0 : SlidingWindow.starts(cols, p, 0.5)) {
                ModelSegmenter.accumulate(sum, patch, 0, weight, x0, y0, p, p, cols, rows, 0);
                ModelSegmenter.accumulate(wsum, null, 0, weight, x0, y0, p, p, cols, rows, 0);
            }
        }
        for (int q = 0; q < sum.length; q++) {
            assertEquals(0.7f, sum[q] / wsum[q], 1e-6f, "pixel " + q);
        }
    }

    @Test
    void aFiveSliceSeriesSmallerThanThePatchGivesLabelsOnItsOwnGrid() throws IOException {
        ModelPackage pkg = ModelPackage.open(TinyModels.write(tmp.resolve("tiny")), new UserHome(tmp.resolve("home")));
        // 12 × 9 pixels of 5 mm (the model works at 4 mm: 15 × 11 pixels, smaller than its 16-pixel patch), 5 slices
        VolumeGeometry g = VolumeGeometry.axial(new int[] {12, 9, 5}, new double[] {-30, -20, 0}, new double[] {5, 5, 5});
        HuVolume ct = HuVolume.allocate(g, (short) 60);
        List<String> stagesSeen = new ArrayList<>();
        try (ModelSegmenter s = ModelSegmenter.open(pkg, new SegmenterOptions(null, Device.CPU, false, null))) {
            SegmentationResult r = s.segment(ct, Progress.NONE, Cancellation.NONE);
            assertArrayEquals(g.size(), r.labels().geometry().size());
            assertEquals("tiny-test-model", r.model().name());
            stagesSeen.addAll(r.stageSeconds().keySet());
        }
        assertEquals(List.of("resample", "inference", "resampleBack", "postprocess", "lesionRules"), stagesSeen);
    }

    @Test
    void cancellingStopsTheSegmentation() throws IOException {
        ModelPackage pkg = ModelPackage.open(TinyModels.write(tmp.resolve("tiny")), new UserHome(tmp.resolve("home")));
        HuVolume ct = HuVolume.allocate(VolumeGeometry.axial(new int[] {32, 32, 4}, new double[] {0, 0, 0},
                new double[] {4, 4, 4}), (short) 0);
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        try (ModelSegmenter s = ModelSegmenter.open(pkg, new SegmenterOptions(null, Device.CPU, false, null))) {
            assertThrows(CancelledException.class, () -> s.segment(ct, Progress.NONE, cancel));
        }
    }

    @Test
    void mirrorTtaIsSwitchedOffForAModelWithoutMirrorAxes() throws IOException {
        ModelPackage pkg = ModelPackage.open(TinyModels.write(tmp.resolve("tiny")), new UserHome(tmp.resolve("home")));
        List<String> notices = new ArrayList<>();
        try (ModelSegmenter s = ModelSegmenter.open(pkg, new SegmenterOptions(null, Device.CPU, true, notices::add))) {
            assertTrue(notices.stream().anyMatch(n -> n.contains("declares no mirror axes")), notices.toString());
        }
    }

    @Test
    void aNonCtSeriesIsRefusedByModality() {
        ScanResult scan = new DicomScanner().scan(TestData.path("pydicom-data/MR_small.dcm"), Progress.NONE, Cancellation.NONE);
        String modality = scan.series().get(0).modality();
        ModelSpec spec = ModelPackage.open(tinyPackage(), new UserHome(tmp.resolve("home"))).spec();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelSegmenter.checkModality(modality, spec, Path.of("MR_small.dcm")));
        assertTrue(e.getMessage().contains("segments CT") && e.getMessage().contains("MR"), e.getMessage());
    }

    private Path tinyPackage() {
        try {
            return TinyModels.write(tmp.resolve("tiny-" + System.nanoTime()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
