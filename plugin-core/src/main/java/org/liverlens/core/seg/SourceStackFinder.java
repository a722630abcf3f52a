package org.liverlens.core.seg;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.work.InvalidInputException;

/** Finds, in a folder scan, the CT stack a SEG was made from. */
final class SourceStackFinder {
    private SourceStackFinder() {
    }

    /**
     * The stack of a folder scan a SEG belongs to: the stack of its referenced series that has its
     * orientation and matrix (primary first); else the only series with its Frame of Reference;
     * else the only image series. SEG series in the folder are ignored.
     *
     * @throws InvalidInputException when the folder holds no image series, or several and none is the SEG's
     */
    static Stack find(SegDocument seg, ScanResult scan) {
        List<SeriesInfo> images = scan.series().stream().filter(s -> !"SEG".equals(s.modality())
                && !s.stacks().isEmpty()).toList();
        if (images.isEmpty()) {
            throw new InvalidInputException("no image series found" + (scan.skipped().isEmpty() ? ""
                    : " (" + scan.skipped().size() + " file(s) skipped, e.g. " + scan.skipped().get(0).file().getFileName()
                    + ": " + scan.skipped().get(0).reason() + ")"), scan.root(), "point --ct at the CT series folder");
        }
        Set<String> referenced = seg.referencedSeries().stream().map(ReferencedSeries::seriesInstanceUid)
                .collect(Collectors.toSet());
        List<SeriesInfo> chosen = images.stream().filter(s -> referenced.contains(s.seriesInstanceUid())).toList();
        if (chosen.isEmpty() && !seg.frameOfReferenceUid().isEmpty()) {
            chosen = images.stream().filter(s -> seg.frameOfReferenceUid().equals(s.first().frameOfReferenceUid()))
                    .toList();
        }
        if (chosen.isEmpty() && images.size() == 1) {
            chosen = images;
        }
        if (chosen.size() != 1) {
            throw new InvalidInputException(images.size() + " image series found and " + (chosen.isEmpty()
                    ? "none is" : chosen.size() + " are") + " the series the SEG references" + SegGridMapper.referencedSeriesHint(seg),
                    scan.root(), "point --ct at the folder of the CT series the SEG was made from");
        }
        SeriesInfo series = chosen.get(0);
        double[] o = seg.orientation();
        for (Stack st : series.stacks()) { // primary first
            if (st.rows() == seg.rows() && st.columns() == seg.columns()
                    && (o == null || SegGridMapper.sameOrientation(o, st.orientation()))) {
                return st;
            }
        }
        return series.primaryStack().orElse(series.stacks().get(0));
    }
}
