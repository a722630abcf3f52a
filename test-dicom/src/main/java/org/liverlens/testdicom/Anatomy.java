package org.liverlens.testdicom;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.liverlens.testdicom.Shape.Rotation;

/**
 * The analytic abdomen of one seed: every organ as a {@link Shape}, in paint order, with its HU for
 * the contrast phase. Sizes and positions are those of an average adult (LPS, mm, the scan centre at
 * the origin; the right hemidiaphragm dome about 118 mm above it) scaled and moved a little by the
 * seed. The anatomy does not depend on the voxel grid, so one seed gives one patient at any
 * resolution.
 */
final class Anatomy {
    private final List<Structure> structures;
    private final Shape liver;
    private final List<Shape> lesionExclusions;
    private final Map<Tissue, Double> hu;

    private Anatomy(List<Structure> structures, Shape liver, List<Shape> lesionExclusions, Map<Tissue, Double> hu) {
        this.structures = List.copyOf(structures);
        this.liver = liver;
        this.lesionExclusions = List.copyOf(lesionExclusions);
        this.hu = hu;
    }

    /** Structures in paint order (later ones cover earlier ones). */
    List<Structure> structures() {
        return structures;
    }

    /** The liver (parenchyma envelope, before vessels and lesions are painted). */
    Shape liver() {
        return liver;
    }

    /** Shapes a lesion must keep clear of although they overlap the liver envelope (IVC, gallbladder, ...). */
    List<Shape> lesionExclusions() {
        return lesionExclusions;
    }

    /** The HU this case uses for a tissue (phase value plus the seed's jitter). */
    double hu(Tissue t) {
        return hu.get(t);
    }

    Map<Tissue, Double> huTable() {
        return hu;
    }

    /** Builds the anatomy of {@code seed} for {@code phase}, rendered with {@code realism}. */
    static Anatomy build(long seed, Phase phase, Realism realism) {
        return new Builder(seed, phase, realism).build();
    }

    /** The builder keeps the random stream and the case's scale factors. */
    private static final class Builder {
        private final SplittableRandom rnd;
        private final Map<Tissue, Double> hu = new EnumMap<>(Tissue.class);
        private final List<Structure> out = new ArrayList<>();
        /** In-plane scale of the case (body habitus). */
        private final double s;
        /** Cranio-caudal scale and shift. */
        private final double sz;
        private final double zShift;
        private final Realism realism;

        Builder(long seed, Phase phase, Realism realism) {
            this.realism = realism;
            // A fixed odd constant decorrelates the anatomy stream from the other streams of the seed.
            this.rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
            for (Tissue t : Tissue.values()) {
                hu.put(t, t.hu(phase) + u(-t.jitterHu(), t.jitterHu()));
            }
            this.s = u(0.92, 1.06);
            this.sz = u(0.94, 1.06);
            this.zShift = u(-8, 8);
            // Realism draws from its own stream, so the fixture anatomy stays byte-identical.
            for (Tissue t : Tissue.values()) {
                hu.put(t, hu.get(t) + realism.huOffset(t, phase));
            }
            hu.put(Tissue.LIVER, hu.get(Tissue.LIVER) + realism.liverShiftHu());
        }

        private double u(double lo, double hi) {
            return lo + (hi - lo) * rnd.nextDouble();
        }

        private double x(double v) {
            return v * s;
        }

        private double y(double v) {
            return v * s;
        }

        private double z(double v) {
            return v * sz + zShift;
        }

        private double[] p(double px, double py, double pz) {
            return new double[] {x(px), y(py), z(pz)};
        }

        /** A point jittered by up to ±j mm in each direction (template coordinates). */
        private double[] pj(double px, double py, double pz, double j) {
            return p(px + u(-j, j), py + u(-j, j), pz + u(-j, j));
        }

        private Shape ell(double cx, double cy, double cz, double a, double b, double c, double[] rot) {
            return Shape.ellipsoid(x(cx), y(cy), z(cz), a * s, b * s, c * sz, rot);
        }

        private Shape tube(double[] a, double[] b, double ra, double rb) {
            return Shape.capsule(a, b, ra * s, rb * s);
        }

        private double h(Tissue t) {
            return hu.get(t);
        }

        private void paint(String name, Shape shape, Tissue t, int label) {
            out.add(Structure.of(name, shape, h(t), label));
        }

        private void paint(String name, Shape shape, Tissue t, Label label) {
            paint(name, shape, t, label.value());
        }

        private void paintInside(String name, Shape shape, Tissue t, int label, int onlyIn) {
            out.add(Structure.inside(name, shape, h(t), label, onlyIn));
        }

        /** A polyline of capsules with radii interpolated along it. */
        private void paintPath(String name, double[][] points, double r0, double r1, Tissue t, int label, int onlyIn) {
            double total = 0;
            for (int i = 1; i < points.length; i++) {
                total += dist(points[i - 1], points[i]);
            }
            double done = 0;
            for (int i = 1; i < points.length; i++) {
                double len = dist(points[i - 1], points[i]);
                double ra = r0 + (r1 - r0) * done / total;
                double rb = r0 + (r1 - r0) * (done + len) / total;
                out.add(Structure.inside(name, tube(points[i - 1], points[i], ra, rb), h(t), label, onlyIn));
                done += len;
            }
        }

        private static double dist(double[] a, double[] b) {
            double dx = a[0] - b[0];
            double dy = a[1] - b[1];
            double dz = a[2] - b[2];
            return Math.sqrt(dx * dx + dy * dy + dz * dz);
        }

        Anatomy build() {
            final double far = 5000;
            // ---- body wall: skin/subcutaneous fat, muscle, peritoneal cavity ----
            double yBack = y(112);
            Profile bodyA = Profile.of(z(-300), 172, z(-160), 170, z(-60), 160, z(40), 162, z(140), 156, z(300), 148)
                    .scaled(s * u(0.95, 1.05), 0);
            Profile bodyB = Profile.of(z(-300), 106, z(-160), 110, z(-60), 117, z(40), 115, z(140), 108, z(300), 104)
                    .scaled(s * u(0.93, 1.08), 0);
            Profile bodyCy = bodyB.scaled(-1, yBack);
            double fatLat = u(16, 36) * s;
            double fatAnt = u(12, 30) * s;
            double fatPost = u(9, 16) * s;
            Profile muscleA = bodyA.scaled(1, -fatLat);
            Profile muscleB = bodyB.scaled(1, -(fatAnt + fatPost) / 2);
            Profile muscleCy = bodyCy.scaled(1, (fatAnt - fatPost) / 2);
            double wallLat = u(11, 16) * s;
            double wallAnt = u(9, 13) * s;
            double wallPost = 42 * s;
            // cavity: from the inner anterior wall to a posterior limit in front of the back muscles
            Profile cavA = muscleA.scaled(1, -wallLat);
            Profile cavAnt = muscleCy.plus(muscleB.scaled(-1, wallAnt));  // y of the anterior limit
            double cavPost = yBack - fatPost - wallPost;
            Profile cavCy = cavAnt.scaled(0.5, cavPost / 2);
            Profile cavB = cavAnt.scaled(-0.5, cavPost / 2);
            double ySpine = yBack - fatPost - 70 * s; // vertebral body centre

            Shape bodyColumn = Shape.ellipticColumn(Profile.constant(0), bodyCy, bodyA, bodyB, -far, far);
            Shape body = Shape.intersection(bodyColumn, Shape.halfSpace(0, 1, 0, yBack - 6 * s));
            Shape muscle = Shape.ellipticColumn(Profile.constant(0), muscleCy, muscleA, muscleB, -far, far);
            // the cavity widens posteriorly beside the spine (the paravertebral gutters that hold the
            // kidneys, the bare area of the liver and the spleen)
            Shape gutters = Shape.smoothUnion(
                    Shape.ellipticColumn(Profile.constant(x(-68)), Profile.constant(y(44)), Profile.constant(42 * s),
                            Profile.constant(32 * s), -far, far),
                    Shape.ellipticColumn(Profile.constant(x(68)), Profile.constant(y(44)), Profile.constant(42 * s),
                            Profile.constant(32 * s), -far, far), 10);
            Shape cavityColumn = Shape.smoothUnion(
                    Shape.ellipticColumn(Profile.constant(0), cavCy, cavA, cavB, -far, far), gutters, 25);
            Shape spineBlock = Shape.ellipticColumn(Profile.constant(0), Profile.constant(ySpine + 14 * s),
                    Profile.constant(44 * s), Profile.constant(40 * s), -far, far);
            Shape cavity = Shape.difference(cavityColumn, spineBlock);

            // ---- table: a shallow carbon-fibre cradle (thin skins, foam core) the back rests in ----
            double tableTop = yBack - 7 * s;
            double cradleA = 420;
            double cradleB = 600;
            Shape inner = Shape.ellipticColumn(Profile.constant(0), Profile.constant(tableTop - cradleB),
                    Profile.constant(cradleA), Profile.constant(cradleB), -far, far);
            Shape outer = Shape.ellipticColumn(Profile.constant(0), Profile.constant(tableTop - cradleB),
                    Profile.constant(cradleA + 40), Profile.constant(cradleB + 40), -far, far);
            Shape strip = Shape.halfSpace(0, -1, 0, -(tableTop - 30));
            Shape tableShell = Shape.intersection(Shape.difference(outer, inner), strip);
            paint("table shell", tableShell, Tissue.TABLE_SHELL, Label.BACKGROUND);
            paint("table core", Shape.intersection(Shape.difference(Shape.offset(outer, -3), Shape.offset(inner, 3)),
                    strip), Tissue.TABLE_CORE, Label.BACKGROUND);

            paint("subcutaneous fat", body, Tissue.SUBCUTANEOUS_FAT, Label.BACKGROUND);
            paint("muscle wall", muscle, Tissue.MUSCLE, Label.BACKGROUND);
            paint("peritoneal cavity", cavity, Tissue.VISCERAL_FAT, Structure.CAVITY);
            // Around the spine the cavity stops (bowel stays out), but what lies there is retroperitoneal
            // fat, with the psoas, crura and deep back muscles drawn into it below; not one block of muscle.
            List<Level> spine = spineLevels(ySpine);
            Profile spineY = spineProfile(spine, Level::yc);
            Profile spineA = spineProfile(spine, Level::a);
            Profile spineB = spineProfile(spine, Level::b);
            paint("retroperitoneal fat", Shape.intersection(cavityColumn, spineBlock), Tissue.VISCERAL_FAT,
                    Label.BACKGROUND);
            // deep back muscles (multifidus, erector spinae roots, intertransversarii, medial quadratus
            // lumborum): behind the transverse processes, joining the posterior wall
            paint("deep back muscles", Shape.intersection(cavityColumn, Shape.ellipticColumn(Profile.constant(0),
                    Profile.constant(ySpine + 30 * s), Profile.constant(54 * s), Profile.constant(23 * s), -far, far)),
                    Tissue.MUSCLE, Label.BACKGROUND);

            // ---- diaphragm, lungs, mediastinum ----
            double domeRight = 118;
            double domeLeft = domeRight - u(8, 20);
            Shape envelope = Shape.smoothUnion(
                    Shape.smoothUnion(
                            ell(-55, -22, domeRight - 112, 118, 100, 112, Rotation.IDENTITY),
                            ell(55, -22, domeLeft - 108, 112, 98, 108, Rotation.IDENTITY), 30),
                    Shape.halfSpace(0, 0, 1, z(0)), 20);
            Shape lungs = Shape.difference(Shape.intersection(cavity, Shape.halfSpace(0, 0, -1, -z(-20))), envelope);
            paint("lungs", lungs, Tissue.LUNG, Label.LUNG);
            Shape mediastinum = Shape.difference(Shape.ellipticColumn(Profile.constant(x(5)),
                    Profile.constant(ySpine - 38 * s), Profile.constant(40 * s), Profile.constant(60 * s), z(70), far),
                    envelope);
            paint("mediastinum", mediastinum, Tissue.MEDIASTINUM, Label.BACKGROUND);

            // ---- retroperitoneal muscles ----
            // psoas major: arises thin at T12–L1 beside the bodies, grows to ~40–45 mm across at L4–L5
            // where it lies antero-laterally, then runs into the pelvis with the iliacus
            // (T12, L1..L5 beside the bodies: gap to the body and forward shift in body semi-axes; then
            // the pelvis)
            double[] psoasZ = {z(42), z(8), z(-28), z(-65), z(-103), z(-142)};
            double[] psoasR = {4, 8, 12, 16.5, 20, 21.5, 20, 17};
            double[] psoasGap = {0, 1, 2, 3, 5, 8};
            double[] psoasDy = {0.45, 0.4, 0.3, 0.15, -0.1, -0.35};
            for (int side = -1; side <= 1; side += 2) {
                double[][] pts = new double[psoasR.length][];
                for (int i = 0; i < psoasZ.length; i++) {
                    double zz = psoasZ[i];
                    pts[i] = new double[] {side * (spineA.at(zz) + (psoasGap[i] + psoasR[i] - 3) * s),
                        spineY.at(zz) + psoasDy[i] * spineB.at(zz), zz};
                }
                pts[6] = p(side * 62, 5, -200);
                pts[7] = p(side * 66, -5, -300);
                for (int i = 1; i < pts.length; i++) {
                    out.add(Structure.of("psoas", tube(pts[i - 1], pts[i], psoasR[i - 1], psoasR[i]), h(Tissue.MUSCLE),
                            Label.BACKGROUND.value()));
                }
            }
            // diaphragmatic crura: muscular bands on the front of L1–L3 that arch over the aorta at T12
            double zHiatus = z(60);
            double[] aortaAtHiatus = {x(12), y(-2)}; // the aorta's path below passes p(12, -2, 60)
            double rAortaMax = 13 * s;
            for (int side = -1; side <= 1; side += 2) {
                double zLow = side < 0 ? z(-70) : z(-40);
                double[][] crus = {
                    {side * 0.55 * spineA.at(zLow), spineY.at(zLow) - spineB.at(zLow) - 2 * s, zLow},
                    {side * 0.7 * spineA.at(z(0)), spineY.at(z(0)) - spineB.at(z(0)) - 3 * s, z(0)},
                    {aortaAtHiatus[0] + side * (rAortaMax + 5 * s), aortaAtHiatus[1] + 2 * s, z(40)},
                    {aortaAtHiatus[0] + side * 8 * s, aortaAtHiatus[1] - rAortaMax - 4 * s, zHiatus}};
                for (int i = 1; i < crus.length; i++) {
                    out.add(Structure.of("diaphragmatic crus", tube(crus[i - 1], crus[i], i == 1 ? 3.5 : 4.5, 4.5),
                            h(Tissue.MUSCLE), Label.BACKGROUND.value()));
                }
            }

            // ---- bowel (inside the cavity only) ----
            int bowel = Label.BOWEL.value();
            int walks = 26;
            for (int w = 0; w < walks; w++) {
                double[] q = p(u(-60, 60), u(-80, 5), u(-185, -30));
                double r = u(10, 14);
                double[] dir = randomUnit();
                for (int seg = 0; seg < 5; seg++) {
                    double len = u(25, 38) * s;
                    double[] turn = randomUnit();
                    for (int c = 0; c < 3; c++) {
                        dir[c] = dir[c] + 0.9 * turn[c];
                    }
                    normalise(dir);
                    double[] next = {q[0] + len * dir[0], q[1] + len * dir[1], q[2] + len * dir[2]};
                    next[0] = clamp(next[0], x(-75), x(75));
                    next[1] = clamp(next[1], y(-90), y(15));
                    next[2] = clamp(next[2], z(-200), z(-20));
                    out.add(Structure.inside("small bowel wall", tube(q, next, r, r), h(Tissue.BOWEL_WALL), bowel,
                            Structure.CAVITY));
                    out.add(Structure.inside("small bowel lumen", tube(q, next, r - 2.5, r - 2.5),
                            h(Tissue.ENTERIC_FLUID), Structure.KEEP, bowel));
                    q = next;
                }
            }
            double[][] colon = {pj(-80, -15, -150, 6), pj(-88, 5, -70, 6), pj(-82, -20, -25, 6), pj(-40, -72, -40, 8),
                    pj(0, -80, -62, 10), pj(40, -72, -40, 8), pj(85, -12, 10, 6), pj(92, 20, -40, 6),
                    pj(88, 15, -120, 6), pj(55, -35, -175, 8), pj(15, -20, -205, 8), pj(0, 45, -250, 5)};
            double rColon = u(19, 25);
            for (int i = 1; i < colon.length; i++) {
                double[] a = colon[i - 1];
                double[] b = colon[i];
                out.add(Structure.inside("colon wall", tube(a, b, rColon, rColon), h(Tissue.BOWEL_WALL), bowel,
                        Structure.CAVITY));
                Shape lumen = tube(a, b, rColon - 3, rColon - 3);
                out.add(Structure.inside("colon content", lumen, h(Tissue.FAECES), Structure.KEEP, bowel));
                double level = (a[1] + b[1]) / 2 + u(-0.3, 0.6) * rColon * s;
                out.add(Structure.inside("colon gas", Shape.intersection(lumen, Shape.halfSpace(0, 1, 0, level)),
                        h(Tissue.BOWEL_GAS), Structure.KEEP, bowel));
            }
            paint("bladder", ell(0, -28, -240, 48 * u(0.8, 1.1), 38, 40 * u(0.8, 1.1), Rotation.IDENTITY),
                    Tissue.URINE, Label.BLADDER);

            // ---- stomach ----
            double[] stomachRot = Rotation.times(Rotation.aboutZ(35 + u(-10, 10)), Rotation.aboutX(20));
            Shape stomach = ell(50 + u(-6, 6), -38, 58 + u(-8, 8), 42 * u(0.85, 1.1), 36 * u(0.85, 1.1), 58, stomachRot);
            int stomachLabel = Label.STOMACH.value();
            paint("stomach wall", stomach, Tissue.STOMACH_WALL, Label.STOMACH);
            Shape stomachLumen = Shape.offset(stomach, -4 * s);
            double fill = realism.fixture() ? h(Tissue.ENTERIC_FLUID) : realism.stomachFillHu();
            out.add(Structure.inside("gastric fluid", stomachLumen, fill, Structure.KEEP, stomachLabel));
            double gasLevel = -38 - u(2, 20);
            gasLevel += switch (realism.stomach()) {
                case FLUID_AND_GAS, POSITIVE_CONTRAST -> 0;
                case FOOD -> -12;
                case GAS -> 30;
            };
            paintInside("gastric gas", Shape.intersection(stomachLumen, Shape.halfSpace(0, 1, 0, y(gasLevel))),
                    Tissue.BOWEL_GAS, Structure.KEEP, stomachLabel);

            // ---- pancreas ----
            paintPath("pancreas", new double[][] {pj(-28, -12, -2, 4), pj(-5, -32, 8, 3), pj(35, -18, 16, 4),
                    pj(72, 12, 28, 4)}, 15, 9, Tissue.PANCREAS, Label.PANCREAS.value(), Structure.ANY);

            if (realism.duodenum()) {
                // duodenal C-loop round the pancreatic head: bulb, descending, horizontal, ascending
                double[][] duodenum = {p(20, -55, 45), p(-15, -45, 38), p(-45, -30, 25), p(-52, -15, -12),
                    p(-25, -5, -35), p(8, -5, -32), p(24, -15, -12)};
                paintPath("duodenal wall", duodenum, 13, 12, Tissue.BOWEL_WALL, Label.BOWEL.value(), Structure.ANY);
                paintPath("duodenal fluid", duodenum, 9, 8, Tissue.ENTERIC_FLUID, Structure.KEEP, Label.BOWEL.value());
            }

            // ---- kidneys ----
            Shape rightKidney = null;
            Shape leftKidney = null;
            for (int side = -1; side <= 1; side += 2) {
                double cz = side < 0 ? -28 + u(-8, 8) : -12 + u(-8, 8);
                double cx = side * (70 + u(-4, 4));
                double cy = 48 + u(-4, 4);
                double phi = side < 0 ? -37 : 37;
                double[] rot = Rotation.times(Rotation.aboutZ(phi + u(-8, 8)), Rotation.aboutY(side < 0 ? 12 : -12));
                double len = 56 * u(0.9, 1.1);
                Shape cortex = ell(cx, cy, cz, 27, 20, len, rot);
                Label label = side < 0 ? Label.KIDNEY_RIGHT : Label.KIDNEY_LEFT;
                paint(label.description() + " cortex", cortex, Tissue.KIDNEY_CORTEX, label);
                paintInside(label.description() + " medulla", ell(cx, cy, cz, 27 * 0.66, 20 * 0.6, len * 0.78, rot),
                        Tissue.KIDNEY_MEDULLA, Structure.KEEP, label.value());
                // the hilum faces antero-medially: local +x of the rotation points there for the right kidney
                double hx = -side * rot[0];
                double hy = -side * rot[3];
                double[] hilum = {x(cx) + 16 * s * hx, y(cy) + 16 * s * hy, z(cz)};
                paintInside(label.description() + " sinus fat", Shape.ellipsoid(hilum[0], hilum[1], hilum[2], 11 * s,
                        8 * s, 24 * sz, rot), Tissue.RENAL_SINUS_FAT, Structure.KEEP, label.value());
                double[] hilumOut = {x(cx) + 30 * s * hx, y(cy) + 30 * s * hy, z(cz)};
                double[] ivc = p(-23, 3, cz);
                double[] aorta = p(11, -3, cz + 5);
                if (side < 0) {
                    paintPath("right renal vein", new double[][] {hilumOut, ivc}, 5, 5, Tissue.IVC,
                            Label.BACKGROUND.value(), Structure.ANY);
                    rightKidney = cortex;
                } else {
                    leftKidney = cortex;
                    paintPath("left renal vein", new double[][] {hilumOut, p(12, -22, cz + 4), ivc}, 4.5, 5, Tissue.IVC,
                            Label.BACKGROUND.value(), Structure.ANY);
                }
                paintPath("renal artery", new double[][] {aorta, hilumOut}, 3, 2.5, Tissue.AORTA,
                        Label.BACKGROUND.value(), Structure.ANY);
            }

            // ---- liver (painted after the organs it may touch, minus the ones it must not cover) ----
            double[] rightRot = Rotation.aboutZ(u(-10, 10));
            Shape rightLobe = ell(-62 + u(-5, 5), -2, 42, 68 * u(0.95, 1.05), 80 * u(0.95, 1.05), 76 * u(0.95, 1.05), rightRot);
            Shape leftLobe = ell(12 + u(-6, 6), -42, 70 + u(-6, 6), 75 * u(0.8, 1.15), 38 * u(0.85, 1.1), 36 * u(0.85, 1.1),
                    Rotation.times(Rotation.aboutZ(-20 + u(-8, 8)), Rotation.aboutY(u(-10, 10))));
            Shape caudate = ell(-18, 10, 45, 22, 20, 32, Rotation.IDENTITY);
            Shape lobes = Shape.smoothUnion(Shape.smoothUnion(rightLobe, leftLobe, 30), caudate, 15);
            double cutZ = z(u(-25, -10));
            double cutSlope = u(0.35, 0.6);
            // keep z − cutZ − slope·(x − x(−60)) > 0: the right lobe reaches lowest laterally
            Shape inferior = Shape.halfSpace(cutSlope, 0, -1, -cutZ + cutSlope * x(-60));
            Shape liverShape = Shape.intersection(lobes, Shape.offset(cavityColumn, -3 * s),
                    Shape.offset(envelope, -5 * s), inferior);
            liverShape = Shape.difference(liverShape, Shape.offset(rightKidney, 6 * s));
            liverShape = Shape.difference(liverShape, Shape.offset(spineBlock, 4 * s));
            paint("liver", liverShape, Tissue.LIVER, Label.LIVER);
            int liverLabel = Label.LIVER.value();

            // intrahepatic portal veins: from the hilum into both lobes, then random side branches
            double[] hilum = pj(-28, -12, 36, 3);
            double[] rpv = pj(-60, -8, 40, 4);
            List<double[][]> portal = new ArrayList<>();
            portal.add(new double[][] {hilum, rpv});
            portal.add(new double[][] {rpv, pj(-92, -45, 35, 8)});
            portal.add(new double[][] {rpv, pj(-100, 25, 30, 8)});
            double[] lpv = pj(-5, -40, 52, 4);
            portal.add(new double[][] {hilum, lpv});
            portal.add(new double[][] {lpv, pj(35, -58, 68, 6)});
            portal.add(new double[][] {lpv, pj(55, -35, 75, 8)});
            double[] portalR = {6.5, 4.5, 4.5, 5, 4, 3.5};
            for (int i = 0; i < portal.size(); i++) {
                double[][] seg = portal.get(i);
                paintPath("portal branch", seg, portalR[i], Math.max(2, portalR[i] * 0.45), Tissue.PORTAL_VEIN,
                        Structure.KEEP, liverLabel);
                branches(seg[0], seg[1], portalR[i] * 0.5, Tissue.PORTAL_VEIN, liverLabel);
            }
            // hepatic veins converge on the IVC below the right atrium
            double[] hvc = pj(-18, 12, 100, 2);
            double[][][] hepatic = {
                {hvc, pj(-65, 5, 75, 5), pj(-110, 15, 30, 8)},
                {hvc, pj(-45, -35, 60, 5), pj(-55, -62, 15, 8)},
                {hvc, pj(10, -25, 85, 5), pj(40, -45, 75, 8)}};
            double[] hepaticR = {7, 6, 5.5};
            for (int i = 0; i < hepatic.length; i++) {
                paintPath("hepatic vein", hepatic[i], hepaticR[i], 2, Tissue.HEPATIC_VEIN, Structure.KEEP, liverLabel);
                branches(hepatic[i][1], hepatic[i][2], hepaticR[i] * 0.45, Tissue.HEPATIC_VEIN, liverLabel);
            }

            // ---- spleen: crescent under the left dome against the postero-lateral wall ----
            double[] spleenRot = Rotation.aboutZ(56 + u(-8, 8));
            double scx = 88 + u(-5, 5);
            double scy = 42 + u(-5, 5);
            double scz = 62 + u(-8, 8);
            double spleenSize = u(0.85, 1.15);
            Shape spleenBody = ell(scx, scy, scz, 36 * spleenSize, 64 * spleenSize, 52 * spleenSize, spleenRot);
            Shape hilumBite = ell(scx - 0.55 * 50, scy - 0.83 * 50, scz, 24, 34, 38, spleenRot);
            Shape spleen = Shape.intersection(Shape.difference(spleenBody, hilumBite), Shape.offset(cavityColumn, -2 * s),
                    Shape.offset(envelope, -4 * s));
            spleen = Shape.difference(spleen, Shape.offset(leftKidney, 4 * s));
            paint("spleen", spleen, Tissue.SPLEEN, Label.SPLEEN);

            // ---- great vessels ----
            double rAorta = u(10, 13);
            double[][] aortaPath = {p(16, 38, 420), p(14, 22, 150), p(12, -2, 60), p(10, -4, -40), p(6, -2, -105)};
            paintPath("aorta", aortaPath, rAorta, rAorta * 0.85, Tissue.AORTA, Label.AORTA.value(), Structure.ANY);
            paintPath("celiac trunk", new double[][] {p(12, -8, 55), p(10, -35, 60)}, 4, 3.5, Tissue.AORTA,
                    Label.BACKGROUND.value(), Structure.ANY);
            paintPath("superior mesenteric artery", new double[][] {p(12, -8, 38), p(8, -40, 0), p(4, -45, -80)}, 4, 3,
                    Tissue.AORTA, Label.BACKGROUND.value(), Structure.ANY);
            double rIvc = u(10, 13);
            double[][] ivcPath = {p(-18, 8, -108), p(-24, 2, -40), p(-24, 8, 30), p(-20, 14, 95), p(-8, -5, 130),
                p(5, -20, 150)};
            paintPath("inferior vena cava", ivcPath, rIvc, rIvc, Tissue.IVC, Label.IVC.value(), Structure.ANY);
            for (int side = -1; side <= 1; side += 2) {
                paintPath("common iliac artery", new double[][] {aortaPath[aortaPath.length - 1], p(side * 40, 10, -180),
                        p(side * 75, -2, -260), p(side * 85, -10, -400)}, 7, 6, Tissue.AORTA, Label.BACKGROUND.value(),
                        Structure.ANY);
                paintPath("common iliac vein", new double[][] {ivcPath[0], p(side * 38, 22, -180), p(side * 70, 5, -260),
                        p(side * 80, -2, -400)}, 8, 7, Tissue.IVC, Label.BACKGROUND.value(), Structure.ANY);
            }
            double[] confluence = pj(-6, -20, 8, 3);
            int pvLabel = Label.PORTAL_VEIN.value();
            Shape pvTrunk = tube(confluence, hilum, 7.5, 7);
            out.add(Structure.of("portal vein", pvTrunk, h(Tissue.PORTAL_VEIN), pvLabel));
            paintPath("superior mesenteric vein", new double[][] {confluence, p(-10, -42, -70), p(-8, -48, -160)}, 6, 4.5,
                    Tissue.PORTAL_VEIN, pvLabel, Structure.ANY);
            paintPath("splenic vein", new double[][] {confluence, p(35, -2, 18), p(72, 25, 40)}, 5, 4.5,
                    Tissue.PORTAL_VEIN, pvLabel, Structure.ANY);

            // ---- gallbladder in its fossa on the inferior surface ----
            double[] fossa = {-40 + u(-6, 6), -52 + u(-5, 5), 2 + u(-6, 6)};
            Shape gallbladder = ell(fossa[0], fossa[1], fossa[2], 15 * u(0.8, 1.2), 14 * u(0.8, 1.2),
                    36 * u(0.8, 1.2), Rotation.aboutX(-37));
            Realism.Gallbladder gb = realism.gallbladder();
            if (gb.form() == Realism.Gallbladder.Form.FIXTURE) {
                paint("gallbladder", gallbladder, Tissue.GALLBLADDER_BILE, Label.GALLBLADDER);
            } else if (gb.form() != Realism.Gallbladder.Form.ABSENT) {
                gallbladder = pear(fossa, gb);
                out.add(Structure.of("gallbladder wall", gallbladder, gb.wallHu(), Label.GALLBLADDER.value()));
                out.add(Structure.inside("bile", Shape.offset(gallbladder, -gb.wallMm()), gb.bileHu(), Structure.KEEP,
                        Label.GALLBLADDER.value()));
            }
            if (realism.distendedBulb()) {
                // a fluid-filled bulb and descending duodenum against the liver's inferior surface, medial
                // to the gallbladder: painted over the liver as the gallbladder is
                double[][] bulb = {p(12, -50, 22), p(-14, -44, 12), p(-38, -30, 2), p(-48, -16, -24)};
                paintPath("distended duodenal wall", bulb, 19, 16, Tissue.BOWEL_WALL, Label.BOWEL.value(), Structure.ANY);
                paintPath("duodenal fluid", bulb, 16.5, 13.5, Tissue.ENTERIC_FLUID, Structure.KEEP, Label.BOWEL.value());
            }

            // ---- heart on the central tendon ----
            double[] heartRot = Rotation.aboutZ(-30);
            Shape heart = ell(25, -30, domeRight + 50, 62, 52, 58, heartRot);
            paint("pericardial fat", Shape.offset(heart, 5 * s), Tissue.PERICARDIAL_FAT, Label.BACKGROUND);
            paint("myocardium", heart, Tissue.MYOCARDIUM, Label.BACKGROUND);
            paint("blood pool", Shape.offset(heart, -11 * s), Tissue.BLOOD_POOL, Label.BACKGROUND);
            if (realism.rightHeartMix() < 1) {
                // arterial phase: the left heart is as bright as the aorta, the right heart mixes
                // enhanced blood with unenhanced return from the IVC
                double rightHu = h(Tissue.IVC) + realism.rightHeartMix() * (h(Tissue.BLOOD_POOL) - h(Tissue.IVC));
                out.add(Structure.of("right heart blood", Shape.intersection(Shape.offset(heart, -11 * s),
                        Shape.halfSpace(1, 1, 0, (x(25) + y(-30)) / Math.sqrt(2))), rightHu, Label.BACKGROUND.value()));
            }

            // ---- skeleton ----
            skeleton(spine, muscleA, muscleB, muscleCy, cavAnt);

            Shape liverForLesions = liverShape;
            List<Shape> exclusions = List.of(gallbladder, pvTrunk, Shape.capsule(ivcPath[2], ivcPath[3], rIvc * s, rIvc * s),
                    Shape.capsule(ivcPath[3], ivcPath[4], rIvc * s, rIvc * s), Shape.offset(heart, 5 * s));
            return new Anatomy(out, liverForLesions, exclusions, hu);
        }

        /**
         * A pear-shaped gallbladder centred in the fossa: the neck points up and back towards the porta,
         * the fundus down and forward to the liver's inferior edge; a cone of capsules from a narrow neck
         * to the fundus' full width.
         */
        private Shape pear(double[] fossa, Realism.Gallbladder gb) {
            // the fixture's long axis (Rotation.aboutX(-37) of +z), pointing from neck to fundus
            double[] axis = {0, -Math.sin(Math.toRadians(37)), -Math.cos(Math.toRadians(37))};
            double half = gb.lengthMm() / 2;
            double r = gb.widthMm() / 2;
            double[] neck = new double[3];
            double[] fundus = new double[3];
            for (int a = 0; a < 3; a++) {
                neck[a] = fossa[a] - axis[a] * (half - 0.3 * r);
                fundus[a] = fossa[a] + axis[a] * (half - r);
            }
            return tube(p(neck[0], neck[1], neck[2]), p(fundus[0], fundus[1], fundus[2]), 0.3 * r, r);
        }

        /** Two random side branches off a vessel segment, drawn inside the liver only. */
        private void branches(double[] a, double[] b, double r, Tissue t, int liverLabel) {
            for (int n = 0; n < 2; n++) {
                double f = u(0.3, 0.8);
                double[] start = {a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])};
                double[] d = randomUnit();
                double len = u(25, 45) * s;
                double[] end = {start[0] + len * d[0], start[1] + len * d[1], start[2] + len * d[2] * 0.7};
                out.add(Structure.inside("vessel branch", Shape.capsule(start, end, Math.max(1.6, r) * s, 1.2 * s),
                        h(t), Structure.KEEP, liverLabel));
            }
        }

        /** One vertebra: body centre and half-height (z), body semi-axes, body centre y. */
        private record Level(double c, double hh, double a, double b, double yc, boolean lumbar) {
            double lo() {
                return c - hh;
            }

            double hi() {
                return c + hh;
            }
        }

        /**
         * The vertebral levels from the sacrum upwards: lumbar bodies 27 mm high with 9 mm discs,
         * thoracic ones 22 mm with 6 mm discs; a lordosis brings the mid-lumbar bodies forward.
         */
        private List<Level> spineLevels(double ySpine) {
            List<Level> levels = new ArrayList<>();
            double zc = z(-178);
            double zTop = z(560);
            double lumbarTop = z(20);
            while (zc < zTop) {
                boolean lumbar = zc < lumbarTop;
                double height = (lumbar ? 27 : 22) * sz;
                double disc = (lumbar ? 9 : 6) * sz;
                double centre = zc + height / 2;
                double lord = 9 * s * StrictMath.exp(-StrictMath.pow((centre - z(-60)) / 90, 2));
                double a = (lumbar ? 21 : 17) * s;
                double b = (lumbar ? 16 : 14) * s;
                levels.add(new Level(centre, height / 2, a, b, ySpine - lord, lumbar));
                zc += height + disc;
            }
            return levels;
        }

        private static Profile spineProfile(List<Level> levels, java.util.function.ToDoubleFunction<Level> f) {
            double[] pairs = new double[levels.size() * 2];
            for (int i = 0; i < levels.size(); i++) {
                pairs[2 * i] = levels.get(i).c();
                pairs[2 * i + 1] = f.applyAsDouble(levels.get(i));
            }
            return Profile.of(pairs);
        }

        /** An elliptic column whose back is cut flat (a vertebral body or disc seen from above). */
        private static Shape flatBacked(Profile a, Profile b, Profile cy, double flatY, double z0, double z1) {
            return Shape.intersection(Shape.ellipticColumn(Profile.constant(0), cy, a, b, z0, z1),
                    Shape.halfSpace(0, 1, 0, flatY));
        }

        private void skeleton(List<Level> levels, Profile muscleA, Profile muscleB, Profile muscleCy, Profile cavAnt) {
            int bone = Label.BONE.value();
            int bg = Label.BACKGROUND.value();
            double lumbarTop = z(20);
            int n = levels.size();
            // canal size and place per level: lumbar canals are wider (oval), thoracic ones round
            double[] canalA = new double[n];
            double[] canalB = new double[n];
            double[] canalY = new double[n];
            for (int i = 0; i < n; i++) {
                Level l = levels.get(i);
                canalA[i] = (l.lumbar() ? 11 : 8.5) * s;
                canalB[i] = (l.lumbar() ? 8.5 : 7.5) * s;
                canalY[i] = l.yc() + 0.8 * l.b() + 1.5 * s + canalB[i];
            }
            // intervertebral discs: only in the gaps between bodies (reaching 1 mm into the endplates,
            // which the bodies cover), bulging a little beyond the bodies
            for (int i = 0; i + 1 < n; i++) {
                Level lo = levels.get(i);
                Level up = levels.get(i + 1);
                double z0 = lo.hi() - 1;
                double z1 = up.lo() + 1;
                paint("intervertebral disc", flatBacked(Profile.of(z0, lo.a() + 0.8, z1, up.a() + 0.8),
                        Profile.of(z0, lo.b() + 0.8, z1, up.b() + 0.8), Profile.of(z0, lo.yc(), z1, up.yc()),
                        (lo.yc() + 0.8 * lo.b() + up.yc() + 0.8 * up.b()) / 2 + 0.8, z0, z1), Tissue.DISC, bg);
            }
            for (int i = 0; i < n; i++) {
                Level l = levels.get(i);
                double c = l.c();
                double a = l.a();
                double b = l.b();
                double yc = l.yc();
                double lo = l.lo();
                double hi = l.hi();
                boolean lumbar = l.lumbar();
                double gapBelow = i > 0 ? lo - levels.get(i - 1).hi() : (lumbar ? 9 : 6) * sz;
                double gapAbove = i + 1 < n ? levels.get(i + 1).lo() - hi : (lumbar ? 9 : 6) * sz;
                double ca = canalA[i];
                double cb = canalB[i];
                double cy = canalY[i];
                // body: cortical shell (2.2 mm as CT shows it, endplates 1.5 mm) around cancellous bone,
                // back flattened
                double flat = yc + 0.8 * b;
                double shell = 2.2;
                paint("vertebral body", flatBacked(Profile.constant(a), Profile.constant(b), Profile.constant(yc),
                        flat, lo, hi), Tissue.CORTICAL_BONE, bone);
                paint("vertebral marrow", flatBacked(Profile.constant(a - shell), Profile.constant(b - shell),
                        Profile.constant(yc), flat - shell, lo + 1.5, hi - 1.5), Tissue.CANCELLOUS_BONE, bone);
                // neural arch around the canal: pedicles in the upper half of the body, the laminae lower
                // and reaching down over the disc below (with the inferior articular processes)
                double archA = ca + 7 * s;
                double archB = cb + 6.5 * s;
                double archY = cy + 1 * s; // (the ribs' tubercles use the same)
                Shape archOutline = Shape.ellipticColumn(Profile.constant(0), Profile.constant(archY),
                        Profile.constant(archA), Profile.constant(archB), -5000, 5000);
                double pedicleLo = c - 0.15 * 2 * l.hh();
                paint("pedicles", Shape.intersection(archOutline, Shape.halfSpace(0, 0, 1, hi - 1.5),
                        Shape.halfSpace(0, 0, -1, -pedicleLo), Shape.halfSpace(0, 1, 0, cy + 0.2 * cb)),
                        Tissue.POSTERIOR_ARCH, bone);
                double laminaLo = lo - 0.6 * gapBelow;
                paint("laminae", Shape.intersection(archOutline, Shape.halfSpace(0, 0, 1, hi - 1.5),
                        Shape.halfSpace(0, 0, -1, -laminaLo), Shape.halfSpace(0, -1, 0, -(cy + 0.2 * cb))),
                        Tissue.POSTERIOR_ARCH, bone);
                // superior articular processes: from the pedicles up to the facet joints at the disc above
                for (int side = -1; side <= 1; side += 2) {
                    paint("superior articular process", Shape.ellipticColumn(Profile.constant(side * (ca + 3.5 * s)),
                            Profile.constant(cy + 0.35 * cb), Profile.constant(4.5 * s), Profile.constant(5.5 * s), c,
                            hi + gapAbove + 1), Tissue.POSTERIOR_ARCH, bone);
                }
                // spinous process: a plate running back from the laminae, level in the lumbar spine and
                // steeply down in the thoracic spine (its tip overlaps the level below)
                double slope = lumbar ? 12 : 48;
                double len = (lumbar ? 30 : 38) * s;
                double[] dir = {0, StrictMath.cos(Math.toRadians(slope)), -StrictMath.sin(Math.toRadians(slope))};
                double[] base = {0, archY + archB - 5 * s, lumbar ? c - 0.25 * l.hh() : c - 0.1 * l.hh()};
                out.add(Structure.of("spinous process", Shape.ellipsoid(base[0], base[1] + dir[1] * len / 2,
                        base[2] + dir[2] * len / 2, (lumbar ? 4 : 3.5) * s, len / 2, (lumbar ? 9 : 6) * sz,
                        Rotation.aboutX(-slope)), h(Tissue.POSTERIOR_ARCH), bone));
                // transverse processes from the pedicle–lamina junction: long and lateral in the lumbar
                // spine, shorter and backwards in the thoracic spine where the ribs meet them
                for (int side = -1; side <= 1; side += 2) {
                    double[] tpBase = {side * (ca + 2 * s), archY - 2 * s, c + 0.2 * l.hh()};
                    double[] tip = {side * (lumbar ? a + 22 * s : a + 13 * s), archY + (lumbar ? -2 : 7) * s,
                        c + 0.2 * l.hh() + 2};
                    out.add(Structure.of("transverse process", Shape.capsule(tpBase, tip, 5 * s, 4 * s),
                            h(Tissue.POSTERIOR_ARCH), bone));
                }
            }
            // spinal canal through every level: epidural fat around the CSF-filled dural sac
            double[] canalPairsA = new double[2 * n];
            double[] canalPairsB = new double[2 * n];
            double[] canalPairsY = new double[2 * n];
            for (int i = 0; i < n; i++) {
                canalPairsA[2 * i] = canalPairsB[2 * i] = canalPairsY[2 * i] = levels.get(i).c();
                canalPairsA[2 * i + 1] = canalA[i];
                canalPairsB[2 * i + 1] = canalB[i];
                canalPairsY[2 * i + 1] = canalY[i];
            }
            Profile canalAP = Profile.of(canalPairsA);
            Profile canalBP = Profile.of(canalPairsB);
            Profile canalYP = Profile.of(canalPairsY);
            double canalLo = levels.get(0).lo();
            double canalHi = levels.get(n - 1).hi();
            paint("epidural fat", Shape.ellipticColumn(Profile.constant(0), canalYP, canalAP, canalBP, canalLo, canalHi),
                    Tissue.VISCERAL_FAT, bg);
            paint("dural sac (CSF)", Shape.ellipticColumn(Profile.constant(0), canalYP.scaled(1, -1 * s),
                    canalAP.scaled(0.78, 0), canalBP.scaled(0.75, 0), canalLo, canalHi), Tissue.CSF, bg);

            // ribs on the thoracic levels, sloping down towards the front
            // (head on the side of the body, neck in front of the transverse process, tubercle at its tip)
            int rib = 0;
            for (int i = 0; i < n; i++) {
                Level l = levels.get(i);
                double c = l.c();
                if (c < lumbarTop || c > z(380)) {
                    continue;
                }
                double thetaEnd = switch (rib) {
                    case 0 -> 95;
                    case 1 -> 120;
                    case 2 -> 145;
                    default -> 165;
                };
                double drop = 55 * sz;
                int steps = 9;
                double archY = canalY[i] + 1 * s;
                for (int side = -1; side <= 1; side += 2) {
                    double[] head = {side * 0.8 * l.a(), l.yc() + 0.5 * l.b(), c + 0.45 * l.hh()};
                    double[] tubercle = {side * (l.a() + 11 * s), archY + 3 * s, c + 0.2 * l.hh() + 2};
                    out.add(Structure.of("rib neck", Shape.capsule(head, tubercle, 4 * s, 4 * s), h(Tissue.RIB), bone));
                    double[] prev = tubercle;
                    for (int st = 0; st <= steps; st++) {
                        double theta = Math.toRadians(25 + (thetaEnd - 25) * st / steps);
                        double zr = c + 6 - drop * StrictMath.pow(theta / Math.PI, 1.3);
                        double rx = muscleA.at(zr) - 7 * s;
                        double ry = muscleB.at(zr) - 7 * s;
                        double[] q = {side * rx * StrictMath.sin(theta), muscleCy.at(zr) + ry * StrictMath.cos(theta), zr};
                        out.add(Structure.of("rib", Shape.capsule(prev, q, st == 0 ? 4 * s : 4.5 * s, 4.5 * s),
                                h(Tissue.RIB), bone));
                        prev = q;
                    }
                }
                rib++;
            }
            // sternum from the xiphoid up
            Profile sternumY = cavAnt.scaled(1, -6 * s);
            paint("sternum", Shape.ellipticColumn(Profile.constant(0), sternumY, Profile.constant(14 * s),
                    Profile.constant(6 * s), z(150), z(380)), Tissue.RIB, bone);
            // pelvis: iliac wings and sacrum
            for (int side = -1; side <= 1; side += 2) {
                double[] rot = Rotation.aboutZ(side * -35);
                Shape wing = ell(side * 92, 40, -195, 13, 58, 52, rot);
                paint("iliac wing", wing, Tissue.CORTICAL_BONE, bone);
                paintInside("iliac marrow", Shape.offset(wing, -3 * s), Tissue.CANCELLOUS_BONE, Structure.KEEP, bone);
            }
            Shape sacrum = ell(0, 50, -225, 46, 20, 55, Rotation.aboutX(-30));
            paint("sacrum", sacrum, Tissue.CORTICAL_BONE, bone);
            paintInside("sacral marrow", Shape.offset(sacrum, -2.5 * s), Tissue.CANCELLOUS_BONE, Structure.KEEP, bone);
        }

        private double[] randomUnit() {
            double[] v = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            normalise(v);
            return v;
        }

        private static void normalise(double[] v) {
            double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            if (n < 1e-9) {
                v[0] = 1;
                v[1] = 0;
                v[2] = 0;
                return;
            }
            v[0] /= n;
            v[1] /= n;
            v[2] /= n;
        }

        private static double clamp(double v, double lo, double hi) {
            return Math.max(lo, Math.min(hi, v));
        }
    }
}
