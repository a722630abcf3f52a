package org.liverlens.core.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the scanner finds out about the stacks of one series: a stack's nominal spacing and its
 * gaps, uneven steps, duplicate positions, header defects, transfer syntaxes; the role of each
 * stack in its series (primary, reformat, localizer, other); and which split-off slice a gap of
 * the primary stack misses.
 */
final class StackAnalysis {
    private StackAnalysis() {
    }

    /** Builds a stack and reports duplicates, gaps and uneven spacing between its slices. */
    static Stack analyse(List<SliceRef> refs) {
        SliceHeader first = refs.get(0).header();
        double[] o = first.orientation();
        double[] iDir = {o[0], o[1], o[2]};
        double[] jDir = {o[3], o[4], o[5]};
        double[] normal = DicomScanner.normal(o);
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
            if (nominal < DicomScanner.SPACING_ABSOLUTE_TOLERANCE_MM) {
                nominal = Math.max(positiveMedian(gaps), DicomScanner.SPACING_ABSOLUTE_TOLERANCE_MM);
            }
            double tolerance = Math.max(DicomScanner.SPACING_ABSOLUTE_TOLERANCE_MM, DicomScanner.SPACING_RELATIVE_TOLERANCE * nominal);
            int missingTotal = 0;
            double worstUneven = 0;
            SliceRef worstAt = null;
            for (int i = 0; i < gaps.length; i++) {
                double d = gaps[i];
                SliceRef a = refs.get(i);
                SliceRef b = refs.get(i + 1);
                if (d < DicomScanner.SPACING_ABSOLUTE_TOLERANCE_MM) {
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

    static void assignRoles(List<Stack> stacks, List<Problem> seriesProblems) {
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
                what = DicomScanner.orientationName(other.normal()) + " reformat";
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
                    primary.slices().size(), DicomScanner.orientationName(primary.normal()));
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
    static void explainGaps(List<Stack> stacks) {
        Stack primary = stacks.get(0);
        List<SliceRef> refs = primary.slices();
        double nominal = primary.spacingMm()[2];
        for (Stack other : stacks.subList(1, stacks.size())) {
            if (other.role() != Stack.Role.OTHER || !sameOrientation(other.orientation(), primary.orientation())) {
                continue;
            }
            for (SliceRef s : other.slices()) {
                double d = DicomScanner.dot(s.positionMm(), primary.normal());
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
            if (Math.abs(a[i] - b[i]) > DicomScanner.ORIENTATION_TOLERANCE * 10) {
                return false;
            }
        }
        return true;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double positiveMedian(double[] v) {
        double[] pos = java.util.Arrays.stream(v).filter(d -> d >= DicomScanner.SPACING_ABSOLUTE_TOLERANCE_MM).toArray();
        return pos.length == 0 ? 0 : median(pos);
    }
}
