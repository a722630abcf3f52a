package org.liverlens.testdicom.inpaint;

import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.testdicom.EarlierCheckpoint;
import org.liverlens.core.inpaint.InpaintNetwork;
import org.liverlens.core.inpaint.InpaintTraining;
import org.liverlens.core.work.Cancellation;

/**
 * {@code train-edit}'s training on one synthetic case (a few steps of a small batch) through the shared
 * loop: it writes the weights and model.json with its recipe, and a run resumed from a checkpoint of
 * step 2 continues to its end, watched for divergence from its start weights.
 */
class TrainEditTest {
    private static InpaintTraining.Options options(Path out, Path ck, Path resume) {
        return new InpaintTraining.Options(out, 3, 2, 4242, 1, 4, 0, null, ck, resume, 0.001f, "0.0.1");
    }

    @Test
    void aShortRunWritesTheModelAndAResumedRunContinuesItWatched(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path ck = Files.createDirectories(dir.resolve("ck"));
        StringWriter log = new StringWriter();
        new InpaintTraining(options(out, ck, null), new PrintWriter(log)).run(Cancellation.NONE);
        assertTrue(log.toString().contains("step 1/3") && log.toString().contains("edit-step3.params")
                && !log.toString().contains("probe"), log.toString());
        assertTrue(Files.isRegularFile(out.resolve(InpaintNetwork.WEIGHTS)));
        String json = Files.readString(out.resolve(InpaintNetwork.MODEL_JSON));
        assertTrue(json.contains("cosine learning rate 1.0e-03") && !json.contains("divergedAttempts"), json);

        Path two = EarlierCheckpoint.of(ck, "edit", 3, 2);
        StringWriter log2 = new StringWriter();
        Path out2 = Files.createDirectories(dir.resolve("out2"));
        new InpaintTraining(options(out2, ck, two), new PrintWriter(log2)).run(Cancellation.NONE);
        assertTrue(log2.toString().contains("resumed from " + two + " after step 2 of 3")
                && log2.toString().contains("probe loss at the start") && log2.toString().contains("step 3/3")
                && !log2.toString().contains("step 1/3"), log2.toString());
        assertTrue(Files.isRegularFile(out2.resolve(InpaintNetwork.WEIGHTS)));
    }
}
