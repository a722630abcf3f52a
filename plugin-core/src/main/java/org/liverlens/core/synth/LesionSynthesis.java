package org.liverlens.core.synth;

import java.util.SplittableRandom;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Writes synthesised lesions into CT (Hu et al., CVPR 2023, "Label-free liver tumor segmentation"):
 * an elastically deformed ellipsoid measured in millimetres (so 5 mm slices are handled), whose
 * coverage of each voxel is supersampled at the outline (partial volume), whose HU follows its
 * appearance relative to the robust median of the surrounding liver, with texture scaled to the
 * liver's SD, and whose margin is blended over the model's width. Only liver voxels outside
 * {@code avoid} change; the same seed gives the same voxels. Shared by training and by {@code edit}.
 */
public final class LesionSynthesis {
    private static final short MIN_HU = -1024;
    private static final short MAX_HU = 3071;

    private LesionSynthesis() {
    }

    /**
     * Inserts lesion {@code m} centred at voxel {@code centreVoxel} {i, j, k} into {@code ct} in place.
     *
     * @param liver the liver mask (lesion and changes stay inside it)
     * @param avoid voxels never changed nor labelled (large vessels: the lesion grows around them), or null
     * @throws IllegalArgumentException when the masks are on another grid or the centre is not in the liver
     */
    public static InsertedLesion insert(HuVolume ct, BitMask liver, BitMask avoid, double[] centreVoxel,
            LesionModel m, long seed) {
        VolumeGeometry g = ct.geometry();
        checkGrid(g, liver, "liver");
        if (avoid != null) {
            checkGrid(g, avoid, "avoid");
        }
        long ci = Math.round(centreVoxel[0]);
        long cj = Math.round(centreVoxel[1]);
        long ck = Math.round(centreVoxel[2]);
        if (!g.contains(ci, cj, ck) || !liver.get((int) ci, (int) cj, (int) ck)) {
            throw new IllegalArgumentException("lesion centre (" + centreVoxel[0] + ", " + centreVoxel[1] + ", "
                    + centreVoxel[2] + ") is not a liver voxel: choose a centre inside the liver mask");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        LesionShape shape = new LesionShape(m, rnd);
        double[] sp = g.spacingMm();
        double reach = shape.extentMm() + m.marginMm() / 2 + Math.max(sp[0], Math.max(sp[1], sp[2]));
        int[] box = box(g, centreVoxel, reach);
        RobustStats local = parenchyma(ct, liver, avoid, centreVoxel, shape, m, box);
        LesionIntensity intensity = new LesionIntensity(m, shape, local.median(), local.sd(), rnd);
        return new Painter(ct, liver, avoid, centreVoxel, shape, intensity, m, local).paint(box);
    }

    /**
     * A random lesion centre {i, j, k} inside the liver whose surroundings within half the lesion's
     * radius (at least 3 mm) are liver and not {@code avoid}, or null when none is found in 400 tries.
     */
    public static double[] chooseCentre(BitMask liver, BitMask avoid, double diameterMm, SplittableRandom rnd) {
        int[] lb = liver.boundingBox();
        if (lb == null) {
            return null;
        }
        VolumeGeometry g = liver.geometry();
        double[] sp = g.spacingMm();
        double clearance = Math.max(3, diameterMm / 4);
        double[][] dirs = fibonacciSphere(160);
        for (int attempt = 0; attempt < 400; attempt++) {
            int i = lb[0] + rnd.nextInt(lb[3] - lb[0] + 1);
            int j = lb[1] + rnd.nextInt(lb[4] - lb[1] + 1);
            int k = lb[2] + rnd.nextInt(lb[5] - lb[2] + 1);
            if (!clear(liver, avoid, i, j, k)) {
                continue;
            }
            boolean ok = true;
            for (int shell = 1; shell <= 4 && ok; shell++) {
                double r = clearance * shell / 4;
                for (double[] d : dirs) {
                    long pi = Math.round(i + d[0] * r / sp[0]);
                    long pj = Math.round(j + d[1] * r / sp[1]);
                    long pk = Math.round(k + d[2] * r / sp[2]);
                    if (!g.contains(pi, pj, pk) || !clear(liver, avoid, (int) pi, (int) pj, (int) pk)) {
                        ok = false;
                        break;
                    }
                }
            }
            if (ok) {
                return new double[] {i, j, k};
            }
        }
        return null;
    }

    private static boolean clear(BitMask liver, BitMask avoid, int i, int j, int k) {
        return liver.get(i, j, k) && (avoid == null || !avoid.get(i, j, k));
    }

    private static double[][] fibonacciSphere(int n) {
        double[][] d = new double[n][];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int p = 0; p < n; p++) {
            double z = 1 - 2 * (p + 0.5) / n;
            double s = Math.sqrt(1 - z * z);
            d[p] = new double[] {s * Math.cos(golden * p), s * Math.sin(golden * p), z};
        }
        return d;
    }

    private static void checkGrid(VolumeGeometry g, BitMask mask, String name) {
        if (!java.util.Arrays.equals(g.size(), mask.geometry().size())) {
            throw new IllegalArgumentException("the " + name + " mask is on a " + mask.geometry()
                    + " grid, the CT on " + g + ": resample the mask to the CT first");
        }
    }

    /** Inclusive voxel box {i0, j0, k0, i1, j1, k1} within {@code reachMm} of the centre, clipped to the volume. */
    static int[] box(VolumeGeometry g, double[] c, double reachMm) {
        double[] sp = g.spacingMm();
        int[] size = g.size();
        int[] b = new int[6];
        for (int a = 0; a < 3; a++) {
            b[a] = (int) Math.max(0, Math.floor(c[a] - reachMm / sp[a]));
            b[a + 3] = (int) Math.min(size[a] - 1, Math.ceil(c[a] + reachMm / sp[a]));
        }
        return b;
    }

    /** Robust statistics of the liver in a shell around the lesion (outside it, up to max(10 mm, r) beyond). */
    private static RobustStats parenchyma(HuVolume ct, BitMask liver, BitMask avoid, double[] c, LesionShape shape,
            LesionModel m, int[] lesionBox) {
        VolumeGeometry g = ct.geometry();
        double[] sp = g.spacingMm();
        double outer = shape.extentMm() + m.marginMm() + Math.max(10, shape.radiusMm());
        int[] b = box(g, c, outer);
        long total = (long) (b[3] - b[0] + 1) * (b[4] - b[1] + 1) * (b[5] - b[2] + 1);
        int stride = (int) Math.max(1, Math.ceil(Math.sqrt(total / 150_000.0)));
        short[] values = new short[(int) Math.min(Integer.MAX_VALUE - 8, total / ((long) stride * stride) + 1024)];
        int n = 0;
        double[] tmp = new double[2];
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = b[1]; j <= b[4]; j += stride) {
                for (int i = b[0]; i <= b[3]; i += stride) {
                    if (!clear(liver, avoid, i, j, k) || n >= values.length) {
                        continue;
                    }
                    double d = shape.distanceMm((i - c[0]) * sp[0], (j - c[1]) * sp[1], (k - c[2]) * sp[2], tmp);
                    if (d > m.marginMm() / 2 + 2) {
                        values[n++] = ct.get(i, j, k);
                    }
                }
            }
        }
        if (n < 30) {
            n = 0;
            for (int k = lesionBox[2]; k <= lesionBox[5]; k++) {
                for (int j = lesionBox[1]; j <= lesionBox[4]; j++) {
                    for (int i = lesionBox[0]; i <= lesionBox[3] && n < values.length; i++) {
                        if (clear(liver, avoid, i, j, k)) {
                            values[n++] = ct.get(i, j, k);
                        }
                    }
                }
            }
        }
        return RobustStats.of(values, n);
    }

    /** The voxel loop of one insertion. */
    private static final class Painter {
        private final HuVolume ct;
        private final BitMask liver;
        private final BitMask avoid;
        private final double[] c;
        private final LesionShape shape;
        private final LesionIntensity intensity;
        private final LesionModel m;
        private final RobustStats local;
        private final double[] sp;
        private final int[] sub = new int[3];
        private final double[] tmp = new double[2];
        private double weight;
        private double delta;
        private double coverage;

        Painter(HuVolume ct, BitMask liver, BitMask avoid, double[] c, LesionShape shape, LesionIntensity intensity,
                LesionModel m, RobustStats local) {
            this.ct = ct;
            this.liver = liver;
            this.avoid = avoid;
            this.c = c;
            this.shape = shape;
            this.intensity = intensity;
            this.m = m;
            this.local = local;
            this.sp = ct.geometry().spacingMm();
            for (int a = 0; a < 3; a++) {
                sub[a] = (int) Math.max(2, Math.min(5, Math.round(sp[a] / 0.8)));
            }
        }

        InsertedLesion paint(int[] b) {
            VolumeGeometry g = ct.geometry();
            BitMask lesion = new BitMask(g);
            BitMask changed = new BitMask(g);
            double halfDiag = 0.5 * Math.sqrt(sp[0] * sp[0] + sp[1] * sp[1] + sp[2] * sp[2]);
            double p = local.median();
            double sd = Math.max(local.sd(), 4);
            double sum = 0;
            long count = 0;
            for (int k = b[2]; k <= b[5]; k++) {
                for (int j = b[1]; j <= b[4]; j++) {
                    for (int i = b[0]; i <= b[3]; i++) {
                        if (!clear(liver, avoid, i, j, k)) {
                            continue;
                        }
                        double x = (i - c[0]) * sp[0];
                        double y = (j - c[1]) * sp[1];
                        double z = (k - c[2]) * sp[2];
                        double d = shape.distanceMm(x, y, z, tmp);
                        if (d > m.marginMm() / 2 + 1.5 * halfDiag) {
                            continue;
                        }
                        if (Math.abs(d) < 1.5 * halfDiag || nearFocus(x, y, z, halfDiag)) {
                            supersample(x, y, z);
                        } else {
                            single(x, y, z, d, tmp[1]);
                        }
                        if (weight <= 0) {
                            continue;
                        }
                        short before = ct.get(i, j, k);
                        double clipped = p + Math.max(-4 * sd, Math.min(2.5 * sd, before - p));
                        double after = before + weight * (clipped - before) + delta;
                        short v = (short) Math.max(MIN_HU, Math.min(MAX_HU, Math.round(after)));
                        if (v != before) {
                            ct.set(i, j, k, v);
                            changed.set(i, j, k, true);
                        }
                        if (coverage >= 0.5) {
                            lesion.set(i, j, k, true);
                            sum += v;
                            count++;
                        }
                    }
                }
            }
            return new InsertedLesion(lesion, changed, p, local.sd(), count == 0 ? Double.NaN : sum / count);
        }

        private boolean nearFocus(double x, double y, double z, double halfDiag) {
            for (double[] f : intensity.foci()) {
                double dx = x - f[0];
                double dy = y - f[1];
                double dz = z - f[2];
                double r = f[3] + 1.5 * halfDiag;
                if (dx * dx + dy * dy + dz * dz < r * r) {
                    return true;
                }
            }
            return false;
        }

        private void single(double x, double y, double z, double d, double rho) {
            weight = blend(d);
            delta = weight > 0 ? weight * intensity.deltaHu(x, y, z, d, rho) : 0;
            coverage = d < 0 ? 1 : 0;
        }

        private void supersample(double x, double y, double z) {
            double w = 0;
            double t = 0;
            int inside = 0;
            int n = sub[0] * sub[1] * sub[2];
            for (int a = 0; a < sub[0]; a++) {
                double sx = x + ((a + 0.5) / sub[0] - 0.5) * sp[0];
                for (int bb = 0; bb < sub[1]; bb++) {
                    double sy = y + ((bb + 0.5) / sub[1] - 0.5) * sp[1];
                    for (int cc = 0; cc < sub[2]; cc++) {
                        double sz = z + ((cc + 0.5) / sub[2] - 0.5) * sp[2];
                        double d = shape.distanceMm(sx, sy, sz, tmp);
                        double ws = blend(d);
                        if (ws > 0) {
                            w += ws;
                            t += ws * intensity.deltaHu(sx, sy, sz, d, tmp[1]);
                        }
                        if (d < 0) {
                            inside++;
                        }
                    }
                }
            }
            weight = w / n;
            delta = t / n;
            coverage = inside / (double) n;
        }

        /** Lesion weight at distance d from the outline: a step when sharp, a smoothstep across the margin. */
        private double blend(double d) {
            if (m.marginMm() < 0.3) {
                return d < 0 ? 1 : 0;
            }
            double t = Math.max(0, Math.min(1, 0.5 - d / m.marginMm()));
            return t * t * (3 - 2 * t);
        }
    }
}
