package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Commands check where they write before they do their work: an output that is an existing
 * file, a folder where a file is meant, or a path under a file is refused with exit 3 naming the
 * path and the option, before the CT is loaded or a network runs, and nothing is written.
 */
class OutputChecksTest {
    @TempDir
    Path tmp;

    /** A segmenter that fails the test if the command gets as far as segmenting. */
    private static final Segmenter NEVER = new Segmenter() {
        @Override
        public SegmentationResult segment(HuVolume ct, Progress progress, Cancellation cancel) {
            throw new AssertionError("the output should have been refused before segmenting");
        }

        @Override
        public ModelInfo model() {
            return new ModelInfo("never", "0", null);
        }
    };

    private static String ct() {
        return TestData.path("dcmqi/data/segmentations/ct-3slice").toString();
    }

    @Test
    void segmentToAnExistingFileIsRefusedBeforeTheWorkAndTheFileIsKept() throws IOException {
        Path file = Files.writeString(tmp.resolve("results"), "mine");
        CliRun.Result r = CliRun.run(NEVER, "segment", ct(), "-o", file.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(file + ": -o names an existing file; it must be a folder"), r.err());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void segmentUnderAFileIsRefusedBeforeTheWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        CliRun.Result r = CliRun.run(NEVER, "segment", ct(), "-o", file.resolve("out").toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("is a file, so nothing can be created under it"), r.err());
    }

    @Test
    void segmentIntoAFolderWhereSegDcmIsAFolderIsRefused() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out").resolve("seg.dcm")).getParent();
        CliRun.Result r = CliRun.run(NEVER, "segment", ct(), "-o", out.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("seg.dcm inside the output folder is a folder"), r.err());
    }

    @Test
    void measurePreviewOnAFolderIsRefused() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("previews"));
        CliRun.Result r = CliRun.run(null, "measure", ct(), "--seg", tmp.resolve("any.dcm").toString(), "--preview",
                folder.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(folder + ": --preview names a folder; it must be a file"), r.err());
        assertTrue(r.err().contains(folder.resolve("preview.png").toString()), r.err());
    }

    @Test
    void segImportToAFolderIsRefused() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("out.dcm"));
        CliRun.Result r = CliRun.run(null, "seg", "import", tmp.resolve("labels.nii.gz").toString(), "--ct", ct(), "-o",
                folder.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("-o names a folder; it must be a file"), r.err());
    }

    @Test
    void segExportUnderAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        CliRun.Result r = CliRun.run(null, "seg", "export", tmp.resolve("seg.dcm").toString(), "-o",
                file.resolve("labels.nii.gz").toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("is a file, so nothing can be created under it"), r.err());
    }

    @Test
    void trainToAnExistingFileIsRefusedBeforeAnythingStarts() throws IOException {
        Path file = Files.writeString(tmp.resolve("model"), "x");
        CliRun.Result r = CliRun.run(null, "train", "-o", file.toString(), "--no-real", "--checkpoints",
                tmp.resolve("ck").toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("-o names an existing file"), r.err());
        assertFalse(Files.exists(tmp.resolve("ck")));
    }
}
