package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code liverlens train} refuses every bad number and a missing or foreign {@code --resume} file
 * with exit 3, naming the option, before it makes a folder or starts the engine (a
 * {@code --batch 0} used to end in {@code nextInt(0)}, exit 1, after the cases were made).
 */
class TrainOptionsTest {
    @TempDir
    Path tmp;

    private CliRun.Result train(String... more) {
        String[] args = new String[6 + more.length];
        String[] base = {"train", "-o", tmp.resolve("pkg").toString(), "--no-real", "--checkpoints",
            tmp.resolve("ck").toString()};
        System.arraycopy(base, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return CliRun.run(null, args);
    }

    @ParameterizedTest
    @CsvSource({"--synthetic, 0", "--real-share, 1.5", "--real-share, NaN", "--real-share, -1", "--batch, 0",
        "--batch, -2", "--steps, 0", "--crop, 40", "--lr, 0"})
    void aBadNumberIsRefusedNamingTheOption(String option, String value) {
        CliRun.Result r = train(option, value);
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(option + " is "), r.err());
        assertFalse(Files.exists(tmp.resolve("pkg")));
    }

    @Test
    void modelsEvaluateRefusesANegativeNumberOfSyntheticCases() {
        CliRun.Result r = CliRun.run(null, "models", "evaluate", "--synthetic", "-3", "--no-real");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("--synthetic is -3, allowed 0…1000"), r.err());
    }

    @Test
    void aMissingResumeFileIsRefused() {
        CliRun.Result r = train("--resume", tmp.resolve("unet-step250.params").toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("unet-step250.params: --resume: no such file"), r.err());
    }

    @Test
    void aResumeFileOfAnotherNetworkIsRefused() throws IOException {
        Path other = Files.write(tmp.resolve("model.pt"), new byte[12345]);
        CliRun.Result r = train("--resume", other.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("the weights do not fit"), r.err());
        assertFalse(Files.exists(tmp.resolve("pkg")));
    }

    @Test
    void aFineTunedPackageNameThatIsNoPlainNameIsRefused() {
        CliRun.Result r = train("--fine-tune", "--case", tmp.toString(), "--name", "../elsewhere");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("--name is '../elsewhere'"), r.err());
    }
}
