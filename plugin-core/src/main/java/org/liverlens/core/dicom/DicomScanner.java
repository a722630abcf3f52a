package org.liverlens.core.dicom;

import com.pixelmed.dicom.DicomException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.Progress;

/**
 * Finds DICOM images under a folder, groups them into series by SeriesInstanceUID, and splits each
 * series into geometric stacks (a coronal reformat or a localizer that shares the axial series' UID
 * becomes its own stack). Reads headers only; pixels are decoded by {@link VolumeLoader}.
 */
public final class DicomScanner {
    /** Two orientations closer than this (per cosine) are the same. */
    static final double ORIENTATION_TOLERANCE = 1e-3;
    /** Slice spacing may deviate this much (relative) from the nominal before it counts as uneven. */
    static final double SPACING_RELATIVE_TOLERANCE = 0.01;
    /** ... or this much in mm, whichever is larger (positions are often rounded to 3 decimals). */
    static final double SPACING_ABSOLUTE_TOLERANCE_MM = 0.01;

    /** SOP Classes of images (CT, enhanced and legacy-converted CT, MR, enhanced MR, PET, SEG). */
    private static final java.util.Set<String> IMAGE_STORAGE = java.util.Set.of("1.2.840.10008.5.1.4.1.1.2",
            "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.2.2", "1.2.840.10008.5.1.4.1.1.4",
            "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.66.4");

    private final int threads;

    public DicomScanner() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public DicomScanner(int threads) {
        this.threads = Math.max(1, threads);
    }

    /** Scans {@code root} (a folder, recursively, or a single file). */
    public ScanResult scan(Path root, Progress progress, Cancellation cancel) {
        if (!Files.exists(root)) {
            throw new InvalidInputException("no such file or folder", root, "check the path");
        }
        List<SkippedFile> skipped = new ArrayList<>();
        List<Path> files = FolderWalk.files(root, skipped);
        if (files.isEmpty()) {
            throw new InvalidInputException("the folder is empty: no files found", root,
                    "point LiverLens at the folder that holds the DICOM files");
        }
        progress.begin("Reading DICOM headers", files.size());
        List<Object> parsed = parseAll(files, progress, cancel);
        progress.end();

        List<SliceHeader> headers = new ArrayList<>();
        for (Object o : parsed) {
            if (o instanceof SliceHeader h) {
                headers.add(h);
            } else {
                skipped.add((SkippedFile) o);
            }
        }
        List<SeriesInfo> series = groupIntoSeries(headers, skipped);
        SkippedSlices.attribute(series, skipped);
        return new ScanResult(root, series, List.copyOf(skipped));
    }

    private List<Object> parseAll(List<Path> files, Progress progress, Cancellation cancel) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            AtomicInteger done = new AtomicInteger();
            return pool.submit(() -> files.parallelStream().map(f -> {
                cancel.check();
                Object r = parseOne(f);
                progress.advance(1);
                done.incrementAndGet();
                return r;
            }).collect(Collectors.toList())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading headers", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LiverLensException l) {
                throw l;
            }
            throw new IllegalStateException("reading headers failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** A {@link SliceHeader}, or a {@link SkippedFile} saying why the file cannot be used. */
    static Object parseOne(Path file) {
        try {
            if (DicomFiles.probe(file) == DicomFiles.Kind.NOT_DICOM) {
                return new SkippedFile(file, "not a DICOM file (no 'DICM' marker at byte 128 and no dataset start)");
            }
            DicomFiles.Header header = DicomFiles.readHeader(file);
            SliceHeader h = SliceHeader.from(file, header.attributes(), header.pixelDataTagOffset());
            if (h.sopClassUid().isEmpty() && h.modality().isEmpty() && !h.isImage()) {
                return new SkippedFile(file, "unreadable DICOM: no SOP Class, Modality or image attributes found");
            }
            if ("1.2.840.10008.1.3.10".equals(h.sopClassUid())) {
                return new SkippedFile(file, "DICOMDIR (media directory), not an image");
            }
            if (!h.isImage() && IMAGE_STORAGE.contains(h.sopClassUid())) {
                return SkippedFile.damaged(file, "incomplete header: an image (SOP Class " + h.sopClassUid()
                        + ") without Rows, Columns or BitsAllocated; the file is probably truncated", h);
            }
            if (!h.isImage()) {
                return new SkippedFile(file, "not an image (Modality '" + h.modality() + "', SOP Class "
                        + h.sopClassUid() + "): no Rows/Columns/Bits Allocated");
            }
            PixelDataCheck.Result pixels = PixelDataCheck.check(file, h, header.datasetBytes());
            if (pixels.truncated() != null) {
                return SkippedFile.damaged(file, pixels.truncated(), h);
            }
            return h.withDefect(pixels.defect());
        } catch (IOException e) {
            return SkippedFile.damaged(file, "cannot read the file: " + e.getMessage(), null);
        } catch (OutOfMemoryError e) {
            // Most often an element length in the header (possibly inside deflated data) that asked for
            // more than the heap; the allocation failed, so nothing else is held.
            return SkippedFile.damaged(file, "reading its header ran out of memory (" + e.getMessage()
                    + "): it may declare an element larger than the file (a damaged or hostile file)", null);
        } catch (DicomException | RuntimeException e) {
            return SkippedFile.damaged(file, "unreadable DICOM (truncated or corrupt header): " + e.getMessage(), null);
        }
    }

    private List<SeriesInfo> groupIntoSeries(List<SliceHeader> headers, List<SkippedFile> skipped) {
        Map<String, List<SliceHeader>> bySeries = new LinkedHashMap<>();
        Map<String, SliceHeader> byInstance = new java.util.HashMap<>();
        for (SliceHeader h : headers) {
            if (!h.sopInstanceUid().isEmpty()) {
                SliceHeader earlier = byInstance.putIfAbsent(h.sopInstanceUid(), h);
                if (earlier != null) {
                    skipped.add(new SkippedFile(h.file(), "same SOP Instance UID as " + earlier.file()
                            + " (a copy of one instance, possibly in another transfer syntax): only the first is used"));
                    continue;
                }
            }
            bySeries.computeIfAbsent(seriesKey(h), k -> new ArrayList<>()).add(h);
        }
        List<SeriesInfo> result = new ArrayList<>();
        for (Map.Entry<String, List<SliceHeader>> e : bySeries.entrySet()) {
            SeriesInfo s = buildSeries(e.getKey(), e.getValue(), skipped);
            if (s != null) {
                result.add(s);
            }
        }
        result.sort(Comparator.comparing((SeriesInfo s) -> !"CT".equals(s.modality()))
                .thenComparing(s -> s.first().studyInstanceUid())
                .thenComparingInt(s -> s.first().seriesNumber())
                .thenComparing(SeriesInfo::key));
        return result;
    }

    /** SeriesInstanceUID, or folder + Frame of Reference when the UID is empty (seen in the wild). */
    static String seriesKey(SliceHeader h) {
        if (!h.seriesInstanceUid().isEmpty()) {
            return h.seriesInstanceUid();
        }
        Path parent = h.file().toAbsolutePath().getParent();
        return "no-series-uid:" + parent + "|" + h.frameOfReferenceUid() + "|" + h.modality();
    }

    private SeriesInfo buildSeries(String key, List<SliceHeader> headers, List<SkippedFile> skipped) {
        List<Problem> seriesProblems = new ArrayList<>();
        if (headers.get(0).seriesInstanceUid().isEmpty()) {
            seriesProblems.add(Problem.warning(Problem.Code.EMPTY_UID, headers.get(0).file().getParent(),
                    "SeriesInstanceUID is empty in " + headers.size()
                            + " files; grouped by folder and FrameOfReferenceUID instead"));
        }
        // A header defect in some images only: those images are missing slices of the others (their
        // odd matrix or frame count must not split them into a stack of their own). When every image
        // has one, they stay, so that the stack shows and refuses the defect.
        boolean someClean = headers.stream().anyMatch(h -> h.defect() == null);
        // Split by geometry; multi-frame instances are stacks of their own.
        Map<String, List<SliceHeader>> byGeometry = new LinkedHashMap<>();
        for (SliceHeader h : headers) {
            if (someClean && h.defect() != null) {
                skipped.add(SkippedFile.damaged(h.file(), h.defect(), h));
                continue;
            }
            if (!h.hasGeometry()) {
                skipped.add(SkippedFile.damaged(h.file(), missingGeometry(h), h));
                continue;
            }
            String g = h.isMultiFrame() ? "multiframe:" + h.file() : geometryKey(h);
            byGeometry.computeIfAbsent(g, k -> new ArrayList<>()).add(h);
        }
        List<Stack> stacks = new ArrayList<>();
        for (List<SliceHeader> group : byGeometry.values()) {
            stacks.addAll(buildStacks(group));
        }
        if (stacks.isEmpty()) {
            return null;
        }
        stacks.sort(Comparator.comparingInt((Stack s) -> s.slices().size()).reversed());
        StackAnalysis.assignRoles(stacks, seriesProblems);
        StackAnalysis.explainGaps(stacks);
        return new SeriesInfo(key, stacks.get(0).first(), List.copyOf(stacks), List.copyOf(seriesProblems));
    }

    private static String missingGeometry(SliceHeader h) {
        List<String> missing = new ArrayList<>();
        if (h.framePositionsMm() == null) {
            missing.add("ImagePositionPatient (0020,0032)");
        }
        if (h.orientation() == null) {
            missing.add("ImageOrientationPatient (0020,0037)");
        }
        if (h.pixelSpacingMm() == null) {
            missing.add("PixelSpacing (0028,0030)");
        }
        return String.join(", ", missing) + " missing or not finite numbers: the image cannot be placed in 3D";
    }

    private static String geometryKey(SliceHeader h) {
        double[] o = h.orientation();
        StringBuilder sb = new StringBuilder().append(h.rows()).append('x').append(h.columns());
        for (double v : o) {
            sb.append('|').append(Math.round(v / ORIENTATION_TOLERANCE));
        }
        sb.append('|').append(Math.round(h.pixelSpacingMm()[0] * 1e4)).append('|')
                .append(Math.round(h.pixelSpacingMm()[1] * 1e4));
        return sb.toString();
    }

    /** One stack, or one per acquisition when acquisitions repeat the same positions. */
    private List<Stack> buildStacks(List<SliceHeader> group) {
        List<SliceRef> refs = toSortedRefs(group);
        if (hasDuplicatePositions(refs)) {
            Map<Integer, List<SliceHeader>> byAcquisition = group.stream()
                    .collect(Collectors.groupingBy(SliceHeader::acquisitionNumber, LinkedHashMap::new, Collectors.toList()));
            if (byAcquisition.size() > 1) {
                List<Stack> stacks = new ArrayList<>();
                for (List<SliceHeader> acq : byAcquisition.values()) {
                    stacks.addAll(buildStacks(acq));
                }
                return stacks;
            }
        }
        return List.of(StackAnalysis.analyse(refs));
    }

    private static List<SliceRef> toSortedRefs(List<SliceHeader> group) {
        SliceHeader first = group.get(0);
        double[] normal = normal(first.orientation());
        List<SliceRef> refs = new ArrayList<>();
        for (SliceHeader h : group) {
            double[][] positions = h.framePositionsMm();
            for (int f = 0; f < positions.length; f++) {
                double[] p = positions[f];
                refs.add(new SliceRef(h, f, p, dot(p, normal)));
            }
        }
        refs.sort(Comparator.comparingDouble(SliceRef::distanceMm));
        return refs;
    }

    private static boolean hasDuplicatePositions(List<SliceRef> refs) {
        for (int i = 1; i < refs.size(); i++) {
            if (refs.get(i).distanceMm() - refs.get(i - 1).distanceMm() < SPACING_ABSOLUTE_TOLERANCE_MM) {
                return true;
            }
        }
        return false;
    }

    /** "axial", "coronal", "sagittal" or "oblique" for a slice normal. */
    public static String orientationName(double[] n) {
        double x = Math.abs(n[0]);
        double y = Math.abs(n[1]);
        double z = Math.abs(n[2]);
        double max = Math.max(x, Math.max(y, z));
        if (max < 0.9) {
            return "oblique";
        }
        return max == z ? "axial" : max == y ? "coronal" : "sagittal";
    }

    static double[] normal(double[] o) {
        double[] n = {
            o[1] * o[5] - o[2] * o[4],
            o[2] * o[3] - o[0] * o[5],
            o[0] * o[4] - o[1] * o[3]};
        double len = Math.sqrt(dot(n, n));
        return len > 0 ? new double[] {n[0] / len, n[1] / len, n[2] / len} : new double[] {0, 0, 1};
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

}
