package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.CancelledException;
import org.liverlens.core.work.InvalidInputException;

/**
 * An interrupted training run continues with {@code --resume}: the cancelled run leaves a checkpoint of
 * the last finished step with its record, and the resumed run starts after that step and writes the
 * package; a checkpoint of a run with other options, or of a finished run, is refused.
 */
class TrainingResumeTest {
    @TempDir
    Path tmp;

    /** A 64 × 64 × 12 CT at 2 mm with a liver-like block and a small lesion in it. */
    private static LabelledCt tinyCase(long seed) {
        VolumeGeometry g = VolumeGeometry.axial(new int[] {64, 64, 12}, new double[] {-64, -64, 0},
                new double[] {2, 2, 5});
        HuVolume hu = HuVolume.allocate(g, (short) -1000);
        LabelVolume labels = new LabelVolume(g);
        for (int k = 0; k < 12; k++) {
            for (int j = 8; j < 56; j++) {
                for (int i = 8; i < 56; i++) {
                    boolean liver = i > 20 && j > 16 && j < 48 && k > 2 && k < 10;
                    boolean lesion = liver && Math.hypot(i - 34, j - 32) < 5 && k > 4 && k < 8;
                    hu.set(i, j, k, (short) (lesion ? 20 : liver ? 100 : 40));
                    labels.set(i, j, k, lesion ? 2 : liver ? 1 : 0);
                }
            }
        }
        return new LabelledCt("tiny-" + seed, hu, labels, true);
    }

    private Training.Options options(int steps, Path resume) {
        return new Training.Options(tmp.resolve("pkg"), steps, 2, 32, 7, 2, 0, null, tmp.resolve("checkpoints"),
                resume, 2e-3f, "0.0.1", null, 0);
    }

    @Test
    @Timeout(300)
    void aCancelledRunLeavesACheckpointThatResumeContinuesAfterItsStep() throws Exception {
        Cancellation cancel = new Cancellation();
        Writer cancelAfterFirstStep = new Writer() {
            @Override
            public void write(char[] b, int off, int len) {
                if (new String(b, off, len).contains("step 1/4 ")) {
                    cancel.cancel(); // Ctrl-C during step 2
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Training first = new Training(options(4, null), new PrintWriter(cancelAfterFirstStep), TrainingResumeTest::tinyCase);
        assertThrows(CancelledException.class, () -> first.run(cancel));
        Path checkpoint = tmp.resolve("checkpoints/unet-step1.params");
        assertTrue(Files.isRegularFile(checkpoint), "the cancelled run saved the step it had finished");
        assertTrue(Files.readString(tmp.resolve("checkpoints/unet-step1.json")).contains("\"step\" : 1"));

        StringWriter log = new StringWriter();
        new Training(options(4, checkpoint), new PrintWriter(log), TrainingResumeTest::tinyCase).run(new Cancellation());
        assertTrue(log.toString().contains("resumed from " + checkpoint + " after step 1 of 4"), log.toString());
        assertTrue(!log.toString().contains("step 1/4 "), "step 1 is not trained again: " + log);
        assertTrue(Files.isRegularFile(tmp.resolve("pkg/model.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("checkpoints/unet-step4.json")));
    }

    @Test
    @Timeout(300)
    void aCheckpointOfARunWithOtherOptionsOrOfAFinishedRunIsRefused() {
        new Training(options(2, null), new PrintWriter(Writer.nullWriter()), TrainingResumeTest::tinyCase)
                .run(new Cancellation());
        Path done = tmp.resolve("checkpoints/unet-step2.params");
        InvalidInputException finished = assertThrows(InvalidInputException.class,
                () -> TrainingCheckpoint.stepsDone(done, options(2, done)));
        assertTrue(finished.userMessage().contains("at step 2 of 2: nothing is left to train"), finished.userMessage());
        InvalidInputException other = assertThrows(InvalidInputException.class,
                () -> TrainingCheckpoint.stepsDone(done, options(6, done)));
        assertTrue(other.userMessage().contains("other options: steps 2 (now 6)"), other.userMessage());
        assertEquals(0, TrainingCheckpoint.stepsDone(tmp.resolve("pkg/unet.params"), options(6, null)),
                "a package's weights without a record only give start weights");
    }
}
