package org.liverlens.core.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

/**
 * The CT series to work on in a folder: the one named, else the only CT series, else the only one
 * that is not a localizer. Shared by {@code liverlens segment} and the segmentation service, so both
 * pick and load the same series.
 */
public final class CtSeries {
    private CtSeries() {
    }

    /**
     * Scans {@code dir}, chooses the CT series ({@link #choose}) and loads its primary stack.
     *
     * @param seriesUid the SeriesInstanceUID or series key to use, or {@code null} to choose
     * @throws InvalidInputException (exit 3) when no CT series qualifies or the stack cannot be loaded
     */
    public static LoadedVolume load(Path dir, String seriesUid, LoadOptions options, Progress progress,
                                    Cancellation cancel) {
        ScanResult scan = new DicomScanner().scan(dir, progress, cancel);
        return load(scan, choose(scan, seriesUid, dir), options, progress, cancel);
    }

    /**
     * Loads {@code stack} of {@code scan}, with the scan's skipped files; a refusal names the files
     * that were skipped too (a file that is not DICOM at all may be the slice a gap misses).
     */
    public static LoadedVolume load(ScanResult scan, Stack stack, LoadOptions options, Progress progress,
                                    Cancellation cancel) {
        try {
            return new VolumeLoader().load(stack, options, progress, cancel).withSkipped(scan.skipped());
        } catch (InvalidInputException e) {
            List<SkippedFile> others = scan.skipped().stream()
                    .filter(s -> !e.file().map(s.file()::equals).orElse(false)).toList();
            if (others.isEmpty()) {
                throw e;
            }
            throw new InvalidInputException(e.getMessage() + "; also skipped: " + others.stream().limit(3)
                    .map(s -> s.file() + ": " + s.reason()).collect(Collectors.joining("; "))
                    + (others.size() > 3 ? "; and " + (others.size() - 3) + " more" : ""), e.file().orElse(null),
                    e.hint().orElse(null), e);
        }
    }

    /**
     * The primary stack of the CT series to use: the one named by {@code seriesUid}, else the only
     * CT series, else the only one that is not a localizer.
     *
     * @param dir the scanned folder, for messages
     * @throws InvalidInputException (exit 3) when there is no CT series, the named one is not a CT,
     *                               or several CT series qualify
     */
    public static Stack choose(ScanResult scan, String seriesUid, Path dir) {
        if (seriesUid != null) {
            SeriesInfo s = scan.find(seriesUid).orElseThrow(() -> new InvalidInputException("no series " + seriesUid
                    + " under this folder", dir, "list the series with 'liverlens info " + dir + "'"));
            if (!"CT".equals(s.modality()) || s.primaryStack().isEmpty()) {
                throw new InvalidInputException("series " + seriesUid + " is " + blankAs(s.modality(), "of no modality")
                        + ", not a CT image series", dir, "choose a CT series ('liverlens info " + dir + "' lists them)");
            }
            return s.primaryStack().orElseThrow();
        }
        List<SeriesInfo> cts = scan.series().stream()
                .filter(s -> "CT".equals(s.modality()) && s.primaryStack().isPresent()).toList();
        if (cts.isEmpty()) {
            String found = scan.series().stream().collect(Collectors.groupingBy(
                    s -> blankAs(s.modality(), "no modality"), java.util.TreeMap::new, Collectors.counting()))
                    .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            throw new InvalidInputException("no CT series found" + (found.isEmpty() ? "" : " (found " + found
                    + " series)") + (scan.skipped().isEmpty() ? "" : ", " + scan.skipped().size() + " file(s) skipped: "
                    + scan.skipped().stream().limit(3).map(SkippedFile::note).collect(Collectors.joining("; "))),
                    dir, "LiverLens segments CT; point it at a folder with a CT series");
        }
        if (cts.size() == 1) {
            return cts.get(0).primaryStack().orElseThrow();
        }
        List<SeriesInfo> images = new ArrayList<>();
        for (SeriesInfo s : cts) {
            if (!s.first().imageTypeContains("LOCALIZER")) {
                images.add(s);
            }
        }
        if (images.size() == 1) {
            return images.get(0).primaryStack().orElseThrow();
        }
        throw new InvalidInputException(cts.size() + " CT series found: " + cts.stream()
                .map(s -> s.key() + " (" + s.primaryStack().orElseThrow().slices().size() + " slices, "
                        + blankAs(s.first().seriesDescription(), "no description") + ")")
                .collect(Collectors.joining("; ")), dir, "choose one with --series UID");
    }

    private static String blankAs(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }
}
