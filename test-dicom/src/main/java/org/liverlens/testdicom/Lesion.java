package org.liverlens.testdicom;

import java.util.Arrays;
import java.util.Objects;

/**
 * A placed liver lesion: a randomly rotated, slightly irregular ellipsoid with a soft (sigmoid)
 * margin. Its label is where the depth is positive; its HU blends into the liver over about
 * {@code 4 × marginMm}.
 *
 * @param id          1-based lesion number, the value in lesions.nrrd
 * @param type        hypo- or hyperdense
 * @param diameterMm  nominal diameter: twice the geometric mean of the semi-axes
 * @param hu          HU of the lesion core
 * @param centreMm    LPS centre
 * @param semiAxesMm  the three semi-axes before lobulation
 * @param rotation    local → LPS rotation, row-major 3×3
 * @param lobes       up to three unit directions (x, y, z each) where the surface bulges
 * @param lobeAmplitudes relative bulge per direction (fraction of the nominal radius)
 * @param marginMm    logistic scale of the soft margin
 */
public record Lesion(int id, LesionType type, double diameterMm, double hu, double[] centreMm, double[] semiAxesMm,
                     double[] rotation, double[] lobes, double[] lobeAmplitudes, double marginMm) {

    /** The largest distance from the centre to the surface, bulges included. */
    public double maxRadiusMm() {
        double m = Math.max(semiAxesMm[0], Math.max(semiAxesMm[1], semiAxesMm[2]));
        double bulge = 0;
        for (double a : lobeAmplitudes) {
            bulge += a;
        }
        return m + bulge * diameterMm / 2;
    }

    @Override
    public double[] centreMm() {
        return centreMm.clone();
    }

    @Override
    public double[] semiAxesMm() {
        return semiAxesMm.clone();
    }

    @Override
    public double[] rotation() {
        return rotation.clone();
    }

    @Override
    public double[] lobes() {
        return lobes.clone();
    }

    @Override
    public double[] lobeAmplitudes() {
        return lobeAmplitudes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lesion l && id == l.id && type == l.type && Double.compare(diameterMm, l.diameterMm) == 0
                && Double.compare(hu, l.hu) == 0 && Arrays.equals(centreMm, l.centreMm)
                && Arrays.equals(semiAxesMm, l.semiAxesMm) && Arrays.equals(rotation, l.rotation)
                && Arrays.equals(lobes, l.lobes) && Arrays.equals(lobeAmplitudes, l.lobeAmplitudes)
                && Double.compare(marginMm, l.marginMm) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, diameterMm, hu, Arrays.hashCode(centreMm), Arrays.hashCode(semiAxesMm),
                Arrays.hashCode(rotation), Arrays.hashCode(lobes), Arrays.hashCode(lobeAmplitudes), marginMm);
    }

    @Override
    public String toString() {
        return "Lesion[id=" + id + ", type=" + type + ", diameterMm=" + diameterMm + ", hu=" + hu + ", centreMm="
                + Arrays.toString(centreMm) + ", semiAxesMm=" + Arrays.toString(semiAxesMm) + ", rotation="
                + Arrays.toString(rotation) + ", lobes=" + Arrays.toString(lobes) + ", lobeAmplitudes="
                + Arrays.toString(lobeAmplitudes) + ", marginMm=" + marginMm + "]";
    }

    /** The lesion as a paintable shape. */
    Shape shape() {
        return new LesionShape(this);
    }

    /** How far out the soft margin still changes the HU visibly (below 0.25 % of the contrast). */
    double reachMm() {
        return 6 * marginMm;
    }

    private static final class LesionShape implements Shape {
        private final double cx;
        private final double cy;
        private final double cz;
        private final double ia;
        private final double ib;
        private final double ic;
        private final double minAxis;
        private final double[] r;
        private final double[] lobes;
        private final double[] amps;
        private final double radius;
        private final Box bounds;

        LesionShape(Lesion l) {
            this.cx = l.centreMm[0];
            this.cy = l.centreMm[1];
            this.cz = l.centreMm[2];
            this.ia = 1 / l.semiAxesMm[0];
            this.ib = 1 / l.semiAxesMm[1];
            this.ic = 1 / l.semiAxesMm[2];
            this.minAxis = Math.min(l.semiAxesMm[0], Math.min(l.semiAxesMm[1], l.semiAxesMm[2]));
            this.r = l.rotation.clone();
            this.lobes = l.lobes.clone();
            this.amps = l.lobeAmplitudes.clone();
            this.radius = l.diameterMm / 2;
            double e = l.maxRadiusMm();
            this.bounds = new Box(cx - e, cx + e, cy - e, cy + e, cz - e, cz + e);
        }

        @Override
        public Box bounds() {
            return bounds;
        }

        @Override
        public Section at(double z) {
            double dz = z - cz;
            return (x, y) -> {
                double dx = x - cx;
                double dy = y - cy;
                double q0 = r[0] * dx + r[3] * dy + r[6] * dz;
                double q1 = r[1] * dx + r[4] * dy + r[7] * dz;
                double q2 = r[2] * dx + r[5] * dy + r[8] * dz;
                double s0 = q0 * ia;
                double s1 = q1 * ib;
                double s2 = q2 * ic;
                double rr = Math.sqrt(s0 * s0 + s1 * s1 + s2 * s2);
                double g0 = s0 * ia;
                double g1 = s1 * ib;
                double g2 = s2 * ic;
                double g = Math.sqrt(g0 * g0 + g1 * g1 + g2 * g2);
                double depth = g < 1e-12 ? minAxis : (1 - rr) * rr / g;
                double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
                if (len > 1e-9) {
                    double bulge = 0;
                    for (int m = 0; m < amps.length; m++) {
                        double c = (dx * lobes[3 * m] + dy * lobes[3 * m + 1] + dz * lobes[3 * m + 2]) / len;
                        bulge += amps[m] * c * c * c;
                    }
                    depth += bulge * radius;
                }
                return depth;
            };
        }
    }
}
