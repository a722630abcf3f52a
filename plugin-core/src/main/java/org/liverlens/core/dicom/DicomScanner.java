package org.liverlens.core.dicom;

import com.pixelmed.dicom.DicomException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
        assignRoles(stacks, seriesProblems);
        explainGaps(stacks);
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
        return List.of(analyse(refs));
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

    /** Builds a stack and reports duplicates, gaps and uneven spacing between its slices. */
    static Stack analyse(List<SliceRef> refs) {
        SliceHeader first = refs.get(0).header();
        double[] o = first.orientation();
        double[] iDir = {o[0], o[1], o[2]};
        double[] jDir = {o[3], o[4], o[5]};
        double[] normal = normal(o);
        // DICOM PixelSpacing is (row spacing, column spacing) = (along j, along i).
        double[] pixelSpacing = {first.pixelSpacingMm()[1], first.pixelSpacingMm()[0]};

        List<Problem> problems = new ArrayList<>();
        double nominal;
        if (refs.size() == 1) {
            double fallback = !Double.isNaN(first.spacingBetweenSlicesMm()) && first.spacingBetweenSlicesMm() > 0
                    ? first.spacingBetweenSlicesMm()
                    : (!Double.isNaN(first.sliceThicknessMm()) && first.sliceThicknessMm() > 0 ? first.sliceThicknessMm() : 1.0);
            nominal = fallback;
            problems.add(Problem.warning(Problem.Code.SINGLE_SLICE, first.file(),
                    String.format(Locale.ROOT, "a single image: slice spacing taken as %.3f mm from the header", fallback)));
        } else {
            double[] gaps = new double[refs.size() - 1];
            for (int i = 1; i < refs.size(); i++) {
                gaps[i - 1] = refs.get(i).distanceMm() - refs.get(i - 1).distanceMm();
            }
            nominal = median(gaps);
            if (nominal < SPACING_ABSOLUTE_TOLERANCE_MM) {
                nominal = Math.max(positiveMedian(gaps), SPACING_ABSOLUTE_TOLERANCE_MM);
            }
            double tolerance = Math.max(SPACING_ABSOLUTE_TOLERANCE_MM, SPACING_RELATIVE_TOLERANCE * nominal);
            int missingTotal = 0;
            double worstUneven = 0;
            SliceRef worstAt = null;
            for (int i = 0; i < gaps.length; i++) {
                double d = gaps[i];
                SliceRef a = refs.get(i);
                SliceRef b = refs.get(i + 1);
                if (d < SPACING_ABSOLUTE_TOLERANCE_MM) {
                    problems.add(Problem.blocking(Problem.Code.DUPLICATE_POSITION, b.header().file(),
                            String.format(Locale.ROOT, "duplicate slice position: %s and %s both lie at %.3f mm along "
                                    + "the slice normal (two images at one place, not a missing slice)",
                                    a.header().file(), b.header().file(), b.distanceMm())));
                } else if (d > 1.5 * nominal) {
                    int missing = (int) Math.round(d / nominal) - 1;
                    missingTotal += Math.max(missing, 1);
                    problems.add(Problem.blocking(Problem.Code.GAP, b.header().file(), String.format(Locale.ROOT,
                            "gap of %.3f mm between %s and %s where %.3f mm is expected: about %d slice(s) missing",
                            d, a.header().file().getFileName(), b.header().file().getFileName(), nominal,
                            Math.max(missing, 1))));
                } else if (Math.abs(d - nominal) > tolerance && Math.abs(d - nominal) > worstUneven) {
                    worstUneven = Math.abs(d - nominal);
                    worstAt = b;
                }
            }
            if (worstAt != null) {
                problems.add(Problem.blocking(Problem.Code.UNEVEN_SPACING, worstAt.header().file(),
                        String.format(Locale.ROOT, "uneven slice spacing: up to %.3f mm off the nominal %.3f mm",
                                worstUneven, nominal)));
            }
            if (missingTotal > 0) {
                problems.add(Problem.blocking(Problem.Code.GAP, first.file().getParent(),
                        missingTotal + " slice(s) missing in total; the volume is refused unless gaps are allowed "
                                + "(then missing slices are interpolated)"));
            }
        }
        Stack stack = new Stack(refs, iDir, jDir, normal, pixelSpacing, nominal);
        // One problem per distinct defect (every image of a series often shares it), naming the first file.
        Map<String, List<Path>> defects = new LinkedHashMap<>();
        for (SliceRef r : refs) {
            String d = r.header().defect();
            if (d != null && !defects.computeIfAbsent(d, x -> new ArrayList<>()).contains(r.header().file())) {
                defects.get(d).add(r.header().file());
            }
        }
        defects.forEach((d, files) -> stack.addProblem(Problem.blocking(Problem.Code.INVALID_HEADER, files.get(0),
                files.size() == 1 ? d : d + " (in " + files.size() + " images, the first named)")));
        problems.forEach(stack::addProblem);

        for (String ts : stack.transferSyntaxes()) {
            String why = TransferSyntaxes.whyNotDecodable(ts);
            Path withTs = refs.stream().map(r -> r.header()).filter(h -> h.transferSyntaxUid().equals(ts))
                    .map(SliceHeader::file).findFirst().orElse(first.file());
            if (why != null) {
                stack.addProblem(Problem.blocking(Problem.Code.UNSUPPORTED_TRANSFER_SYNTAX, withTs, why));
            } else if (TransferSyntaxes.isLossy(ts)) {
                stack.addProblem(Problem.warning(Problem.Code.LOSSY, withTs,
                        "lossy compression (" + TransferSyntaxes.name(ts) + "): HU values are approximate"));
            }
        }
        boolean segmentation = "SEG".equals(first.modality());
        if (first.isMultiFrame() && !segmentation) {
            stack.addProblem(Problem.warning(Problem.Code.MULTI_FRAME, first.file(),
                    "multi-frame instance with " + first.numberOfFrames() + " frames; geometry from its functional groups"));
        }
        if (!"CT".equals(first.modality()) && !segmentation) {
            stack.addProblem(Problem.warning(Problem.Code.NOT_CT, first.file(),
                    "modality is '" + first.modality() + "', not CT: listed, but not loaded as Hounsfield units"));
        }
        return stack;
    }

    private static void assignRoles(List<Stack> stacks, List<Problem> seriesProblems) {
        Stack primary = stacks.get(0);
        primary.role(Stack.Role.PRIMARY);
        for (int s = 1; s < stacks.size(); s++) {
            Stack other = stacks.get(s);
            SliceHeader h = other.first();
            boolean sameOrientation = sameOrientation(other.orientation(), primary.orientation());
            Problem.Code code;
            String what;
            if (h.imageTypeContains("LOCALIZER")) {
                other.role(Stack.Role.LOCALIZER);
                code = Problem.Code.SPLIT_LOCALIZER;
                what = "localizer";
            } else if (!sameOrientation || h.imageTypeContains("REFORMATTED")) {
                other.role(Stack.Role.REFORMAT);
                code = Problem.Code.SPLIT_REFORMAT;
                what = orientationName(other.normal()) + " reformat";
            } else if (!sameSize(other, primary)) {
                other.role(Stack.Role.OTHER);
                code = Problem.Code.MIXED_SIZE;
                what = "another matrix size (" + other.columns() + "×" + other.rows() + ")";
            } else {
                other.role(Stack.Role.OTHER);
                code = Problem.Code.SPLIT_GEOMETRY;
                what = h.isMultiFrame() ? "a separate multi-frame instance" : "another acquisition or pixel spacing";
            }
            String message = String.format(Locale.ROOT,
                    "%d image(s) of %s (ImageType %s) share the SeriesInstanceUID with the %d-image %s stack; "
                            + "split into their own stack",
                    other.slices().size(), what, h.imageType().isEmpty() ? "absent" : h.imageType(),
                    primary.slices().size(), orientationName(primary.normal()));
            Problem p = Problem.warning(code, h.file(), message);
            other.addProblem(p);
            seriesProblems.add(p);
        }
    }

    /**
     * A slice whose matrix or pixel spacing differs from the rest of its series is split into a
     * stack of its own; when it lies in a gap of the primary stack, the gap is that slice, and the
     * primary stack says so (naming the file) instead of reporting an unexplained gap.
     */
    private static void explainGaps(List<Stack> stacks) {
        Stack primary = stacks.get(0);
        List<SliceRef> refs = primary.slices();
        double nominal = primary.spacingMm()[2];
        for (Stack other : stacks.subList(1, stacks.size())) {
            if (other.role() != Stack.Role.OTHER || !sameOrientation(other.orientation(), primary.orientation())) {
                continue;
            }
            for (SliceRef s : other.slices()) {
                double d = dot(s.positionMm(), primary.normal());
                for (int i = 1; i < refs.size(); i++) {
                    double lo = refs.get(i - 1).distanceMm();
                    double hi = refs.get(i).distanceMm();
                    if (hi - lo > 1.5 * nominal && d > lo && d < hi) {
                        primary.addProblem(Problem.blocking(Problem.Code.SKIPPED_FILE, s.header().file(), String.format(
                                Locale.ROOT, "lies in the gap between %s and %s but has another matrix or pixel spacing "
                                        + "(%d×%d, %.4f mm, not %d×%d, %.4f mm), so it was split off: its slice is missing "
                                        + "from the volume", refs.get(i - 1).header().file().getFileName(),
                                refs.get(i).header().file().getFileName(), other.columns(), other.rows(),
                                other.spacingMm()[0], primary.columns(), primary.rows(), primary.spacingMm()[0])));
                    }
                }
            }
        }
    }

    private static boolean sameSize(Stack a, Stack b) {
        return a.rows() == b.rows() && a.columns() == b.columns();
    }

    private static boolean sameOrientation(double[] a, double[] b) {
        for (int i = 0; i < 6; i++) {
            if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE * 10) {
                return false;
            }
        }
        return true;
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

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double positiveMedian(double[] v) {
        double[] pos = java.util.Arrays.stream(v).filter(d -> d >= SPACING_ABSOLUTE_TOLERANCE_MM).toArray();
        return pos.length == 0 ? 0 : median(pos);
    }
}
