package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.CancelledException;
import org.liverlens.core.work.InvalidInputException;

/**
 * A training run ends, with a clear error, when its synthetic-case producer fails or the run is
 * cancelled while it waits for cases (it used to wait forever), and refuses bad options and
 * {@code --resume} files before it starts. Timeouts here only guard against a hang.
 */
class TrainingFailuresTest {
    @TempDir
    Path tmp;

    private Training.Options options(int steps, int batch, int crop, int synthetic, double realShare, float lr, Path resume) {
        return new Training.Options(tmp.resolve("pkg"), steps, batch, crop, 7, synthetic, realShare, null,
                tmp.resolve("checkpoints"), resume, lr, "0.0.1", null, 0);
    }

    private Training.Options options(Path resume) {
        return options(1, 1, 32, 4, 0, 2e-3f, resume);
    }

    private static PrintWriter quiet() {
        return new PrintWriter(Writer.nullWriter());
    }

    @Test
    @Timeout(120)
    void aProducerThatThrowsEndsTheRunWithThatError() {
        IllegalStateException broke = new IllegalStateException("the generator broke");
        Training t = new Training(options(null), quiet(), seed -> {
            throw broke;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.run(new Cancellation()));
        assertSame(broke, e.getCause());
        assertTrue(e.getMessage().contains("making synthetic training case 1 (seed 7) failed after 0 case(s)"),
                e.getMessage());
    }

    @Test
    @Timeout(120)
    void aProducerRefusingItsInputKeepsTheInvalidInputExit() {
        InvalidInputException refused = new InvalidInputException("no generator data", tmp, "install it");
        Training t = new Training(options(null), quiet(), seed -> {
            throw refused;
        });
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.run(new Cancellation()));
        assertSame(refused, e.getCause());
        assertTrue(e.userMessage().contains("install it"), e.userMessage());
    }

    @Test
    @Timeout(120)
    void cancellingWhileWaitingForCasesEndsTheRun() {
        Cancellation cancel = new Cancellation();
        CountDownLatch never = new CountDownLatch(1);
        Training t = new Training(options(null), quiet(), seed -> {
            cancel.cancel(); // the user presses Ctrl-C while the first case is being made, and it never comes
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThrows(CancelledException.class, () -> t.run(cancel));
    }

    @ParameterizedTest
    @CsvSource({
        "--steps,     0,  16, 160, 100, 0.15, 0.002",
        "--batch,     1,   0, 160, 100, 0.15, 0.002",
        "--batch,     1,  -4, 160, 100, 0.15, 0.002",
        "--batch,     1, 100000, 160, 100, 0.15, 0.002",
        "--crop,      1,  16,  40, 100, 0.15, 0.002",
        "--crop,      1,  16, 65536, 100, 0.15, 0.002",
        "--synthetic, 1,  16, 160,   0, 0.15, 0.002",
        "--real-share, 1, 16, 160, 100, 1.5,  0.002",
        "--real-share, 1, 16, 160, 100, -0.1, 0.002",
        "--real-share, 1, 16, 160, 100, NaN,  0.002",
        "--lr,        1,  16, 160, 100, 0.15, NaN",
        "--lr,        1,  16, 160, 100, 0.15, 0",
    })
    void anOptionOutsideItsRangeIsRefusedNamingIt(String option, int steps, int batch, int crop, int synthetic,
                                                  double realShare, float lr) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> options(steps, batch, crop, synthetic, realShare, lr, null));
        assertTrue(e.getMessage().startsWith(option + " is "), e.getMessage());
    }

    @Test
    void aMissingResumeFileIsRefusedBeforeStart() {
        Training t = new Training(options(tmp.resolve("unet-step250.params")), quiet());
        InvalidInputException e = assertThrows(InvalidInputException.class, t::checkBeforeStart);
        assertTrue(e.userMessage().contains("unet-step250.params: --resume: no such file"), e.userMessage());
    }

    @Test
    void aResumeFileOfOtherWidthsIsRefusedBeforeStart() throws IOException {
        Path tiny = TinyModels.write(tmp.resolve("tiny")).resolve("tiny.params");
        Training t = new Training(options(tiny), quiet());
        InvalidInputException e = assertThrows(InvalidInputException.class, t::checkBeforeStart);
        assertTrue(e.getMessage().contains("the weights do not fit"), e.getMessage());
        assertTrue(e.userMessage().contains("--resume takes weights of the default network"), e.userMessage());
    }

    @Test
    void aCorruptResumeFileOfTheRightSizeIsRefusedWhenLoaded() throws IOException {
        UNet2d net = DefaultModel.network();
        // the size of a real checkpoint (127 bytes of header per tensor), filled with noise
        long bytes = UNet2d.parameterCount(3, 3, DefaultModel.WIDTHS) * 4 + 127L * UNet2d.parameterTensors(5);
        byte[] noise = new byte[(int) bytes];
        new Random(1).nextBytes(noise);
        Path corrupt = Files.write(tmp.resolve("corrupt.params"), noise);
        new Training(options(corrupt), quiet()).checkBeforeStart(); // the size is plausible
        InferenceEngine engine = InferenceEngine.start(Device.CPU, m -> { });
        try (NDManager m = engine.newManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Training.loadWeights(net, m, corrupt));
            assertTrue(e.userMessage().startsWith(corrupt + ": the weights do not fit"), e.userMessage());
        }
    }
}
