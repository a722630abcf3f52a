package org.liverlens.core.edit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.DistanceMap;
import org.liverlens.core.volume.HuVolume;

/**
 * Removes one lesion: the lesion and a thin margin of liver around it (where its partial-volume edge
 * lies, grown where the lesion's edge reaches farther) are filled with parenchyma by {@link ParenchymaFill}, and vessels that cross it in line are
 * continued through the fill ({@link VesselContinuation}). Voxels outside that region keep their exact
 * values.
 */
final class LesionRemoval {
    /** The margin around the lesion that is filled too (its blurred edge), at least one voxel in-plane. */
    static final double MARGIN_MM = 1.5;
    /** The margin grows to at most this while the liver just outside it still carries the lesion's edge. */
    static final double MAX_MARGIN_MM = 5;
    /** Where the parenchyma's own level is taken: liver this far from the lesion (mm). */
    private static final double REFERENCE_FROM_MM = 8;
    private static final double REFERENCE_TO_MM = 15;

    private LesionRemoval() {
    }

    /** What one removal changed: its region (box-local) and figures. */
    record Done(BitMask region, Map<String, Object> figures) {
    }

    /**
     * Fills {@code lesion} and its margin in {@code out} (which may hold earlier edits) with parenchyma of
     * {@code liver}; {@code otherLesions} are neither changed nor sampled.
     */
    static Done remove(HuVolume out, BitMask liver, BitMask lesion, BitMask otherLesions, long seed, String edit) {
        int[] bbox = lesion.boundingBox();
        if (bbox == null) {
            throw new InvalidEditException("'" + edit + "': the lesion has no voxel left (already removed?)");
        }
        EditBox b = EditBox.around(out.geometry(), bbox, ParenchymaFill.NPS_MM + 2 * MAX_MARGIN_MM);
        float[] hu = b.read(out);
        boolean[] les = b.read(lesion);
        boolean[] liv = b.read(liver);
        boolean[] other = b.read(otherLesions);
        float[] d = DistanceMap.of(les, b.nx, b.ny, b.nz, b.spacingMm);
        double margin = margin(b, hu, les, liv, other, d);
        boolean[] region = new boolean[hu.length];
        for (int q = 0; q < hu.length; q++) {
            region[q] = les[q] || (d[q] <= margin && liv[q] && !other[q]);
        }
        ParenchymaFill.Filled f = ParenchymaFill.fill(b, hu, region, liv, or(les, other), seed, edit);
        int vessels = VesselContinuation.apply(b, hu, f.values(), region, liv, or(les, other), f.surroundMeanHu(),
                f.surroundSdHu());
        b.write(out, f.values(), region);
        BitMask r = new BitMask(out.geometry());
        b.set(r, region);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("filledMeanHu", f.filledMeanHu());
        figures.put("filledSdHu", f.filledSdHu());
        figures.put("surroundingMeanHu", f.surroundMeanHu());
        figures.put("surroundingSdHu", f.surroundSdHu());
        figures.put("noiseSdHu", f.noiseSdHu());
        figures.put("marginMm", margin);
        figures.put("vesselsContinued", vessels);
        return new Done(r, figures);
    }

    /**
     * The margin: {@link #MARGIN_MM} (at least one in-plane voxel), grown by one in-plane voxel at a time,
     * up to {@link #MAX_MARGIN_MM}, while the median of the liver in the next band still lies more than
     * max(3 HU, a quarter of the parenchyma's robust SD) from the parenchyma's median 8-15 mm out, on the
     * lesion's side: an ill-defined or blurred lesion edge that a fixed margin would leave as a halo
     * around the fill.
     */
    static double margin(EditBox b, float[] hu, boolean[] les, boolean[] liv, boolean[] other, float[] d) {
        double step = Math.max(b.spacingMm[0], b.spacingMm[1]);
        double margin = Math.max(MARGIN_MM, step * 1.01);
        List<Float> reference = new ArrayList<>();
        List<Float> lesion = new ArrayList<>();
        for (int q = 0; q < hu.length; q++) {
            if (les[q]) {
                lesion.add(hu[q]);
            } else if (liv[q] && !other[q] && d[q] > REFERENCE_FROM_MM && d[q] <= REFERENCE_TO_MM) {
                reference.add(hu[q]);
            }
        }
        if (reference.size() < 20 || lesion.isEmpty()) {
            return margin;
        }
        double ref = median(reference);
        List<Float> dev = new ArrayList<>();
        for (float v : reference) {
            dev.add((float) Math.abs(v - ref));
        }
        double threshold = Math.max(3, 0.25 * 1.4826 * median(dev));
        double side = Math.signum(median(lesion) - ref);
        while (margin + step <= MAX_MARGIN_MM + 1e-6) {
            List<Float> band = new ArrayList<>();
            for (int q = 0; q < hu.length; q++) {
                if (!les[q] && liv[q] && !other[q] && d[q] > margin && d[q] <= margin + step) {
                    band.add(hu[q]);
                }
            }
            if (band.size() < 10 || (median(band) - ref) * side <= threshold) {
                break;
            }
            margin += step;
        }
        return margin;
    }

    private static double median(List<Float> v) {
        List<Float> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] o = new boolean[a.length];
        for (int q = 0; q < a.length; q++) {
            o[q] = a[q] || b[q];
        }
        return o;
    }
}
