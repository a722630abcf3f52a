package org.liverlens.testdicom.promptnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.testdicom.EarlierCheckpoint;
import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.promptnet.LearnedPrompt;
import org.liverlens.core.promptnet.PromptNet;
import org.liverlens.core.promptnet.PromptNetTraining;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.PromptModelSpec;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.testdicom.SyntheticTrainingCases;


/**
 * {@code train-prompt}'s training on one synthetic case (a few steps of a small batch): it writes a
 * prompt model package that opens and segments, and a run resumed from a checkpoint of step 2
 * continues to its end with the same recipe; another recipe is refused.
 */
class TrainPromptTest {
    private static PromptNetTraining.Options options(Path out, Path ck, int steps, Path resume) {
        return new PromptNetTraining.Options(out, steps, 2, 4242, 1, 0, null, ck, resume, 0.002f, "0.0.1",
                PromptNetTraining.FAINT_SHARE, PromptNetTraining.PARENCHYMA_SHARE);
    }

    @Test
    void aShortRunWritesAPackageThatSegmentsAndAResumedRunContinuesIt(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path ck = Files.createDirectories(dir.resolve("ck"));
        StringWriter log = new StringWriter();
        new PromptNetTraining(options(out, ck, 3, null), new PrintWriter(log)).run(Cancellation.NONE);
        assertTrue(log.toString().contains("step 1/3") && log.toString().contains("prompt-step3.params"), log.toString());
        PromptModelSpec spec = PromptModelSpec.open(out);
        assertEquals(PromptModelSpec.D2_5, spec.dimensionality());
        try (PromptNet net = PromptNet.open(out)) {
            LabelledCt c = new SyntheticTrainingCases().synthetic(4242);
            BitMask liver = new BitMask(c.ct().geometry());
            int[] at = null;
            var g = c.ct().geometry();
            for (int k = 0; k < g.slices() && at == null; k++) {
                for (int p = 0; p < g.columns() * g.rows(); p++) {
                    if (c.labels().getIndex(k, p) == Segmenter.LIVER) {
                        liver.setIndex(k, p);
                        at = at == null && p % g.columns() > 2 ? new int[] {p % g.columns(), p / g.columns(), k} : at;
                    }
                }
            }
            assertNotNull(at);
            PromptResult r = new LearnedPrompt(net).segment(c.ct(), null, Prompt.click(at[0], at[1], at[2]));
            assertTrue(r.isEmpty() ? r.reason() != null : r.confidence() > 0, "an untrained network answers, "
                    + "with a mask or a reason");
        }
        // a checkpoint of step 2 of the same run: the resumed run trains step 3 and writes the package again
        Path two = EarlierCheckpoint.of(ck, "prompt", 3, 2);
        StringWriter log2 = new StringWriter();
        Path out2 = Files.createDirectories(dir.resolve("out2"));
        new PromptNetTraining(options(out2, ck, 3, two), new PrintWriter(log2)).run(Cancellation.NONE);
        assertTrue(log2.toString().contains("resumed from") && log2.toString().contains("after step 2 of 3")
                && log2.toString().contains("step 3/3") && !log2.toString().contains("step 1/3"), log2.toString());
        assertTrue(Files.isRegularFile(out2.resolve(PromptNet.WEIGHTS)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new PromptNetTraining(new PromptNetTraining.Options(out2, 3, 4, 4242, 1, 0, null, ck, two, 0.002f,
                        "0.0.1", PromptNetTraining.FAINT_SHARE, PromptNetTraining.PARENCHYMA_SHARE), new PrintWriter(new StringWriter())).checkBeforeStart());
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
    }
}
