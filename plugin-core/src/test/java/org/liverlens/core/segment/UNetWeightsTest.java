package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.work.InvalidInputException;

/**
 * The parameter count computed from a U-Net's layout (what the memory check and the weights-size
 * check rely on, before allocating) against DJL's own count of an initialised network, and the
 * weights-file checks.
 */
class UNetWeightsTest {
    @TempDir
    Path tmp;

    private static long djlCount(UNet2d net, NDManager m, int patch) {
        net.initialize(m, DataType.FLOAT32, new Shape(1, net.inChannels(), patch, patch));
        return net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    @Test
    void parameterCountFromTheLayoutIsDjlsCount() {
        InferenceEngine engine = InferenceEngine.start(Device.CPU, m -> { });
        try (NDManager m = engine.newManager()) {
            assertEquals(djlCount(new UNet2d(3, 3, 2, 4), m, 16), UNet2d.parameterCount(3, 3, 2, 4));
            assertEquals(djlCount(new UNet2d(1, 5, 3, 5, 7), m, 16), UNet2d.parameterCount(1, 5, 3, 5, 7));
            assertEquals(djlCount(DefaultModel.network(), m, 32), UNet2d.parameterCount(3, 3, DefaultModel.WIDTHS));
            UNet2d deep = new UNet2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
            djlCount(deep, m, 128);
            assertEquals(deep.getParameters().size(), UNet2d.parameterTensors(8));
        }
    }

    @Test
    void theDeepestAllowedNetworksFileFitsItsSizeCheck() {
        int[] widths = {1, 1, 1, 1, 1, 1, 1, 1}; // the most tensors (headers), the fewest values
        InferenceEngine engine = InferenceEngine.start(Device.CPU, m -> { });
        UNet2d net = new UNet2d(3, 3, widths);
        try (NDManager m = engine.newManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 128, 128));
            Training.saveWeights(net, tmp.resolve("deep.params"));
        }
        UNetWeights.checkSize(tmp.resolve("deep.params"), 3, 3, widths, "n/a");
    }

    @Test
    void aTruncatedWeightsFileIsRefusedBySize() throws IOException {
        Path pkg = TinyModels.write(tmp.resolve("tiny"));
        byte[] w = Files.readAllBytes(pkg.resolve("tiny.params"));
        Path cut = Files.write(tmp.resolve("cut.params"), java.util.Arrays.copyOf(w, w.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> UNetWeights.checkSize(cut, 3, 3, TinyModels.WIDTHS, "n/a"));
        assertTrue(e.getMessage().contains("the file has " + String.format(java.util.Locale.ROOT, "%,d", w.length / 2)), e.getMessage());
    }
}
