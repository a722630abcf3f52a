package org.liverlens.testdicom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.liverlens.core.volume.VolumeGeometry;

/**
 * Draws each lesion's look (size, HU, shape) from its own random stream and finds it a place
 * inside the liver and inside the field of view: the lesion surface (plus its soft margin) must lie
 * in the liver, clear of the gallbladder, IVC, portal trunk and heart, and clear of the other
 * lesions. A random lesion that finds no place shrinks (down to 5 mm); an explicit one fails.
 */
final class LesionPlacement {
    private static final int TRIES = 4000;
    private static final double[][] SPHERE = fibonacciSphere(96);

    private final SyntheticCt.Params params;
    private final VolumeGeometry geometry;
    private final Anatomy anatomy;

    LesionPlacement(SyntheticCt.Params params, VolumeGeometry geometry, Anatomy anatomy) {
        this.params = params;
        this.geometry = geometry;
        this.anatomy = anatomy;
    }

    List<Lesion> place() {
        List<Lesion> placed = new ArrayList<>();
        for (int index = 0; index < params.lesionCount(); index++) {
            SplittableRandom rnd = new SplittableRandom(SyntheticCt.mix(params.seed(), 0x1E510L + index));
            LesionSpec spec = index < params.lesions().size() ? params.lesions().get(index) : randomSpec(rnd);
            boolean explicit = index < params.lesions().size();
            placed.add(placeOne(index + 1, spec, explicit, rnd, placed));
        }
        return List.copyOf(placed);
    }

    private LesionSpec randomSpec(SplittableRandom rnd) {
        LesionType type = rnd.nextBoolean() ? LesionType.HYPODENSE : LesionType.HYPERDENSE;
        double lo = Math.log(params.minLesionDiameterMm());
        double hi = Math.log(params.maxLesionDiameterMm());
        double d = StrictMath.exp(lo + (hi - lo) * rnd.nextDouble());
        return LesionSpec.random(type, Math.round(d * 10) / 10.0);
    }

    private Lesion placeOne(int id, LesionSpec spec, boolean explicit, SplittableRandom rnd, List<Lesion> others) {
        double hu = Double.isNaN(spec.hu())
                ? Math.round(spec.type().minHu() + (spec.type().maxHu() - spec.type().minHu()) * rnd.nextDouble())
                : spec.hu();
        // shape: axes within ±15 % with the geometric mean kept, random rotation, up to three bulges
        double[] f = {1 + 0.15 * (2 * rnd.nextDouble() - 1), 1 + 0.15 * (2 * rnd.nextDouble() - 1),
            1 + 0.15 * (2 * rnd.nextDouble() - 1)};
        double g = Math.cbrt(f[0] * f[1] * f[2]);
        double[] rotation = randomRotation(rnd);
        double[] lobes = new double[9];
        double[] amps = new double[3];
        for (int m = 0; m < 3; m++) {
            double[] v = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            for (int c = 0; c < 3; c++) {
                lobes[3 * m + c] = v[c] / n;
            }
            amps[m] = 0.10 * rnd.nextDouble();
        }
        double margin = 0.3 + 0.7 * rnd.nextDouble();
        long placementStream = rnd.nextLong();

        double diameter = spec.diameterMm();
        while (true) {
            double r = diameter / 2;
            double[] axes = {r * f[0] / g, r * f[1] / g, r * f[2] / g};
            if (spec.centreMm() != null) {
                Lesion l = new Lesion(id, spec.type(), diameter, hu, spec.centreMm(), axes, rotation, lobes, amps, margin);
                String why = misfit(l, others);
                if (why != null) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "lesion %d (%s, %.1f mm) cannot be placed at (%.1f, %.1f, %.1f) mm: %s", id,
                            spec.type().shortName(), diameter, spec.centreMm()[0], spec.centreMm()[1],
                            spec.centreMm()[2], why));
                }
                return l;
            }
            Lesion found = search(id, spec.type(), diameter, hu, axes, rotation, lobes, amps, margin,
                    new SplittableRandom(placementStream), others);
            if (found != null) {
                return found;
            }
            if (explicit || diameter <= 5) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "no room for lesion %d (%s, %.1f mm) inside the liver within the field of view (%s): "
                                + "use a larger field of view (more pixels or larger spacing), more slices, "
                                + "smaller or fewer lesions", id, spec.type().shortName(), diameter, extent()));
            }
            diameter = Math.max(5, Math.round(diameter * 0.85 * 10) / 10.0);
        }
    }

    private Lesion search(int id, LesionType type, double diameter, double hu, double[] axes, double[] rotation,
                          double[] lobes, double[] amps, double margin, SplittableRandom rnd, List<Lesion> others) {
        Shape.Box liver = anatomy.liver().bounds();
        double[] lo = geometry.toMm(0, 0, 0);
        double[] hi = geometry.toMm(geometry.columns() - 1, geometry.rows() - 1, geometry.slices() - 1);
        Lesion probe = new Lesion(id, type, diameter, hu, new double[3], axes, rotation, lobes, amps, margin);
        double reach = probe.maxRadiusMm();
        // In x and y the whole lesion must be in view; in z a thin slab may cut it, but the centre is in view.
        double zMargin = Math.min(reach, (hi[2] - lo[2]) / 2);
        double minX = Math.max(liver.minX(), lo[0] + reach);
        double maxX = Math.min(liver.maxX(), hi[0] - reach);
        double minY = Math.max(liver.minY(), lo[1] + reach);
        double maxY = Math.min(liver.maxY(), hi[1] - reach);
        double minZ = Math.max(liver.minZ(), lo[2] + zMargin);
        double maxZ = Math.min(liver.maxZ(), hi[2] - zMargin);
        if (minX > maxX || minY > maxY || minZ > maxZ) {
            return null;
        }
        for (int t = 0; t < TRIES; t++) {
            double[] c = {minX + (maxX - minX) * rnd.nextDouble(), minY + (maxY - minY) * rnd.nextDouble(),
                minZ + (maxZ - minZ) * rnd.nextDouble()};
            if (anatomy.liver().depthMm(c[0], c[1], c[2]) < reach * 0.8) {
                continue; // quick reject before the full surface check
            }
            c = new double[] {round3(c[0]), round3(c[1]), round3(c[2])};
            Lesion l = new Lesion(id, type, diameter, hu, c, axes, rotation, lobes, amps, margin);
            if (misfit(l, others) == null) {
                return l;
            }
        }
        return null;
    }

    /** Why the lesion does not fit, or null when it does. */
    private String misfit(Lesion l, List<Lesion> others) {
        double[] c = l.centreMm();
        double reach = l.maxRadiusMm() + 1.5 * l.marginMm();
        Shape liver = anatomy.liver();
        if (liver.depthMm(c[0], c[1], c[2]) <= 0) {
            return "the centre is not inside the liver";
        }
        for (double[] u : SPHERE) {
            double x = c[0] + reach * u[0];
            double y = c[1] + reach * u[1];
            double z = c[2] + reach * u[2];
            if (liver.depthMm(x, y, z) <= 0.5) {
                return "it reaches outside the liver";
            }
        }
        for (Shape ex : anatomy.lesionExclusions()) {
            if (ex.depthMm(c[0], c[1], c[2]) > -reach - 2) {
                // cheap test first; then the surface points
                for (double[] u : SPHERE) {
                    if (ex.depthMm(c[0] + reach * u[0], c[1] + reach * u[1], c[2] + reach * u[2]) > -2) {
                        return "it touches the gallbladder, IVC, portal vein or heart";
                    }
                }
            }
        }
        for (Lesion o : others) {
            double[] oc = o.centreMm();
            double dx = oc[0] - c[0];
            double dy = oc[1] - c[1];
            double dz = oc[2] - c[2];
            if (Math.sqrt(dx * dx + dy * dy + dz * dz) < reach + o.maxRadiusMm() + 1.5 * o.marginMm() + 3) {
                return "it overlaps lesion " + o.id();
            }
        }
        return null;
    }

    private String extent() {
        double[] lo = geometry.toMm(0, 0, 0);
        double[] hi = geometry.toMm(geometry.columns() - 1, geometry.rows() - 1, geometry.slices() - 1);
        Shape.Box b = anatomy.liver().bounds();
        return String.format(Locale.ROOT, "view x %.0f..%.0f, y %.0f..%.0f, z %.0f..%.0f mm; liver z about %.0f..%.0f mm",
                lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], b.minZ(), b.maxZ());
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** A uniformly random rotation from a random unit quaternion. */
    private static double[] randomRotation(SplittableRandom rnd) {
        double w = rnd.nextGaussian();
        double x = rnd.nextGaussian();
        double y = rnd.nextGaussian();
        double z = rnd.nextGaussian();
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
            2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
            2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
    }

    private static double[][] fibonacciSphere(int n) {
        double[][] pts = new double[n][];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < n; i++) {
            double yy = 1 - 2 * (i + 0.5) / n;
            double rr = Math.sqrt(1 - yy * yy);
            double th = golden * i;
            pts[i] = new double[] {rr * StrictMath.cos(th), yy, rr * StrictMath.sin(th)};
        }
        return pts;
    }
}
