package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

/** Folding batch norm into the convolutions keeps the network's function (eval mode). */
class BatchNormFoldingTest {
    @Test
    void foldedNetworkGivesTheSameLogitsOnRandomInput() {
        InferenceEngine engine = InferenceEngine.start(Device.CPU, m -> { });
        Random random = new Random(20261127);
        Shape shape = new Shape(2, 3, 32, 32);
        try (NDManager m = engine.newManager()) {
            UNet2d net = new UNet2d(3, 3, 4, 8, 8);
            net.initialize(m, DataType.FLOAT32, shape);
            // trained-looking statistics (without them folding would be the identity), He-scaled weights
            for (Parameter p : net.getParameters().values()) {
                float[] v = new float[(int) p.getArray().size()];
                double he = Math.sqrt(2.0 * p.getArray().getShape().get(0) / v.length);
                for (int i = 0; i < v.length; i++) {
                    double g = random.nextGaussian();
                    v[i] = (float) switch (p.getName()) {
                        case "gamma" -> 0.5 + random.nextDouble();
                        case "runningVar" -> 0.5 + 1.5 * random.nextDouble();
                        case "runningMean", "beta" -> 0.5 * g;
                        default -> he * g;
                    };
                }
                p.getArray().set(v);
            }
            UNet2d folded = net.withBatchNormFolded(m, shape);
            assertTrue(folded.getParameters().size() < net.getParameters().size(), "batch norm parameters are gone");
            float[] x = new float[(int) shape.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] want = logits(net, m, x, shape);
            float[] got = logits(folded, m, x, shape);
            assertEquals(want.length, got.length);
            double worst = 0;
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1.0, Math.abs(want[i])));
            }
            assertTrue(worst <= 1e-4, "largest relative logit difference " + worst);
        }
    }

    private static float[] logits(UNet2d net, NDManager m, float[] x, Shape shape) {
        try (NDManager sub = m.newSubManager()) {
            return net.forward(new ParameterStore(sub, false), new NDList(sub.create(x, shape)), false).singletonOrThrow()
                    .toFloatArray();
        }
    }
}
