package org.liverlens.core.dicom;

import java.nio.file.Path;

/** A file the scanner could not use, with the reason in words. */
public record SkippedFile(Path file, String reason) {
}
