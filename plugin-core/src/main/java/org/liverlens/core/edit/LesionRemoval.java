package org.liverlens.core.edit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.DistanceMap;
import org.liverlens.core.volume.HuVolume;

/**
 * Removes one lesion: the lesion and a thin margin of liver around it (where its partial-volume edge
 * lies) are filled with parenchyma by {@link ParenchymaFill}, and vessels that cross it in line are
 * continued through the fill ({@link VesselContinuation}). Voxels outside that region keep their exact
 * values.
 */
final class LesionRemoval {
    /** The margin around the lesion that is filled too (its blurred edge), at least one voxel in-plane. */
    static final double MARGIN_MM = 1.5;

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
        EditBox b = EditBox.around(out.geometry(), bbox, ParenchymaFill.NPS_MM + 2 * MARGIN_MM);
        float[] hu = b.read(out);
        boolean[] les = b.read(lesion);
        boolean[] liv = b.read(liver);
        boolean[] other = b.read(otherLesions);
        float[] d = DistanceMap.of(les, b.nx, b.ny, b.nz, b.spacingMm);
        double margin = Math.max(MARGIN_MM, Math.max(b.spacingMm[0], b.spacingMm[1]) * 1.01);
        boolean[] region = new boolean[hu.length];
        for (int q = 0; q < hu.length; q++) {
            region[q] = les[q] || (d[q] <= margin && liv[q] && !other[q]);
        }
        ParenchymaFill.Filled f = ParenchymaFill.fill(out, b, hu, region, liv, or(les, other), seed, edit);
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

    static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] o = new boolean[a.length];
        for (int q = 0; q < a.length; q++) {
            o[q] = a[q] || b[q];
        }
        return o;
    }
}
