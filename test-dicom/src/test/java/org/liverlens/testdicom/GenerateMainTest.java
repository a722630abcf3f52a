package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsExitWithCode2AndSayWhy() {
        assertEquals(2, run("--size", "512x512", "-o", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--size must look like"));
        assertEquals(2, run("--bogus"));
        assertEquals(2, run("--size", "64x64x4"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing -o DIR"));
        assertEquals(2, run("--spacing", "0.7,0.8,2.5", "-o", "x"));
        assertEquals(2, run("--size", "8x8x8", "-o", "x"));
        assertEquals(2, run("--seed"));
    }

    @Test
    void writesSeriesAndGroundTruth(@TempDir Path tmp) {
        int code = run("--seed", "5", "--size", "64x48x6", "--spacing", "6,6,10", "--lesions", "1", "--phase",
                "arterial", "--noise", "8", "-o", tmp.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(tmp.resolve("ct/slice-0006.dcm")));
        assertTrue(Files.isRegularFile(tmp.resolve("ground-truth/labels.nrrd")));
        assertTrue(Files.isRegularFile(tmp.resolve("ground-truth/lesions.nrrd")));
        assertTrue(Files.isRegularFile(tmp.resolve("ground-truth/truth.json")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("arterial phase"));
    }

    @Test
    void aRequestThatCannotBeMetExitsWithCode3(@TempDir Path tmp) {
        assertEquals(3, run("--size", "16x16x2", "--spacing", "1,1", "--lesions", "2", "-o", tmp.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no room for lesion"));
    }
}
