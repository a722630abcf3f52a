package org.liverlens.core.edit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.DistanceMap;
import org.liverlens.core.volume.HuVolume;

/**
 * Grows or shrinks one lesion by scaling it about its centroid: the new lesion's voxel at x takes the
 * lesion's value (and membership) at centroid + (x − centroid) / factor, so its shape and texture scale
 * with it. Shrinking first fills the old lesion and its margin with parenchyma ({@link ParenchymaFill});
 * growing stays inside the liver and off other lesions, and refuses when more than a tenth of the grown
 * lesion would leave the liver.
 */
final class LesionResize {
    /** Largest share of the grown lesion that may fall outside the liver (it is clipped there). */
    static final double MAX_OUTSIDE = 0.10;

    private LesionResize() {
    }

    /** The region changed, the new lesion mask and figures. */
    record Done(BitMask region, BitMask lesion, Map<String, Object> figures) {
    }

    static Done resize(HuVolume out, BitMask liver, BitMask lesion, BitMask otherLesions, double factor, long seed,
                       String edit) {
        int[] bbox = lesion.boundingBox();
        if (bbox == null) {
            throw new InvalidEditException("'" + edit + "': the lesion has no voxel left (already removed?)");
        }
        double[] c = centroid(lesion);
        int[] scaled = new int[6];
        for (int a = 0; a < 3; a++) {
            scaled[a] = (int) Math.floor(c[a] + (bbox[a] - c[a]) * Math.max(1, factor)) - 1;
            scaled[a + 3] = (int) Math.ceil(c[a] + (bbox[a + 3] - c[a]) * Math.max(1, factor)) + 1;
        }
        EditBox b = EditBox.around(out.geometry(), scaled, ParenchymaFill.NPS_MM + 2 * LesionRemoval.MAX_MARGIN_MM);
        float[] before = b.read(out);
        boolean[] les = b.read(lesion);
        boolean[] liv = b.read(liver);
        boolean[] other = b.read(otherLesions);
        int n = before.length;

        // The scaled lesion and its values, sampled from the lesion before the edit.
        boolean[] grown = new boolean[n];
        float[] values = new float[n];
        long inside = 0;
        long total = 0;
        for (int z = 0; z < b.nz; z++) {
            for (int y = 0; y < b.ny; y++) {
                for (int x = 0; x < b.nx; x++) {
                    int sx = (int) Math.round(c[0] - b.i0 + (b.i0 + x - c[0]) / factor);
                    int sy = (int) Math.round(c[1] - b.j0 + (b.j0 + y - c[1]) / factor);
                    int sz = (int) Math.round(c[2] - b.k0 + (b.k0 + z - c[2]) / factor);
                    if (sx < 0 || sy < 0 || sz < 0 || sx >= b.nx || sy >= b.ny || sz >= b.nz) {
                        continue;
                    }
                    int s = b.index(sx, sy, sz);
                    if (!les[s]) {
                        continue;
                    }
                    int q = b.index(x, y, z);
                    total++;
                    if (liv[q] && !other[q]) {
                        grown[q] = true;
                        values[q] = before[s];
                        inside++;
                    }
                }
            }
        }
        if (total == 0 || inside == 0) {
            throw new InvalidEditException("'" + edit + "': the lesion would vanish at this scale (fewer than one "
                    + "voxel)", "shrink by less, or remove the lesion");
        }
        double outside = 1 - (double) inside / total;
        if (outside > MAX_OUTSIDE) {
            throw new InvalidEditException(String.format(Locale.ROOT, "'%s': %.0f%% of the grown lesion would lie "
                    + "outside the liver or on another lesion", edit, 100 * outside),
                    "grow by less; a lesion is kept inside the liver");
        }
        boolean[] region = grown.clone();
        Map<String, Object> figures = new LinkedHashMap<>();
        if (factor < 1) {
            float[] d = DistanceMap.of(les, b.nx, b.ny, b.nz, b.spacingMm);
            double margin = LesionRemoval.margin(b, before, les, liv, other, d);
            boolean[] fillRegion = new boolean[n];
            for (int q = 0; q < n; q++) {
                fillRegion[q] = les[q] || (d[q] <= margin && liv[q] && !other[q]);
            }
            ParenchymaFill.Filled f = ParenchymaFill.fill(b, before, fillRegion, liv, LesionRemoval.or(les, other),
                    seed, edit);
            float[] merged = f.values();
            for (int q = 0; q < n; q++) {
                if (grown[q]) {
                    merged[q] = values[q];
                }
                region[q] = fillRegion[q] || grown[q];
            }
            values = merged;
            figures.put("filledMeanHu", f.filledMeanHu());
            figures.put("filledSdHu", f.filledSdHu());
            figures.put("surroundingMeanHu", f.surroundMeanHu());
            figures.put("surroundingSdHu", f.surroundSdHu());
        } else {
            for (int q = 0; q < n; q++) {
                if (les[q]) {
                    region[q] = true;
                    if (!grown[q]) {
                        values[q] = before[q];
                    }
                }
            }
        }
        b.write(out, values, region);
        BitMask r = new BitMask(out.geometry());
        b.set(r, region);
        BitMask newLesion = new BitMask(out.geometry());
        b.set(newLesion, grown);
        figures.put("factor", factor);
        figures.put("voxelsBefore", lesion.count());
        figures.put("voxelsAfter", inside);
        figures.put("clippedVoxels", total - inside);
        return new Done(r, newLesion, figures);
    }

    static double[] centroid(BitMask m) {
        int[] box = m.boundingBox();
        double si = 0;
        double sj = 0;
        double sk = 0;
        long n = 0;
        for (int k = box[2]; k <= box[5]; k++) {
            if (m.isSliceEmpty(k)) {
                continue;
            }
            for (int j = box[1]; j <= box[4]; j++) {
                for (int i = box[0]; i <= box[3]; i++) {
                    if (m.get(i, j, k)) {
                        si += i;
                        sj += j;
                        sk += k;
                        n++;
                    }
                }
            }
        }
        return new double[] {si / n, sj / n, sk / n};
    }
}
