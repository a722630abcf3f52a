package org.liverlens.tools.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.TumourProbability;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** The cache of {@code bench lesions}: a case and the network's output come back as they were written. */
class EvaluationCacheTest {
    @TempDir
    Path tmp;

    @Test
    void aCachedCaseReadsBackVoxelForVoxel() throws Exception {
        VolumeGeometry g = new VolumeGeometry(new int[] {7, 5, 3}, new double[] {-10.5, 20, 3.25},
                new double[] {0.7, 0.7, 2.5}, new double[] {1, 0, 0}, new double[] {0, 0.8, -0.6}, new double[] {0, 0.6, 0.8});
        HuVolume ct = HuVolume.allocate(g, (short) -1000);
        LabelVolume ref = new LabelVolume(g);
        LabelVolume out = new LabelVolume(g);
        byte[][] prob = new byte[3][];
        prob[1] = new byte[35];
        for (int p = 0; p < 35; p++) {
            ct.slice(1)[p] = (short) (p * 37 - 600);
            ref.slice(2)[p] = (short) (p % 3);
            prob[1][p] = (byte) (p * 7);
        }
        out.set(3, 2, 1, 2);
        Path f = EvaluationCache.file(tmp, "radcttaceomics 0697 (manual)");
        new EvaluationCache(new LabelledCt("radcttaceomics 0697 (manual)", ct, ref, true), out,
                new TumourProbability(g, prob)).write(f);
        EvaluationCache back = EvaluationCache.read(f);
        assertEquals("radcttaceomics 0697 (manual)", back.kase().name());
        assertTrue(back.kase().tumourLabelled());
        assertArrayEquals(g.size(), back.kase().ct().geometry().size());
        assertArrayEquals(g.direction(1), back.kase().ct().geometry().direction(1));
        assertArrayEquals(g.originMm(), back.kase().ct().geometry().originMm());
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(ct.slice(k), back.kase().ct().slice(k));
        }
        assertTrue(back.kase().labels().sameLabels(ref));
        assertTrue(back.labels().sameLabels(out));
        assertNull(back.tumour().slice(0));
        assertArrayEquals(prob[1], back.tumour().slice(1));
    }

    @Test
    void aLongSyntheticCaseNameGetsAFileNameTheFileSystemTakesAndTwoCasesTwoFiles() throws Exception {
        String a = "synthetic-900000 (synthetic abdominal CT, seed 900000, 383×383×216, 0.951 mm pixels, 1.25 mm "
                + "slices, arterial phase, 0 lesion(s) (0 hypodense, 0 hyperdense), noise 26.5 HU, randomised: liver "
                + "-8 HU, texture 0 HU/6 mm, stomach fluid and gas, 4 synthesised lesion(s))";
        String b = a.replace("4 synthesised", "5 synthesised");
        Path fa = BenchSupport.caseFile(tmp, a, ".nrrd");
        Path fb = BenchSupport.caseFile(tmp, b, ".nrrd");
        assertTrue(fa.getFileName().toString().length() <= 120, fa.toString());
        assertTrue(!fa.equals(fb), "names that differ only past the cut still get two files");
        java.nio.file.Files.writeString(fa, "x"); // the file system takes it
        assertEquals(tmp.resolve("radcttaceomics_0697__manual_.llec.gz"),
                EvaluationCache.file(tmp, "radcttaceomics 0697 (manual)"), "short names keep their file as before");
    }
}
