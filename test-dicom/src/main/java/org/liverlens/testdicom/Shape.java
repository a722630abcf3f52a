package org.liverlens.testdicom;

/**
 * A solid in patient space (LPS, mm) described by its depth: positive inside, negative outside,
 * approximately the Euclidean distance to the surface near it (what partial volume and soft margins
 * need). A shape is rasterised one axial slice at a time through {@link #at(double)}, which lets it
 * do its per-slice work once.
 */
interface Shape {
    /** A box that holds every point of positive depth. */
    Box bounds();

    /** The shape's cross-section at height {@code zMm}. */
    Section at(double zMm);

    /** Depth at one point; slow path for placement checks, not for rasterising. */
    default double depthMm(double x, double y, double z) {
        return at(z).depthMm(x, y);
    }

    /** A cross-section: depth as a function of x and y at a fixed z. */
    @FunctionalInterface
    interface Section {
        double depthMm(double x, double y);
    }

    /** An axis-aligned box in mm. */
    record Box(double minX, double maxX, double minY, double maxY, double minZ, double maxZ) {
        static final double FAR = 1e7;
        static final Box EVERYWHERE = new Box(-FAR, FAR, -FAR, FAR, -FAR, FAR);

        Box grow(double mm) {
            return new Box(minX - mm, maxX + mm, minY - mm, maxY + mm, minZ - mm, maxZ + mm);
        }

        Box intersect(Box o) {
            return new Box(Math.max(minX, o.minX), Math.min(maxX, o.maxX), Math.max(minY, o.minY),
                    Math.min(maxY, o.maxY), Math.max(minZ, o.minZ), Math.min(maxZ, o.maxZ));
        }

        Box union(Box o) {
            return new Box(Math.min(minX, o.minX), Math.max(maxX, o.maxX), Math.min(minY, o.minY),
                    Math.max(maxY, o.maxY), Math.min(minZ, o.minZ), Math.max(maxZ, o.maxZ));
        }

        boolean containsZ(double z) {
            return z >= minZ && z <= maxZ;
        }
    }

    // ---- combinators ----

    /** Points inside every shape. */
    static Shape intersection(Shape... shapes) {
        Box b = Box.EVERYWHERE;
        for (Shape s : shapes) {
            b = b.intersect(s.bounds());
        }
        Box bounds = b;
        return new Shape() {
            @Override
            public Box bounds() {
                return bounds;
            }

            @Override
            public Section at(double z) {
                Section[] parts = new Section[shapes.length];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = shapes[i].at(z);
                }
                return (x, y) -> {
                    double d = Double.MAX_VALUE;
                    for (Section p : parts) {
                        d = Math.min(d, p.depthMm(x, y));
                        if (d < -50) {
                            return d;
                        }
                    }
                    return d;
                };
            }
        };
    }

    /** Points of {@code a} that are not in {@code b}. */
    static Shape difference(Shape a, Shape b) {
        return new Shape() {
            @Override
            public Box bounds() {
                return a.bounds();
            }

            @Override
            public Section at(double z) {
                Section sa = a.at(z);
                if (!b.bounds().grow(5).containsZ(z)) {
                    return sa;
                }
                Section sb = b.at(z);
                return (x, y) -> Math.min(sa.depthMm(x, y), -sb.depthMm(x, y));
            }
        };
    }

    /** A smooth union: where the surfaces meet closer than {@code blendMm}, they merge with a fillet. */
    static Shape smoothUnion(Shape a, Shape b, double blendMm) {
        Box bounds = a.bounds().union(b.bounds()).grow(blendMm / 4);
        return new Shape() {
            @Override
            public Box bounds() {
                return bounds;
            }

            @Override
            public Section at(double z) {
                Section sa = a.at(z);
                Section sb = b.at(z);
                return (x, y) -> {
                    double da = sa.depthMm(x, y);
                    double db = sb.depthMm(x, y);
                    double h = Math.max(blendMm - Math.abs(da - db), 0) / blendMm;
                    return Math.max(da, db) + h * h * blendMm * 0.25;
                };
            }
        };
    }

    /** A shape offset outwards ({@code mm > 0}) or inwards ({@code mm < 0}). */
    static Shape offset(Shape s, double mm) {
        Box bounds = s.bounds().grow(Math.max(mm, 0));
        return new Shape() {
            @Override
            public Box bounds() {
                return bounds;
            }

            @Override
            public Section at(double z) {
                Section inner = s.at(z);
                return (x, y) -> inner.depthMm(x, y) + mm;
            }
        };
    }

    // ---- primitives ----

    /** Points with {@code n·p < offset}, n a unit vector. */
    static Shape halfSpace(double nx, double ny, double nz, double offsetMm) {
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        double ux = nx / len;
        double uy = ny / len;
        double uz = nz / len;
        Box b = Box.EVERYWHERE;
        // A half-space bounded along one axis gives a real bound there.
        if (Math.abs(uz) == 1 && ux == 0 && uy == 0) {
            b = uz > 0 ? new Box(-Box.FAR, Box.FAR, -Box.FAR, Box.FAR, -Box.FAR, offsetMm)
                    : new Box(-Box.FAR, Box.FAR, -Box.FAR, Box.FAR, -offsetMm, Box.FAR);
        }
        Box bounds = b;
        return new Shape() {
            @Override
            public Box bounds() {
                return bounds;
            }

            @Override
            public Section at(double z) {
                double c = offsetMm - uz * z;
                return (x, y) -> c - ux * x - uy * y;
            }
        };
    }

    /**
     * An ellipsoid with semi-axes (a, b, c) along the columns of {@code rotation} (a 3×3 rotation,
     * row-major, local → LPS). Depth is (1 − r)/|∇r|: exact at the surface, smooth everywhere.
     */
    static Shape ellipsoid(double cx, double cy, double cz, double a, double b, double c, double[] rotation) {
        return new Ellipsoid(cx, cy, cz, a, b, c, rotation);
    }

    /** A tube from p0 (radius r0) to p1 (radius r1) with rounded ends. */
    static Shape capsule(double[] p0, double[] p1, double r0, double r1) {
        return new Capsule(p0, p1, r0, r1);
    }

    /**
     * An elliptic cylinder along z whose cross-section (centre, semi-axes) follows z through
     * {@link Profile}s, between z0 and z1.
     */
    static Shape ellipticColumn(Profile cx, Profile cy, Profile a, Profile b, double z0, double z1) {
        return new EllipticColumn(cx, cy, a, b, z0, z1);
    }

    /** Depth of a point (x, y) in an axis-aligned ellipse with semi-axes a, b centred at the origin. */
    static double ellipseDepth(double x, double y, double a, double b) {
        double sx = x / a;
        double sy = y / b;
        double r = Math.sqrt(sx * sx + sy * sy);
        double gx = sx / a;
        double gy = sy / b;
        double g = Math.sqrt(gx * gx + gy * gy);
        if (g < 1e-12) {
            return Math.min(a, b);
        }
        return (1 - r) * r / g;
    }

    /** 3×3 rotations, row-major. */
    final class Rotation {
        static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

        private Rotation() {
        }

        /** Rotation about z by {@code degrees} (x towards y). */
        static double[] aboutZ(double degrees) {
            double r = Math.toRadians(degrees);
            double c = StrictMath.cos(r);
            double s = StrictMath.sin(r);
            return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
        }

        static double[] aboutY(double degrees) {
            double r = Math.toRadians(degrees);
            double c = StrictMath.cos(r);
            double s = StrictMath.sin(r);
            return new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
        }

        static double[] aboutX(double degrees) {
            double r = Math.toRadians(degrees);
            double c = StrictMath.cos(r);
            double s = StrictMath.sin(r);
            return new double[] {1, 0, 0, 0, c, -s, 0, s, c};
        }

        /** m1 · m2 (apply m2 first). */
        static double[] times(double[] m1, double[] m2) {
            double[] r = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += m1[i * 3 + k] * m2[k * 3 + j];
                    }
                    r[i * 3 + j] = s;
                }
            }
            return r;
        }
    }

    /** See {@link Shape#ellipsoid}. */
    final class Ellipsoid implements Shape {
        final double cx;
        final double cy;
        final double cz;
        final double a;
        final double b;
        final double c;
        final double[] rot;
        private final Box bounds;

        Ellipsoid(double cx, double cy, double cz, double a, double b, double c, double[] rotation) {
            if (!(a > 0 && b > 0 && c > 0)) {
                throw new IllegalArgumentException("ellipsoid semi-axes must be positive");
            }
            this.cx = cx;
            this.cy = cy;
            this.cz = cz;
            this.a = a;
            this.b = b;
            this.c = c;
            this.rot = rotation.clone();
            double[] ext = new double[3];
            double[] axes = {a, b, c};
            for (int w = 0; w < 3; w++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    double v = rot[w * 3 + k] * axes[k];
                    s += v * v;
                }
                ext[w] = Math.sqrt(s);
            }
            this.bounds = new Box(cx - ext[0], cx + ext[0], cy - ext[1], cy + ext[1], cz - ext[2], cz + ext[2]);
        }

        @Override
        public Box bounds() {
            return bounds;
        }

        @Override
        public Section at(double z) {
            double dz = z - cz;
            // local q = Rᵀ (p − c); the z part is fixed for the slice
            double qz0 = rot[6] * dz;
            double qz1 = rot[7] * dz;
            double qz2 = rot[8] * dz;
            double r0 = rot[0];
            double r1 = rot[1];
            double r2 = rot[2];
            double r3 = rot[3];
            double r4 = rot[4];
            double r5 = rot[5];
            double ia = 1 / a;
            double ib = 1 / b;
            double ic = 1 / c;
            double minAxis = Math.min(a, Math.min(b, c));
            return (x, y) -> {
                double dx = x - cx;
                double dy = y - cy;
                double q0 = r0 * dx + r3 * dy + qz0;
                double q1 = r1 * dx + r4 * dy + qz1;
                double q2 = r2 * dx + r5 * dy + qz2;
                double s0 = q0 * ia;
                double s1 = q1 * ib;
                double s2 = q2 * ic;
                double rr = Math.sqrt(s0 * s0 + s1 * s1 + s2 * s2);
                double g0 = s0 * ia;
                double g1 = s1 * ib;
                double g2 = s2 * ic;
                double g = Math.sqrt(g0 * g0 + g1 * g1 + g2 * g2);
                if (g < 1e-12) {
                    return minAxis;
                }
                return (1 - rr) * rr / g;
            };
        }
    }

    /** See {@link Shape#capsule}. */
    final class Capsule implements Shape {
        private final double[] p0;
        private final double[] d;
        private final double len2;
        private final double r0;
        private final double r1;
        private final Box bounds;

        Capsule(double[] p0, double[] p1, double r0, double r1) {
            this.p0 = p0.clone();
            this.d = new double[] {p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
            this.len2 = Math.max(d[0] * d[0] + d[1] * d[1] + d[2] * d[2], 1e-9);
            this.r0 = r0;
            this.r1 = r1;
            double r = Math.max(r0, r1);
            this.bounds = new Box(Math.min(p0[0], p1[0]) - r, Math.max(p0[0], p1[0]) + r,
                    Math.min(p0[1], p1[1]) - r, Math.max(p0[1], p1[1]) + r,
                    Math.min(p0[2], p1[2]) - r, Math.max(p0[2], p1[2]) + r);
        }

        @Override
        public Box bounds() {
            return bounds;
        }

        @Override
        public Section at(double z) {
            double wz = z - p0[2];
            double dzw = d[2] * wz;
            double wz2 = wz;
            return (x, y) -> {
                double wx = x - p0[0];
                double wy = y - p0[1];
                double t = (d[0] * wx + d[1] * wy + dzw) / len2;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                double ex = wx - t * d[0];
                double ey = wy - t * d[1];
                double ez = wz2 - t * d[2];
                return r0 + t * (r1 - r0) - Math.sqrt(ex * ex + ey * ey + ez * ez);
            };
        }
    }

    /** See {@link Shape#ellipticColumn}. */
    final class EllipticColumn implements Shape {
        private final Profile cx;
        private final Profile cy;
        private final Profile a;
        private final Profile b;
        private final double z0;
        private final double z1;
        private final Box bounds;

        EllipticColumn(Profile cx, Profile cy, Profile a, Profile b, double z0, double z1) {
            this.cx = cx;
            this.cy = cy;
            this.a = a;
            this.b = b;
            this.z0 = z0;
            this.z1 = z1;
            this.bounds = new Box(cx.min() - a.max(), cx.max() + a.max(), cy.min() - b.max(), cy.max() + b.max(), z0, z1);
        }

        @Override
        public Box bounds() {
            return bounds;
        }

        @Override
        public Section at(double z) {
            double ox = cx.at(z);
            double oy = cy.at(z);
            double sa = a.at(z);
            double sb = b.at(z);
            double cap = Math.min(z - z0, z1 - z);
            if (sa <= 0 || sb <= 0) {
                return (x, y) -> -Box.FAR;
            }
            return (x, y) -> Math.min(ellipseDepth(x - ox, y - oy, sa, sb), cap);
        }
    }
}
