package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import ai.djl.engine.EngineException;

import org.junit.jupiter.api.Test;
import org.liverlens.core.work.UserHome;

/**
 * What keeps a large batch from crashing a GPU: the memory estimate, the recognition of libtorch's
 * out-of-memory error, and batches run in chunks giving the very probabilities of one pass (checked
 * on the CPU, where the chunking code is the same).
 */
class GpuBatchFallbackTest {
    @Test
    void tilesThatFitUseSeventyPercentOfFreeMemoryAndAtLeastOne() {
        assertEquals(7, PatchNetwork.tilesThatFit(1000, 100));
        assertEquals(1, PatchNetwork.tilesThatFit(10, 100));
    }

    @Test
    void defaultModelTileNeedsTensOfMegabytes() {
        // 3 × 192 × 192 input, widths 32…512: a 40 GB GPU holds hundreds of tiles, a 2 GB one a few
        long bytes = PatchNetwork.unetBytesPerTile(3, 3, new int[] {32, 64, 128, 256, 512}, 192, 192);
        assertTrue(bytes > 20L << 20 && bytes < 100L << 20, bytes + " bytes");
    }

    @Test
    void cudaOutOfMemoryIsRecognisedThroughCauses() {
        EngineException oom = new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.15 GiB total)");
        assertTrue(PatchNetwork.outOfMemory(new RuntimeException("forward failed", oom)));
        assertFalse(PatchNetwork.outOfMemory(new EngineException("shape mismatch")));
    }

    @Test
    void chunkedBatchGivesTheSameProbabilitiesAsOnePass() {
        InferenceEngine engine = InferenceEngine.start(Device.CPU, m -> { });
        ModelPackage pkg = ModelPackage.defaultModel(UserHome.fromEnvironment());
        int p = pkg.spec().inference().patch()[0];
        int c = pkg.spec().input().channels();
        long[] shape = {5, c, p, p};
        float[] input = new float[(int) (5L * c * p * p) + 17]; // longer than the batch, as ModelSegmenter's buffer is
        Random random = new Random(18);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        // two networks in one engine, the first used after the second was loaded (and a collection):
        // a folded parameter that lost its memory to the garbage collector gave NaN here
        try (PatchNetwork whole = PatchNetwork.load(pkg, engine); PatchNetwork chunked = PatchNetwork.load(pkg, engine)) {
            System.gc();
            chunked.limitTiles(2);
            float[] want = whole.predict(input, shape, new int[0]);
            float[] got = chunked.predict(input, shape, new int[0]);
            assertEquals(want.length, got.length);
            assertFalse(Float.isNaN(want[0]), "the network loaded first still computes");
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5f, "probability " + i);
            }
        }
    }
}
