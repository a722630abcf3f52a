package org.liverlens.core.service;

import java.util.Locale;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.measure.SegmentColours;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.seg.AlgorithmType;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * A lesion found from clicks or a box ({@link PromptService}) as a SEG segment, the way {@code
 * liverlens prompt} and the viewer's lesion tool both add it: a SEMIAUTOMATIC Neoplasm segment by
 * the prompt algorithm, in the palette's lesion colour of its number, and measured as findings.json
 * measures a lesion segment.
 */
public final class PromptedLesion {
    /** The SegmentAlgorithmName (0062,0009) of prompted lesions. */
    public static final String ALGORITHM = "LiverLens prompt (classical region competition)";
    public static final String ALGORITHM_VERSION = "1";

    private PromptedLesion() {
    }

    /** The segment description of a prompted lesion with segment number {@code number}. */
    public static Segment segment(int number, String label, PromptResult r) {
        int[] rgb = SegmentColours.lesion(number);
        String description = String.format(Locale.ROOT, "prompted; confidence %.2f", r.confidence());
        return new Segment(number, label, Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.NEOPLASM,
                AlgorithmType.SEMIAUTOMATIC, ALGORITHM, ALGORITHM_VERSION, CieLab.fromRgb(rgb[0], rgb[1], rgb[2]),
                description);
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
