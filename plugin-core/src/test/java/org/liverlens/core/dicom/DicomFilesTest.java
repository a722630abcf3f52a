package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomFilesTest {
    @Test
    void readingDicomLeavesPixelMedsLoggingAsTheHostSetIt(@TempDir Path dir) throws Exception {
        Path notDicom = Files.writeString(dir.resolve("notes.txt"), "not an image");
        assertEquals(DicomFiles.Kind.NOT_DICOM, DicomFiles.probe(notDicom)); // DicomFiles is initialised now
        assertNotEquals(Level.OFF, Logger.getLogger("com.pixelmed").getLevel(),
                "PixelMed's logging was switched off for the whole JVM");
    }
}
