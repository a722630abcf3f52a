package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SkippedFileTest {
    @Test
    void noteEscapesControlCharactersInTheFileNameAndReason() {
        SkippedFile f = new SkippedFile(Path.of("/ct/slice\n\u001b[1mstored Success.dcm"), "bad\rtag");
        assertEquals("skipped /ct/slice\\n\\e[1mstored Success.dcm: bad\\rtag", f.note());
    }
}
