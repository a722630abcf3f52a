package org.liverlens.core.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a folder scan found: series (largest first) and the files that were skipped, with reasons. */
public record ScanResult(Path root, List<SeriesInfo> series, List<SkippedFile> skipped) {

    /** The series with this key or SeriesInstanceUID. */
    public Optional<SeriesInfo> find(String uidOrKey) {
        return series.stream()
                .filter(s -> s.key().equals(uidOrKey) || s.seriesInstanceUid().equals(uidOrKey))
                .findFirst();
    }
}
