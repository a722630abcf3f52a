package org.liverlens.core.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import java.util.function.Supplier;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Measurements;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;

/**
 * What an edit works on: the CT, the liver (lesions included) and the lesions numbered as
 * {@code measure} numbers them ({@code lesions.get(0)} is lesion 1, the largest), all on the CT grid,
 * and where the liver came from ({@code liverSource}: the SEG, or the default model when the SEG has no
 * liver segment).
 */
public record EditScene(HuVolume ct, BitMask liver, List<BitMask> lesions, String liverSource) {
    /** {@code liverSource} when the liver segment of the SEG was used. */
    public static final String LIVER_FROM_SEG = "SEG liver segment";
    /** {@code liverSource} when the SEG had no liver and the default model segmented it. */
    public static final String LIVER_FROM_MODEL = "default model (the SEG has no liver segment)";

    /**
     * The scene of a SEG mapped onto {@code ct}: lesions and their numbers from {@link Measurements#ofSegments}
     * (as {@code measure} gives them); the liver from the SEG's liver segments, else from {@code modelLiver}
     * (called only then), joined with the lesions.
     */
    public static EditScene of(HuVolume ct, SegmentSet seg, String seriesUid, Supplier<BitMask> modelLiver) {
        Measurements.Measured m = Measurements.ofSegments(ct, seg, seriesUid,
                new Findings.Source(Findings.SourceKind.SEG, "edit"));
        LabelVolume overlay = m.overlay();
        List<BitMask> lesions = new ArrayList<>();
        for (LesionMeasurement l : m.findings().lesions()) {
            lesions.add(overlay.mask(l.id() + 1));
        }
        BitMask liver;
        String source;
        if (m.findings().liverSegmented()) {
            liver = new BitMask(ct.geometry());
            liver.addAll(overlay.mask(1));
            source = LIVER_FROM_SEG;
        } else {
            liver = new BitMask(ct.geometry());
            liver.addAll(modelLiver.get());
            source = LIVER_FROM_MODEL;
        }
        for (BitMask l : lesions) {
            liver.addAll(l);
        }
        return new EditScene(ct, liver, lesions, source);
    }

    public EditScene {
        if (ct == null || liver == null || lesions == null || liverSource == null) {
            throw new IllegalArgumentException("ct, liver and lesions are required");
        }
        int[] size = ct.geometry().size();
        List<BitMask> all = new ArrayList<>(lesions);
        all.add(liver);
        for (BitMask m : all) {
            if (!Arrays.equals(m.geometry().size(), size)) {
                throw new IllegalArgumentException("a mask on a " + Arrays.toString(m.geometry().size())
                        + " grid does not fit a CT of " + Arrays.toString(size));
            }
        }
        lesions = List.copyOf(lesions);
    }

    /** Lesion {@code n} (from 1), or an {@link InvalidEditException} naming how many there are. */
    public BitMask lesion(int n, String edit) {
        if (n < 1 || n > lesions.size()) {
            throw new InvalidEditException(String.format(Locale.ROOT, "'%s' asks for lesion %d, but the SEG has %s",
                    edit, n, lesions.isEmpty() ? "no lesion" : lesions.size() == 1 ? "1 lesion (lesion 1)"
                            : lesions.size() + " lesions (1-" + lesions.size() + ")"),
                    "lesions are numbered as 'liverlens measure DIR --seg SEG' lists them, 1 = largest");
        }
        return lesions.get(n - 1);
    }
}
