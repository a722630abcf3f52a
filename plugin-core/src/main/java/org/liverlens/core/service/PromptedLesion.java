package org.liverlens.core.service;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.measure.SegmentColours;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.PromptSegmenter;
import org.liverlens.core.seg.AlgorithmType;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * A lesion found from clicks or a box ({@link PromptService}) as a SEG segment, the way {@code
 * liverlens prompt} and the viewer's lesion tool both add it: a SEMIAUTOMATIC Neoplasm segment by
 * the prompt algorithm, in the palette's lesion colour of its number, and measured as findings.json
 * measures a lesion segment.
 */
public final class PromptedLesion {
    private PromptedLesion() {
    }

    /**
     * The segment of a prompted lesion with segment number {@code number}, found by {@code method}: its
     * Segment Algorithm Name and version are the method's, so that the SEG says which method drew it.
     */
    public static Segment segment(int number, String label, PromptResult r, PromptSegmenter method) {
        int[] rgb = SegmentColours.lesion(number);
        String description = String.format(Locale.ROOT, "prompted; confidence %.2f", r.confidence());
        return new Segment(number, label, Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.NEOPLASM,
                AlgorithmType.SEMIAUTOMATIC, method.algorithmName(), method.algorithmVersion(),
                CieLab.fromRgb(rgb[0], rgb[1], rgb[2]), description);
    }

    /**
     * The liver as an organ, the mask a prompt keeps its lesion in: the union of the liver segments
     * and, when there is one, of the lesion segments (a LiverLens SEG holds the liver without its
     * lesions, so a click on one of them must still be inside the liver); null without a liver segment.
     * {@code liverlens prompt --seg} and the viewer's lesion tool both use it.
     *
     * @param maskOf a segment number's mask on {@code grid}
     */
    public static BitMask liver(VolumeGeometry grid, List<Segment> segments, IntFunction<BitMask> maskOf) {
        BitMask liver = null;
        for (Segment s : segments) {
            if (Codes.isLiver(s)) {
                if (liver == null) {
                    liver = new BitMask(grid);
                }
                liver.addAll(maskOf.apply(s.number()));
            }
        }
        for (Segment s : segments) {
            if (liver != null && Codes.isLesion(s)) {
                liver.addAll(maskOf.apply(s.number()));
            }
        }
        return liver;
    }

    /**
     * The largest lesion of {@code mask} measured as the lesion segment {@code segment} (volume, RECIST,
     * HU), or null when the mask is empty. Takes a few hundred milliseconds: off the UI thread.
     */
    public static LesionMeasurement measure(HuVolume ct, Segment segment, BitMask mask, String seriesInstanceUid) {
        SegmentSet set = SegmentSet.binary(ct.geometry());
        set.addBinary(segment).addAll(mask);
        Findings findings = Measurements.ofSegments(ct, set, seriesInstanceUid,
                new Findings.Source(Findings.SourceKind.PROMPT, "prompt")).findings();
        return findings.lesions().isEmpty() ? null : findings.lesions().get(0);
    }
}
