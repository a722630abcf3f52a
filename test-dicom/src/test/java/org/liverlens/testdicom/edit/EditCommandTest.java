package org.liverlens.testdicom.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.seg.AlgorithmType;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.testdicom.SyntheticCt;

/**
 * {@code liverlens edit} on a synthetic CT with a SEG of its liver and one "Tumor" segment (two
 * lesions), and with a SEG of the tumour alone (the liver then comes from the default model).
 */
class EditCommandTest {
    @TempDir
    static Path tmp;
    static SyntheticEditCase c;
    static Path seg;
    static Path tumourOnly;

    @BeforeAll
    static void write() {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSeed(4343).withSize(192, 160, 24)
                .withSpacing(2.0, 5.0).withRandomLesions(2).withLesionDiameterRange(18, 30);
        c = new SyntheticEditCase(p, tmp);
        seg = tmp.resolve("seg.dcm");
        tumourOnly = tmp.resolve("tumour.dcm");
        writeSeg(true, seg);
        writeSeg(false, tumourOnly);
    }

    private static void writeSeg(boolean withLiver, Path file) {
        SegmentSet set = SegmentSet.binary(c.scene.ct().geometry());
        int number = 1;
        if (withLiver) {
            set.addBinary(new Segment(number++, "Liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER, AlgorithmType.MANUAL,
                    null, null, CieLab.fromRgb(221, 130, 101), "")).addAll(c.scene.liver());
        }
        BitMask tumour = set.addBinary(new Segment(number, "Tumor", Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE,
                Codes.NEOPLASM, AlgorithmType.MANUAL, null, null, CieLab.fromRgb(250, 210, 0), ""));
        for (BitMask l : c.scene.lesions()) {
            tumour.addAll(l);
        }
        new SegWriter().write(set, c.loaded.stack(), SegWriterOptions.defaults(), file);
    }

    @Test
    void anEditWritesTheSeriesTheSegAndTheJson() {
        Path out = tmp.resolve("out-ok");
        CliRun.Result r = CliRun.run(null, "edit", tmp.resolve("ct").toString(), "--seg", seg.toString(),
                "remove lesion 2 and grow lesion 1 by 10%", "-o", out.toString(), "--seed", "5");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("2 before, 1 after"), r.out());
        assertTrue(Files.isDirectory(out.resolve("series")));
        assertTrue(Files.isRegularFile(out.resolve("edit-seg.dcm")));
        assertTrue(Files.isRegularFile(out.resolve("edit.json")));
    }

    @Test
    void lesionSevenOfTwoExitsThreeAndWritesNothing() {
        Path out = tmp.resolve("out-seven");
        CliRun.Result r = CliRun.run(null, "edit", tmp.resolve("ct").toString(), "--seg", seg.toString(),
                "remove lesion 7", "-o", out.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("lesion 7") && r.err().contains("2 lesions"), r.err());
        assertFalse(Files.exists(out.resolve("series")));
        assertFalse(Files.exists(out.resolve("edit.json")));
    }

    @Test
    void anInstructionNotUnderstoodExitsThreeBeforeLoading() {
        CliRun.Result r = CliRun.run(null, "edit", "/no/such/folder", "--seg", "/no/such.dcm", "make it prettier",
                "-o", tmp.resolve("out-typo").toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("'make it prettier'") && r.err().contains("remove lesion N"), r.err());
    }

    @Test
    void corruptLearnedWeightsExitThreeBeforeTheCtIsRead() throws Exception {
        Path corrupt = tmp.resolve("corrupt.params");
        Files.writeString(corrupt, "not DJL parameters");
        CliRun.Result r = CliRun.run(null, "edit", "/no/such/folder", "--seg", "/no/such.dcm", "remove lesion 1",
                "-o", tmp.resolve("out-corrupt").toString(), "--backend", "learned", "--weights", corrupt.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(corrupt.toString()) && r.err().contains("do not fit")
                && r.err().contains("train-edit"), r.err());
        assertFalse(r.err().contains("/no/such/folder"), r.err());
    }

    @Test
    void aTumourOnlySegGetsItsLiverFromTheDefaultModel() {
        Path out = tmp.resolve("out-tumour-only");
        CliRun.Result r = CliRun.run(null, "edit", tmp.resolve("ct").toString(), "--seg", tumourOnly.toString(),
                "remove lesion 1", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("liver comes from the default model"), r.err());
        assertTrue(r.out().contains("liver from the default model"), r.out());
    }
}
