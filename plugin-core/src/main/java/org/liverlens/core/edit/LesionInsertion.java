package org.liverlens.core.edit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.liverlens.core.synth.Appearance;
import org.liverlens.core.synth.InsertedLesion;
import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.synth.LesionSynthesis;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Inserts a new lesion through the shared lesion synthesis ({@link LesionSynthesis}, also used to make
 * training data): resolves the location (a voxel, a patient point, or the nearest free place beside a
 * lesion), refuses a lesion whose sphere would reach outside the liver by more than a tenth (into the
 * heart, lung, gallbladder...) or onto another lesion, moves an accepted one that would touch the liver's
 * edge inward until a rim of parenchyma surrounds it ({@link #inward}), and maps the instruction's
 * appearance onto the lesion model.
 */
final class LesionInsertion {
    /** Largest share of the new lesion's sphere that may lie outside the liver (clipped there by the synthesis). */
    static final double MAX_OUTSIDE = 0.10;
    /** Gap kept between a lesion placed "near lesion N" and that lesion. */
    static final double GAP_MM = 3;
    /**
     * Parenchyma kept between a new lesion and the liver's edge: a request whose sphere plus this rim
     * reaches out of the liver is moved inward (by at most the lesion's radius) to the nearest centre
     * where it does not, so that the liver mask does not cut the lesion flat. Lesions over
     * {@link #MAX_NUDGED_MM} are not moved (the search would cost seconds); their sphere may still lie up to
     * {@link #MAX_OUTSIDE} out of the liver, clipped there.
     */
    static final double RIM_MM = 3;
    static final double MAX_NUDGED_MM = 50;
    /** Farthest a centre is moved inward. */
    static final double MAX_SHIFT_MM = 10;

    private LesionInsertion() {
    }

    /** The voxels changed, the new lesion, figures, and the lesion model drawn against the parenchyma HU. */
    record Done(BitMask region, BitMask lesion, Map<String, Object> figures, LesionModel model, double parenchymaHu,
                double parenchymaSdHu) {
    }

    static Done insert(HuVolume out, BitMask liver, BitMask near, BitMask lesions, EditInstruction.AddLesion a,
                       long seed) {
        VolumeGeometry g = out.geometry();
        double radius = a.diameterMm() / 2;
        int[] centre;
        if (a.location() instanceof EditInstruction.Location.Voxel v) {
            centre = new int[] {v.i(), v.j(), v.k()};
        } else if (a.location() instanceof EditInstruction.Location.Mm m) {
            double[] v = g.toVoxel(m.x(), m.y(), m.z());
            centre = new int[] {(int) Math.round(v[0]), (int) Math.round(v[1]), (int) Math.round(v[2])};
        } else {
            centre = besideLesion(near, liver, lesions, radius, a.text());
        }
        if (!g.contains(centre[0], centre[1], centre[2])) {
            throw new InvalidEditException(String.format(Locale.ROOT, "'%s': voxel %d,%d,%d is outside the series "
                    + "(%d × %d × %d voxels)", a.text(), centre[0], centre[1], centre[2], g.columns(), g.rows(),
                    g.slices()), "give a point inside the liver");
        }
        if (!liver.get(centre[0], centre[1], centre[2])) {
            throw new InvalidEditException(String.format(Locale.ROOT, "'%s': voxel %d,%d,%d is not in the liver",
                    a.text(), centre[0], centre[1], centre[2]), "a lesion is inserted inside the liver only; pick a "
                    + "point inside the liver segment");
        }
        double[] fit = fit(liver, lesions, centre, radius);
        if (fit[0] > MAX_OUTSIDE) {
            throw new InvalidEditException(String.format(Locale.ROOT, "'%s': %.0f%% of a %.0f mm lesion at voxel "
                    + "%d,%d,%d would lie outside the liver (into the heart, lung or another organ)", a.text(),
                    100 * fit[0], a.diameterMm(), centre[0], centre[1], centre[2]),
                    "move it deeper into the liver, or make it smaller");
        }
        if (fit[1] > 0) {
            throw new InvalidEditException(String.format(Locale.ROOT, "'%s': a %.0f mm lesion at voxel %d,%d,%d "
                    + "would overlap an existing lesion", a.text(), a.diameterMm(), centre[0], centre[1], centre[2]),
                    "move it, or use 'near lesion N' to place it beside one");
        }
        int[] requested = centre;
        centre = inward(liver, lesions, centre, radius);
        LesionModel model = switch (a.appearance().kind()) {
            case HYPODENSE -> LesionModel.typical(a.diameterMm(), Appearance.HYPODENSE);
            case HYPERDENSE -> LesionModel.typical(a.diameterMm(), Appearance.HYPERENHANCING);
            case RIM_ENHANCING -> LesionModel.typical(a.diameterMm(), Appearance.RIM_ENHANCING);
            case NECROTIC -> LesionModel.typical(a.diameterMm(), Appearance.NECROTIC);
            case HU_VALUE -> LesionModel.ofHu(a.diameterMm(), a.appearance().hu());
        };
        InsertedLesion inserted = LesionSynthesis.insert(out, liver, lesions,
                new double[] {centre[0], centre[1], centre[2]}, model, seed);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("centreVoxel", centre);
        figures.put("requestedCentreVoxel", requested);
        double[] sp = g.spacingMm();
        figures.put("movedInwardMm", Math.sqrt(Math.pow((centre[0] - requested[0]) * sp[0], 2)
                + Math.pow((centre[1] - requested[1]) * sp[1], 2) + Math.pow((centre[2] - requested[2]) * sp[2], 2)));
        figures.put("centreMm", g.toMm(centre[0], centre[1], centre[2]));
        figures.put("diameterMm", a.diameterMm());
        figures.put("appearance", a.appearance().toString());
        figures.put("lesionModel", model.toString());
        figures.put("lesionVoxels", inserted.lesion().count());
        figures.put("lesionMeanHu", inserted.lesionMeanHu());
        figures.put("parenchymaHu", inserted.parenchymaHu());
        figures.put("parenchymaSdHu", inserted.parenchymaSdHu());
        return new Done(inserted.changed(), inserted.lesion(), figures, model, inserted.parenchymaHu(),
                inserted.parenchymaSdHu());
    }

    /**
     * {@code c}, or when its sphere plus {@link #RIM_MM} reaches out of the liver or onto a lesion, the
     * nearest centre within min(radius, {@link #MAX_SHIFT_MM}) where it does not (still {@code c} when there
     * is none, or when the lesion is over {@link #MAX_NUDGED_MM}).
     */
    static int[] inward(BitMask liver, BitMask lesions, int[] c, double radiusMm) {
        if (2 * radiusMm > MAX_NUDGED_MM || clear(liver, lesions, c, radiusMm + RIM_MM)) {
            return c;
        }
        VolumeGeometry g = liver.geometry();
        double[] s = g.spacingMm();
        double shift = Math.min(radiusMm, MAX_SHIFT_MM);
        int ri = (int) Math.floor(shift / s[0]);
        int rj = (int) Math.floor(shift / s[1]);
        int rk = (int) Math.floor(shift / s[2]);
        java.util.List<int[]> offsets = new java.util.ArrayList<>();
        for (int dk = -rk; dk <= rk; dk++) {
            for (int dj = -rj; dj <= rj; dj++) {
                for (int di = -ri; di <= ri; di++) {
                    double d2 = Math.pow(di * s[0], 2) + Math.pow(dj * s[1], 2) + Math.pow(dk * s[2], 2);
                    if (d2 <= shift * shift) {
                        offsets.add(new int[] {di, dj, dk, (int) Math.round(d2 * 1000)});
                    }
                }
            }
        }
        offsets.sort((x, y) -> Integer.compare(x[3], y[3]));
        for (int[] o : offsets) {
            int[] p = {c[0] + o[0], c[1] + o[1], c[2] + o[2]};
            if (!g.contains(p[0], p[1], p[2]) || !liver.get(p[0], p[1], p[2])) {
                continue;
            }
            if (clear(liver, lesions, p, radiusMm + RIM_MM)) {
                return p;
            }
        }
        return c;
    }

    /** Whether the sphere of {@code radiusMm} about {@code c} lies in the volume, in the liver and off every lesion. */
    private static boolean clear(BitMask liver, BitMask lesions, int[] c, double radiusMm) {
        VolumeGeometry g = liver.geometry();
        double[] s = g.spacingMm();
        int ri = (int) Math.ceil(radiusMm / s[0]);
        int rj = (int) Math.ceil(radiusMm / s[1]);
        int rk = (int) Math.ceil(radiusMm / s[2]);
        for (int dk = -rk; dk <= rk; dk++) {
            for (int dj = -rj; dj <= rj; dj++) {
                for (int di = -ri; di <= ri; di++) {
                    if (Math.pow(di * s[0], 2) + Math.pow(dj * s[1], 2) + Math.pow(dk * s[2], 2) > radiusMm * radiusMm) {
                        continue;
                    }
                    int i = c[0] + di;
                    int j = c[1] + dj;
                    int k = c[2] + dk;
                    if (!g.contains(i, j, k) || !liver.get(i, j, k) || lesions.get(i, j, k)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {share of the sphere outside the liver, voxels of it on a lesion}. */
    static double[] fit(BitMask liver, BitMask lesions, int[] c, double radiusMm) {
        VolumeGeometry g = liver.geometry();
        double[] s = g.spacingMm();
        int ri = (int) Math.ceil(radiusMm / s[0]);
        int rj = (int) Math.ceil(radiusMm / s[1]);
        int rk = (int) Math.ceil(radiusMm / s[2]);
        long total = 0;
        long outside = 0;
        long onLesion = 0;
        for (int dk = -rk; dk <= rk; dk++) {
            for (int dj = -rj; dj <= rj; dj++) {
                for (int di = -ri; di <= ri; di++) {
                    double x = di * s[0];
                    double y = dj * s[1];
                    double z = dk * s[2];
                    if (x * x + y * y + z * z > radiusMm * radiusMm) {
                        continue;
                    }
                    total++;
                    int i = c[0] + di;
                    int j = c[1] + dj;
                    int k = c[2] + dk;
                    if (!g.contains(i, j, k) || !liver.get(i, j, k)) {
                        outside++;
                    } else if (lesions.get(i, j, k)) {
                        onLesion++;
                    }
                }
            }
        }
        return new double[] {total == 0 ? 1 : (double) outside / total, onLesion};
    }

    /**
     * The first place, going out from lesion N's surface in 26 directions, where a sphere of the new
     * radius lies inside the liver (within {@link #MAX_OUTSIDE}) and clear of every lesion by {@link #GAP_MM}.
     */
    private static int[] besideLesion(BitMask lesion, BitMask liver, BitMask lesions, double radiusMm, String edit) {
        VolumeGeometry g = liver.geometry();
        double[] s = g.spacingMm();
        double[] c = LesionResize.centroid(lesion);
        int[] box = lesion.boundingBox();
        double lesionRadius = 0;
        for (int a = 0; a < 3; a++) {
            lesionRadius = Math.max(lesionRadius, (box[a + 3] - box[a] + 1) * s[a] / 2);
        }
        for (double extra = 0; extra <= 40; extra += 2) {
            double dist = lesionRadius + GAP_MM + radiusMm + extra;
            for (int dz = 0; dz <= 2; dz++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int zz = dz == 0 ? 0 : dz == 1 ? -1 : 1; // in-plane directions first
                        if (dx == 0 && dy == 0 && zz == 0) {
                            continue;
                        }
                        double len = Math.sqrt(dx * dx + dy * dy + zz * zz);
                        int i = (int) Math.round(c[0] + dx / len * dist / s[0]);
                        int j = (int) Math.round(c[1] + dy / len * dist / s[1]);
                        int k = (int) Math.round(c[2] + zz / len * dist / s[2]);
                        if (!g.contains(i, j, k) || !liver.get(i, j, k)) {
                            continue;
                        }
                        int[] p = {i, j, k};
                        double[] f = fit(liver, lesions, p, radiusMm + GAP_MM);
                        if (f[0] <= MAX_OUTSIDE && f[1] == 0) {
                            return p;
                        }
                    }
                }
            }
        }
        throw new InvalidEditException("'" + edit + "': no place beside that lesion where the new lesion fits inside "
                + "the liver", "make it smaller, or give its position with 'at I,J,K'");
    }
}
