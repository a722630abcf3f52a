package org.liverlens.core.segment;

import java.util.Arrays;

import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.DistanceMap;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * How much of a network lesion is enhancing vessel: the bright voxels of the lesion that belong to a
 * bright structure of the liver reaching at least {@link #REACH_MM} beyond the lesion (a vessel that
 * runs through it or into it) and lie at most {@link #VESSEL_RADIUS_MM} inside that structure (a vessel
 * is thin; the core of a bright ball is not), and what the rest of the lesion looks like against its
 * liver ring once those voxels (and the pixels beside them in their slice) are left out. In the arterial
 * phase the network marks parenchyma around enhancing portal branches as lesions (hcc-tace-seg-015,
 * docs/models.md): there the rest is plain parenchyma. A hyper-enhancing tumour stays brighter than
 * its ring without its vessels; a hypodense one is darker. {@link LesionFilter} decides.
 */
final class LesionVessels {
    /** Liver ring around the lesion whose median and robust SD define "bright", mm. */
    static final double RING_INNER_MM = LesionFeatures.RING_INNER_MM;
    static final double RING_OUTER_MM = LesionFeatures.RING_OUTER_MM;
    /**
     * Bright = at least this far above the ring median, HU, and at least {@link #BRIGHT_SD} robust SDs of
     * the ring; when the lesion's own median is not bright by that measure, as far above the higher of the
     * two medians.
     */
    static final double BRIGHT_HU = 40;
    static final double BRIGHT_SD = 3;
    /** A bright structure is a vessel when it reaches this far outside the lesion, mm. */
    static final double REACH_MM = 5;
    /** Bright voxels deeper than this inside their bright structure are not vessel (the core of a bright lesion), mm. */
    static final double VESSEL_RADIUS_MM = 4;
    /** How far around the lesion vessels are followed, mm (beyond {@link #REACH_MM}). */
    private static final double MARGIN_MM = 8;
    /** Fewer remaining voxels than this leave the residual contrast unmeasured (NaN): the lesion is vessel. */
    private static final int MIN_REST_VOXELS = 8;

    /**
     * What was measured. {@code vesselShare}: share of the lesion's voxels on vessels; {@code excessHu}:
     * the lesion's mean HU minus the ring median (vessels included: positive for a lesion that looks
     * hyperdense); {@code residualHu}: median HU of the rest minus the ring median (NaN when (almost)
     * nothing is left); {@code ringMedianHu}, {@code ringSdHu}: the ring's median and robust SD (1.4826
     * MAD); {@code residualSpread}: the rest's robust SD over the ring's (about 1 for plain parenchyma, more
     * for a lesion of two parts, one darker and one brighter than the liver; NaN with the residual).
     * Without a ring: {@link #NONE}.
     */
    record Measure(double vesselShare, double excessHu, double residualHu, double ringMedianHu, double ringSdHu,
                   double residualSpread) {
        static final Measure NONE = new Measure(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private LesionVessels() {
    }

    /**
     * Measures lesion {@code id} of {@code ids} (its bounding box {@code box} = {i0, i1, j0, j1, k0, k1})
     * against {@code labels} (organ = any non-zero label) on the CT.
     */
    static Measure of(HuVolume ct, LabelVolume labels, LabelVolume ids, int id, int[] box) {
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacingMm();
        int[] lo = new int[3];
        int[] n = new int[3];
        for (int a = 0; a < 3; a++) {
            int m = (int) Math.ceil((REACH_MM + MARGIN_MM) / sp[a]) + 1;
            int max = a == 0 ? g.columns() : a == 1 ? g.rows() : g.slices();
            lo[a] = Math.max(0, box[2 * a] - m);
            n[a] = Math.min(max - 1, box[2 * a + 1] + m) - lo[a] + 1;
        }
        int nx = n[0];
        int ny = n[1];
        int nz = n[2];
        int size = nx * ny * nz;
        boolean[] lesion = new boolean[size];
        boolean[] organ = new boolean[size];
        boolean[] liver = new boolean[size];
        float[] hu = new float[size];
        for (int z = 0; z < nz; z++) {
            int k = lo[2] + z;
            short[] s = ct.slice(k);
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int p = (lo[1] + y) * g.columns() + lo[0] + x;
                    int q = (z * ny + y) * nx + x;
                    lesion[q] = (ids.getIndex(k, p) & 0xffff) == id;
                    int l = labels.getIndex(k, p);
                    organ[q] = l != 0;
                    liver[q] = l == Segmenter.LIVER;
                    hu[q] = s[p];
                }
            }
        }
        float[] d = DistanceMap.of(lesion, nx, ny, nz, sp);
        float[] ring = new float[size];
        int nr = 0;
        for (int q = 0; q < size; q++) {
            if (liver[q] && d[q] > RING_INNER_MM && d[q] <= RING_OUTER_MM) {
                ring[nr++] = hu[q];
            }
        }
        if (nr < MIN_REST_VOXELS) {
            return Measure.NONE;
        }
        float[] r = Arrays.copyOf(ring, nr);
        double median = median(r);
        for (int q = 0; q < nr; q++) {
            r[q] = (float) Math.abs(r[q] - median);
        }
        double sd = 1.4826 * median(r);
        float[] inside = new float[size];
        int ni = 0;
        for (int q = 0; q < size; q++) {
            if (lesion[q]) {
                inside[ni++] = hu[q];
            }
        }
        // bright against the ring and, when the lesion's typical voxel is not bright itself, against the
        // lesion too: the brighter half of a textured hyper-enhancing lesion is not a vessel, while a
        // lesion that is all bright (a piece of vessel, a strongly enhancing ball) is told apart by depth
        double step = Math.max(BRIGHT_HU, BRIGHT_SD * sd);
        double own = ni == 0 ? median : median(Arrays.copyOf(inside, ni));
        double brightHu = own < median + step ? Math.max(median, own) + step : median + step;
        boolean[] dull = new boolean[size];
        for (int q = 0; q < size; q++) {
            dull[q] = !(organ[q] && hu[q] >= brightHu);
        }
        float[] depth = DistanceMap.of(dull, nx, ny, nz, sp);
        boolean[] bright = new boolean[size];
        for (int q = 0; q < size; q++) {
            bright[q] = !dull[q];
        }
        // bright organ voxels connected (26) to a bright voxel of the lesion; a component is a vessel when it reaches far enough out
        int[] comp = new int[size];
        int[] queue = new int[size];
        boolean[] vessel = new boolean[size];
        int label = 0;
        for (int q0 = 0; q0 < size; q0++) {
            if (!lesion[q0] || comp[q0] != 0 || dull[q0]) {
                continue;
            }
            label++;
            int tail = Components.floodBox(bright, comp, q0, label, queue, nx, ny, nz);
            double reach = 0;
            for (int t = 0; t < tail; t++) {
                reach = Math.max(reach, d[queue[t]]);
            }
            if (reach >= REACH_MM) {
                for (int t = 0; t < tail; t++) {
                    vessel[queue[t]] = depth[queue[t]] <= VESSEL_RADIUS_MM;
                }
            }
        }
        long voxels = 0;
        long onVessel = 0;
        double sum = 0;
        float[] rest = new float[size];
        int nRest = 0;
        for (int q = 0; q < size; q++) {
            if (!lesion[q]) {
                continue;
            }
            voxels++;
            sum += hu[q];
            if (vessel[q]) {
                onVessel++;
            } else if (!nextToVessel(vessel, q, nx, ny)) {
                rest[nRest++] = hu[q];
            }
        }
        double residual = Double.NaN;
        double spread = Double.NaN;
        if (nRest >= MIN_REST_VOXELS) {
            float[] r2 = Arrays.copyOf(rest, nRest);
            double restMedian = median(r2);
            residual = restMedian - median;
            for (int q = 0; q < nRest; q++) {
                r2[q] = (float) Math.abs(r2[q] - restMedian);
            }
            spread = 1.4826 * median(r2) / Math.max(1, sd);
        }
        return new Measure(voxels == 0 ? 0 : (double) onVessel / voxels, voxels == 0 ? Double.NaN : sum / voxels - median,
                residual, median, sd, spread);
    }

    /** Whether a vessel voxel lies next to {@code q} in its slice (the partial-volume edge of a vessel). */
    private static boolean nextToVessel(boolean[] vessel, int q, int nx, int ny) {
        int x = q % nx;
        int y = (q / nx) % ny;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < nx && yy < ny && vessel[q + dy * nx + dx]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double median(float[] v) {
        float[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
    }
}
