package org.liverlens.core.measure;

import java.util.Locale;

import org.liverlens.core.seg.AlgorithmType;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The segment layout of the SEG that {@code liverlens segment} writes: segment 1 "Liver" (Anatomical
 * Structure / Liver, the liver without its tumours) and one segment per lesion, segment n + 1
 * "Lesion n" (Morphologically Altered Structure / Neoplasm), numbered as in findings.json. No two
 * segments share a voxel. Why this layout is the one viewers handle best: docs/segmentation.md.
 */
public final class LiverLesionSegments {
    private LiverLesionSegments() {
    }

    /**
     * The segments of a measured label volume ({@link Measurements#ofLabels}), all AUTOMATIC and
     * made by {@code model}.
     */
    public static SegmentSet of(Measurements.Measured measured, ModelInfo model) {
        LabelVolume overlay = measured.overlay();
        Findings findings = measured.findings();
        VolumeGeometry g = overlay.geometry();
        SegmentSet set = SegmentSet.binary(g);
        int lesions = findings.lesionCount();
        BitMask[] byValue = new BitMask[lesions + 2];
        // The liver segment leaves out the lesions (no two segments share a voxel); say so where
        // viewers show it, since its volume is not the liver volume of findings.json.
        String liverDescription = String.format(Locale.ROOT, "%.1f mL with lesions; this segment excludes %s",
                findings.liverVolumeMl(), lesions == 0 ? "nothing (no lesion)" : lesions == 1 ? "lesion segment 2"
                        : "lesion segments 2-" + (lesions + 1));
        byValue[1] = set.addBinary(new Segment(1, "Liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER,
                AlgorithmType.AUTOMATIC, model.name(), model.version(), lab(SegmentColours.LIVER), liverDescription));
        for (LesionMeasurement l : findings.lesions()) {
            if (l.segmentNumber() != l.id() + 1) {
                throw new IllegalArgumentException("lesion " + l.id() + " has segment number " + l.segmentNumber()
                        + ", not " + (l.id() + 1) + ": these findings were not measured from labels");
            }
            Recist r = l.recist();
            String description = String.format(Locale.ROOT, "%.1f mL, RECIST %.1f x %.1f mm", l.volumeMl(),
                    r.longMm(), r.shortMm());
            byValue[l.id() + 1] = set.addBinary(new Segment(l.id() + 1, "Lesion " + l.id(),
                    Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.NEOPLASM,
                    AlgorithmType.AUTOMATIC, model.name(), model.version(),
                    lab(SegmentColours.lesion(l.id())), description));
        }
        for (int k = 0; k < g.slices(); k++) {
            if (overlay.isSliceEmpty(k)) {
                continue;
            }
            short[] s = overlay.slice(k);
            for (int p = 0; p < s.length; p++) {
                int v = s[p] & 0xffff;
                if (v != 0 && v < byValue.length) {
                    byValue[v].setIndex(k, p);
                }
            }
        }
        return set;
    }

    private static int[] lab(int[] rgb) {
        return CieLab.fromRgb(rgb[0], rgb[1], rgb[2]);
    }
}
