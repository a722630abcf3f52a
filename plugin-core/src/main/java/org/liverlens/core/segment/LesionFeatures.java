package org.liverlens.core.segment;

import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.DistanceMap;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * What a network lesion (a 26-connected component of the tumour label) looks like against its own
 * liver, measured on the CT grid: its contrast against a ring of liver 2–6 mm around it (Fisher ratio),
 * the network's tumour probability inside it, how much of it lies on bright tubes (vesselness), how
 * deep it lies under the liver surface and how much of its boundary touches liver, its compactness
 * and size. {@link LesionFilter} decides on them; {@code bench lesions} writes them out to choose the
 * rule (docs/models.md, "Lesion filter").
 */
public final class LesionFeatures {
    /** Inner and outer radius of the liver ring the lesion is compared with, mm. */
    static final double RING_INNER_MM = 2;
    static final double RING_OUTER_MM = 6;
    /** How far around a lesion its depth under the liver surface is looked for: deeper reads as this. */
    static final double DEPTH_CAP_MM = 30;
    /** Scales of the vesselness, mm, and the response over which a voxel counts as on a bright tube. */
    private static final double[] VESSEL_SCALES_MM = {1.0, 2.0, 3.0};
    private static final double ON_TUBE = LesionCandidates.Settings.DEFAULT.vesselThreshold() / 2;

    /**
     * One lesion. {@code contrastHu} = lesion mean − ring mean; {@code fisher} = contrast² / (lesion
     * variance + ring variance) (NaN without a ring); {@code depthMm} the largest distance of a lesion
     * voxel to a voxel outside the organ (capped at {@link #DEPTH_CAP_MM}); {@code liverSurround} the
     * share of its boundary surface on liver or tumour; {@code sphericity} π^⅓ (6V)^⅔ / A (1 for a ball,
     * less for anything else, less still on a coarse grid); {@code centre} its voxel centroid; {@code box}
     * its bounding box {i0, i1, j0, j1, k0, k1} in voxels; {@code vesselShare} the share of its voxels on
     * enhancing vessels that continue beyond it, {@code vesselExcessHu} its mean HU and {@code vesselRestHu}
     * the median HU of its voxels off those vessels, both against the ring's median, and
     * {@code vesselRestSpread} the robust SD of those voxels over the ring's ({@link LesionVessels}).
     */
    public record Lesion(int id, long voxels, double volumeMl, double diameterMm, double meanHu, double sdHu,
                         double ringMeanHu, double ringSdHu, long ringVoxels, double contrastHu, double fisher,
                         double meanProbability, double maxProbability, double vesselFraction, double depthMm,
                         double liverSurround, double sphericity, double[] centre, int[] box, double vesselShare,
                         double vesselExcessHu, double vesselRestHu, double vesselRestSpread) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Lesion t && toString().equals(t.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() { // every component, centre and box by value (equals and hashCode rest on it)
            return "Lesion[" + id + ", " + voxels + ", " + volumeMl + ", " + diameterMm + ", " + meanHu + ", " + sdHu + ", "
                    + ringMeanHu + ", " + ringSdHu + ", " + ringVoxels + ", " + contrastHu + ", " + fisher + ", "
                    + meanProbability + ", " + maxProbability + ", " + vesselFraction + ", " + depthMm + ", "
                    + liverSurround + ", " + sphericity + ", " + java.util.Arrays.toString(centre) + ", "
                    + java.util.Arrays.toString(box) + ", " + vesselShare + ", " + vesselExcessHu + ", "
                    + vesselRestHu + ", " + vesselRestSpread + "]";
        }
    }

    /** The lesions of a labelling with their features, in the order of their component ids. */
    public record Measured(Components.Labelling components, List<Lesion> lesions) {
    }

    private LesionFeatures() {
    }

    /** Features of every tumour component of {@code labels} (0, liver, tumour on the CT grid). */
    public static Measured of(HuVolume ct, LabelVolume labels, TumourProbability tumour) {
        return of(ct, labels, tumour, true);
    }

    /**
     * As {@link #of(HuVolume, LabelVolume, TumourProbability)}; without {@code full} only what is
     * quick is measured (size, box, probability, liver surround, sphericity, mean HU): the ring
     * statistics, the depth, the vessel fraction and the vessel measures (distance maps per lesion, a
     * Hessian per scale) are left NaN (ring voxels 0, vessel share 0).
     */
    public static Measured of(HuVolume ct, LabelVolume labels, TumourProbability tumour, boolean full) {
        return of(ct, labels, tumour, full, full);
    }

    /**
     * As {@link #of(HuVolume, LabelVolume, TumourProbability, boolean)}, with the vessel measures
     * ({@link LesionVessels}) when {@code vessels}, full or not (the vessel rule needs only them).
     */
    public static Measured of(HuVolume ct, LabelVolume labels, TumourProbability tumour, boolean full,
                              boolean vessels) {
        VolumeGeometry g = ct.geometry();
        Components.Labelling comps = Components.label(labels.mask(Segmenter.TUMOUR), Components.Connectivity.FULL);
        int n = comps.count();
        int[][] box = boxes(comps.ids(), n);
        List<Lesion> out = new ArrayList<>();
        for (int id = 1; id <= n; id++) {
            out.add(measure(ct, labels, tumour, comps.ids(), id, box[id], g, full, vessels));
        }
        return new Measured(comps, out);
    }

    private static Lesion measure(HuVolume ct, LabelVolume labels, TumourProbability tumour, LabelVolume ids, int id,
                                  int[] b, VolumeGeometry g, boolean full, boolean withVessels) {
        double[] sp = g.spacingMm();
        Crop c = new Crop(b, g, full ? DEPTH_CAP_MM : 0);
        int size = c.nx * c.ny * c.nz;
        boolean[] lesion = new boolean[size];
        boolean[] outside = new boolean[size];
        float[] hu = new float[size];
        for (int z = 0; z < c.nz; z++) {
            int k = c.k0 + z;
            short[] s = ct.slice(k);
            for (int y = 0; y < c.ny; y++) {
                for (int x = 0; x < c.nx; x++) {
                    int p = (c.j0 + y) * g.columns() + c.i0 + x;
                    int q = (z * c.ny + y) * c.nx + x;
                    lesion[q] = (ids.getIndex(k, p) & 0xffff) == id;
                    outside[q] = labels.getIndex(k, p) == 0;
                    hu[q] = s[p];
                }
            }
        }
        float[] fromLesion = full ? DistanceMap.of(lesion, c.nx, c.ny, c.nz, sp) : null;
        float[] fromOutside = full ? DistanceMap.of(outside, c.nx, c.ny, c.nz, sp) : null;
        double sum = 0;
        double sum2 = 0;
        double rsum = 0;
        double rsum2 = 0;
        long nv = 0;
        long nr = 0;
        double psum = 0;
        double pmax = 0;
        double depth = 0;
        double[] centre = new double[3];
        double[] face = {sp[1] * sp[2], sp[0] * sp[2], sp[0] * sp[1]};
        double area = 0;
        double areaOnLiver = 0;
        int[][] steps = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}};
        for (int z = 0; z < c.nz; z++) {
            for (int y = 0; y < c.ny; y++) {
                for (int x = 0; x < c.nx; x++) {
                    int q = (z * c.ny + y) * c.nx + x;
                    double v = hu[q];
                    if (lesion[q]) {
                        nv++;
                        sum += v;
                        sum2 += v * v;
                        int k = c.k0 + z;
                        int p = (c.j0 + y) * g.columns() + c.i0 + x;
                        double pr = tumour.get(k, p);
                        psum += pr;
                        pmax = Math.max(pmax, pr);
                        depth = full ? Math.max(depth, fromOutside[q]) : Double.NaN;
                        centre[0] += c.i0 + x;
                        centre[1] += c.j0 + y;
                        centre[2] += k;
                        for (int[] d : steps) {
                            int xx = x + d[0];
                            int yy = y + d[1];
                            int zz = z + d[2];
                            int ii = c.i0 + xx;
                            int jj = c.j0 + yy;
                            int kk = c.k0 + zz;
                            if (ii < 0 || jj < 0 || kk < 0 || ii >= g.columns() || jj >= g.rows() || kk >= g.slices()) {
                                continue; // the volume's edge: unknown beyond
                            }
                            if ((ids.get(ii, jj, kk) & 0xffff) == id) {
                                continue;
                            }
                            double a = face[d[0] != 0 ? 0 : (d[1] != 0 ? 1 : 2)];
                            area += a;
                            if (labels.get(ii, jj, kk) != 0) {
                                areaOnLiver += a;
                            }
                        }
                    } else if (full && !outside[q] && fromLesion[q] > RING_INNER_MM && fromLesion[q] <= RING_OUTER_MM) {
                        int k = c.k0 + z;
                        int p = (c.j0 + y) * g.columns() + c.i0 + x;
                        if (labels.getIndex(k, p) == Segmenter.LIVER) {
                            nr++;
                            rsum += v;
                            rsum2 += v * v;
                        }
                    }
                }
            }
        }
        double mean = sum / nv;
        double var = Math.max(0, sum2 / nv - mean * mean);
        double rmean = nr == 0 ? Double.NaN : rsum / nr;
        double rvar = nr == 0 ? Double.NaN : Math.max(0, rsum2 / nr - rmean * rmean);
        double contrast = mean - rmean;
        double fisher = contrast * contrast / Math.max(1, var + rvar);
        double ml = nv * g.voxelVolumeMl();
        double diameter = Math.cbrt(6 * ml * 1000 / Math.PI);
        double sphericity = area == 0 ? 1 : Math.cbrt(Math.PI) * Math.pow(6 * ml * 1000, 2.0 / 3) / area;
        for (int a = 0; a < 3; a++) {
            centre[a] /= nv;
        }
        LesionVessels.Measure vessels = withVessels ? LesionVessels.of(ct, labels, ids, id, b) : LesionVessels.Measure.NONE;
        return new Lesion(id, nv, ml, diameter, mean, Math.sqrt(var), rmean, Math.sqrt(rvar), nr, contrast, fisher,
                psum / nv, pmax, full ? vesselFraction(ct, ids, id, b, g) : Double.NaN, Math.min(depth, DEPTH_CAP_MM),
                area == 0 ? 1 : areaOnLiver / area, sphericity, centre, b.clone(), vessels.vesselShare(),
                vessels.excessHu(), vessels.residualHu(), vessels.residualSpread());
    }

    /** Share of the lesion's voxels on bright tubes (Frangi vesselness over a box 3 mm around it). */
    private static double vesselFraction(HuVolume ct, LabelVolume ids, int id, int[] b, VolumeGeometry g) {
        Crop c = new Crop(b, g, 3);
        float[][] hu = new float[c.nz][c.nx * c.ny];
        boolean[][] where = new boolean[c.nz][c.nx * c.ny];
        for (int z = 0; z < c.nz; z++) {
            short[] s = ct.slice(c.k0 + z);
            for (int y = 0; y < c.ny; y++) {
                for (int x = 0; x < c.nx; x++) {
                    int p = (c.j0 + y) * g.columns() + c.i0 + x;
                    hu[z][y * c.nx + x] = s[p];
                    where[z][y * c.nx + x] = (ids.getIndex(c.k0 + z, p) & 0xffff) == id;
                }
            }
        }
        float[][] bright = Vesselness.both(hu, where, c.nx, c.ny, g.spacingMm(), VESSEL_SCALES_MM)[0];
        long n = 0;
        long on = 0;
        for (int z = 0; z < c.nz; z++) {
            for (int q = 0; q < c.nx * c.ny; q++) {
                if (where[z][q]) {
                    n++;
                    on += bright[z][q] > ON_TUBE ? 1 : 0;
                }
            }
        }
        return n == 0 ? 0 : (double) on / n;
    }

    /** Bounding boxes {i0, i1, j0, j1, k0, k1} of component ids 1…n. */
    private static int[][] boxes(LabelVolume ids, int n) {
        VolumeGeometry g = ids.geometry();
        int[][] box = new int[n + 1][];
        for (int k = 0; k < g.slices(); k++) {
            if (ids.isSliceEmpty(k)) {
                continue;
            }
            short[] s = ids.slice(k);
            for (int p = 0; p < s.length; p++) {
                int id = s[p] & 0xffff;
                if (id == 0) {
                    continue;
                }
                int i = p % g.columns();
                int j = p / g.columns();
                int[] b = box[id];
                if (b == null) {
                    box[id] = new int[] {i, i, j, j, k, k};
                } else {
                    b[0] = Math.min(b[0], i);
                    b[1] = Math.max(b[1], i);
                    b[2] = Math.min(b[2], j);
                    b[3] = Math.max(b[3], j);
                    b[4] = Math.min(b[4], k);
                    b[5] = Math.max(b[5], k);
                }
            }
        }
        return box;
    }

    /** A box {@code marginMm} around a bounding box, clamped to the grid. */
    private static final class Crop {
        final int i0;
        final int j0;
        final int k0;
        final int nx;
        final int ny;
        final int nz;

        Crop(int[] b, VolumeGeometry g, double marginMm) {
            double[] sp = g.spacingMm();
            int mi = (int) Math.ceil(marginMm / sp[0]) + 1;
            int mj = (int) Math.ceil(marginMm / sp[1]) + 1;
            int mk = (int) Math.ceil(marginMm / sp[2]) + 1;
            i0 = Math.max(0, b[0] - mi);
            j0 = Math.max(0, b[2] - mj);
            k0 = Math.max(0, b[4] - mk);
            nx = Math.min(g.columns() - 1, b[1] + mi) - i0 + 1;
            ny = Math.min(g.rows() - 1, b[3] + mj) - j0 + 1;
            nz = Math.min(g.slices() - 1, b[5] + mk) - k0 + 1;
        }
    }
}
