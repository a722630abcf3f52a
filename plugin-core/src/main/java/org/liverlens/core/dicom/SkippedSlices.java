package org.liverlens.core.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Gives each damaged image the scanner skipped to the series it evidently belongs to: the series its
 * header names, or, when its header could not be read, the only series whose images lie in the same
 * folder. There it is a missing slice (a {@link Problem.Code#SKIPPED_FILE} problem that blocks the
 * volume unless gaps are allowed): closing the gap silently would make every volume too large or
 * too small.
 */
final class SkippedSlices {
    private SkippedSlices() {
    }

    static void attribute(List<SeriesInfo> series, List<SkippedFile> skipped) {
        for (SkippedFile s : skipped) {
            if (!s.damagedImage()) {
                continue;
            }
            SeriesInfo owner = owner(series, s);
            if (owner == null || owner.stacks().isEmpty()) {
                continue;
            }
            Stack stack = owner.primaryStack().orElse(owner.stacks().get(0));
            stack.addProblem(Problem.blocking(Problem.Code.SKIPPED_FILE, s.file(),
                    "cannot be used (" + s.reason() + ") although it " + (s.seriesInstanceUid() != null
                            && !s.seriesInstanceUid().isEmpty() ? "belongs to this series" : "lies among this series' files")
                            + where(stack, s) + ": its slice is missing from the volume"));
        }
    }

    private static SeriesInfo owner(List<SeriesInfo> series, SkippedFile s) {
        if (s.seriesInstanceUid() != null && !s.seriesInstanceUid().isEmpty()) {
            return series.stream().filter(x -> x.key().equals(s.seriesInstanceUid())).findFirst().orElse(null);
        }
        Path folder = s.file().getParent();
        List<SeriesInfo> here = new ArrayList<>();
        for (SeriesInfo x : series) {
            boolean inFolder = x.stacks().stream().flatMap(st -> st.slices().stream())
                    .anyMatch(r -> Objects.equals(r.header().file().getParent(), folder));
            if (inFolder) {
                here.add(x);
            }
        }
        return here.size() == 1 ? here.get(0) : null;
    }

    private static String where(Stack stack, SkippedFile s) {
        if (s.positionMm() == null) {
            return "";
        }
        double d = DicomScanner.dot(s.positionMm(), stack.normal());
        List<SliceRef> refs = stack.slices();
        double lo = refs.get(0).distanceMm();
        double hi = refs.get(refs.size() - 1).distanceMm();
        if (d > lo && d < hi) {
            return String.format(Locale.ROOT, " and its position (%.3f mm along the normal) lies between loaded slices", d);
        }
        return String.format(Locale.ROOT, " (position %.3f mm along the normal; the loaded slices span %.3f…%.3f mm)",
                d, lo, hi);
    }
}
