package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;

/**
 * The divergence watch of {@link UNetTrainingLoop}: a run from trained weights that makes the
 * network worse on its fixed probe batch is given up and restarted at half the learning rate, and
 * fails without weights when every attempt diverges; a healthy run is left alone.
 */
@Timeout(300)
class UNetTrainingLoopGuardTest {
    private static final int N = 16;
    private static final int BATCH = 4;
    private static final Shape INPUT = new Shape(BATCH, 1, N, N);
    private static final Shape LABELS = new Shape(BATCH, N, N);

    @TempDir
    static Path tmp;
    private static Path trained;
    private static final InferenceEngine ENGINE = InferenceEngine.start(Device.CPU, m -> { });

    /** A bright disk of random place and size on a dark noisy ground; label 1 on the disk (or off it, inverted). */
    private static UNetTrainingLoop.Batch disks(SplittableRandom r, boolean inverted, boolean nan) {
        float[] x = new float[BATCH * N * N];
        float[] y = new float[BATCH * N * N];
        for (int b = 0; b < BATCH; b++) {
            double ci = 4 + r.nextDouble() * 8;
            double cj = 4 + r.nextDouble() * 8;
            double rad = 2 + r.nextDouble() * 3;
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    boolean in = Math.hypot(i - ci, j - cj) < rad;
                    int q = b * N * N + j * N + i;
                    x[q] = nan ? Float.NaN : (in ? 1f : 0f) + (float) (0.1 * r.nextGaussian());
                    y[q] = in != inverted ? 1 : 0;
                }
            }
        }
        return new UNetTrainingLoop.Batch(x, INPUT, List.of(y), List.of(LABELS));
    }

    private static UNetTrainingLoop loop(int steps, float lr, Path start, String name, StringBuilder log) {
        ObjectNode record = new ObjectMapper().createObjectNode().put("steps", steps).put("learningRate", (double) lr);
        return new UNetTrainingLoop(new UNetTrainingLoop.Recipe(steps, lr, lr / 100, 11, 0x7E57L, steps,
                tmp.resolve(name + "-checkpoints"), "tiny", "liverlens-test-checkpoint/1", record, start, "test"),
                line -> log.append(line).append('\n'));
    }

    private static UNetTrainingLoop.Result run(UNetTrainingLoop loop, UNetTrainingLoop.Batches batches, Path weights) {
        return loop.run(() -> new UNet2d(1, 2, 4, 8), ENGINE, new Training.SegmentationLoss(), INPUT, batches, weights,
                new Cancellation());
    }

    @BeforeAll
    static void trainStartWeights() {
        trained = tmp.resolve("trained.params");
        StringBuilder log = new StringBuilder();
        UNetTrainingLoop.Result r = run(loop(150, 1e-2f, null, "pretrain", log), (rnd, step) -> disks(rnd, false, false),
                trained);
        assertTrue(r.restarts().isEmpty(), log.toString());
        assertFalse(log.toString().contains("probe"), "a run from random weights has nothing to compare with: " + log);
    }

    @Test
    void aHealthyFineTuneIsWatchedAndLeftAlone() {
        StringBuilder log = new StringBuilder();
        Path out = tmp.resolve("healthy.params");
        UNetTrainingLoop.Result r = run(loop(60, 2e-3f, trained, "healthy", log), (rnd, step) -> disks(rnd, false, false),
                out);
        assertTrue(r.restarts().isEmpty(), log.toString());
        assertEquals(2e-3f, r.learningRate());
        assertTrue(log.toString().contains("probe loss at the start"), log.toString());
        assertTrue(log.toString().contains("step 60/60") && log.toString().contains(", probe "), log.toString());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void aRunThatMakesTheNetworkWorseOnItsProbeIsRestartedAndFailsWithoutWeightsWhenItNeverSettles() {
        StringBuilder log = new StringBuilder();
        Path out = tmp.resolve("diverging.params");
        // the probe (drawn as step 0) is labelled as the network was trained; the steps teach the opposite
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(loop(200, 4e-2f, trained,
                "diverging", log), (rnd, step) -> disks(rnd, step > 0, false), out));
        assertTrue(e.userMessage().contains("training diverged 3 times"), e.userMessage());
        assertTrue(e.userMessage().contains("the probe loss rose from"), e.userMessage());
        assertTrue(e.hint().orElse("").contains("lower --lr than 0.005"), e.hint().toString());
        assertTrue(log.toString().contains("restarting from " + trained + " at learning rate 0.02"), log.toString());
        assertTrue(log.toString().contains("at learning rate 0.01 "), log.toString());
        assertFalse(log.toString().contains("step 200/200"), "each attempt stopped early: " + log);
        assertFalse(Files.exists(out), "no weights are written");
    }

    @Test
    void aLossThatIsNotANumberRestartsAtHalfTheRateAndTheNewAttemptsCheckpointsRecordIt() throws Exception {
        StringBuilder log = new StringBuilder();
        Path out = tmp.resolve("nan.params");
        AtomicBoolean once = new AtomicBoolean();
        UNetTrainingLoop.Result r = run(loop(30, 2e-3f, trained, "nan", log),
                (rnd, step) -> disks(rnd, false, step == 3 && once.compareAndSet(false, true)), out);
        assertEquals(1e-3f, r.learningRate(), log.toString());
        assertEquals(1, r.restarts().size());
        assertTrue(r.restarts().get(0).contains("the loss of step 3 is NaN"), r.restarts().toString());
        assertTrue(Files.isRegularFile(out));
        String record = Files.readString(tmp.resolve("nan-checkpoints/tiny-step30.json"));
        assertEquals(1e-3f, (float) new ObjectMapper().readTree(record).get("learningRate").asDouble(), record);
    }
}
