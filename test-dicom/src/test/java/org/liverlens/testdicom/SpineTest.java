package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spine as a reader sees it on axial slices: every slice between the lowest and highest
 * vertebral level shows bone behind the aorta (the body, or at a disc the articular processes and
 * laminae), bodies have cancellous bone inside a cortical rim, discs lie only in the short gaps
 * between bodies, and the canal holds CSF. The demo anatomy on a coarser grid (the anatomy does
 * not depend on the grid), plus two other seeds.
 */
class SpineTest {
    private static final int BONE = Label.BONE.value();

    /** One rendered volume: HU and labels per slice, with the grid. */
    private record Volume(SyntheticCt ct, short[][] hu, byte[][] labels, int columns, int rows, double x0, double y0,
                          double dx) {
        static Volume render(long seed) {
            SyntheticCt.Params p = DefaultDemoData.params().withSeed(seed).withSize(256, 256, 120)
                    .withSpacing(1.5, 2.5);
            SyntheticCt ct = new SyntheticCt(p);
            short[][] hu = new short[p.slices()][];
            byte[][] labels = new byte[p.slices()][];
            IntStream.range(0, p.slices()).parallel().forEach(k -> {
                SyntheticCt.SliceBuffers b = ct.newBuffers();
                ct.renderSlice(k, b);
                hu[k] = b.hu.clone();
                labels[k] = b.labels.clone();
            });
            double[] o = ct.geometry().originMm();
            return new Volume(ct, hu, labels, p.columns(), p.rows(), o[0], o[1], p.pixelSpacingMm());
        }

        int column(double x) {
            return (int) Math.round((x - x0) / dx);
        }

        int row(double y) {
            return (int) Math.round((y - y0) / dx);
        }

        double x(int i) {
            return x0 + i * dx;
        }

        double y(int j) {
            return y0 + j * dx;
        }

        /** Mean HU and the fraction of bone labels in a square of ±{@code halfMm} around (x, y). */
        double[] sample(int k, double x, double y, double halfMm) {
            int i0 = column(x - halfMm);
            int i1 = column(x + halfMm);
            int j0 = row(y - halfMm);
            int j1 = row(y + halfMm);
            double sum = 0;
            int bone = 0;
            int n = 0;
            for (int j = j0; j <= j1; j++) {
                for (int i = i0; i <= i1; i++) {
                    sum += hu[k][j * columns + i];
                    bone += labels[k][j * columns + i] == BONE ? 1 : 0;
                    n++;
                }
            }
            return new double[] {sum / n, bone / (double) n};
        }
    }

    /** z range and centre (x, y) of each vertebral body, from the sacrum up. */
    private static List<double[]> bodies(SyntheticCt ct) {
        List<double[]> out = new ArrayList<>();
        for (Structure s : ct.anatomy().structures()) {
            if (s.name().equals("vertebral body")) {
                Shape.Box b = s.shape().bounds();
                out.add(new double[] {b.minZ(), b.maxZ(), (b.minX() + b.maxX()) / 2, (b.minY() + b.maxY()) / 2});
            }
        }
        out.sort(Comparator.comparingDouble(b -> b[0]));
        return out;
    }

    /** Slices whose z lies between the lowest and highest vertebral body. */
    private static int[] spineSlices(Volume v, List<double[]> bodies) {
        double lo = bodies.get(0)[0];
        double hi = bodies.get(bodies.size() - 1)[1];
        return IntStream.range(0, v.hu.length).filter(k -> v.ct.sliceZ(k) >= lo && v.ct.sliceZ(k) <= hi).toArray();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {DefaultDemoData.SEED, 7, 4242})
    void everySliceShowsVertebralBoneBehindTheAorta(long seed) {
        Volume v = Volume.render(seed);
        int[] slices = spineSlices(v, bodies(v.ct));
        assertEquals(v.hu.length, slices.length, "the demo slab lies wholly between the lowest and highest body");
        // the aorta's centre on each slice (its nearest slice below the bifurcation)
        double[] aortaY = new double[v.hu.length];
        java.util.Arrays.fill(aortaY, Double.NaN);
        for (int k = 0; k < v.hu.length; k++) {
            double sum = 0;
            int n = 0;
            for (int p = 0; p < v.labels[k].length; p++) {
                if (v.labels[k][p] == Label.AORTA.value()) {
                    sum += v.y(p / v.columns);
                    n++;
                }
            }
            aortaY[k] = n > 20 ? sum / n : Double.NaN;
        }
        List<String> missing = new ArrayList<>();
        List<String> faint = new ArrayList<>();
        for (int k : slices) {
            double ya = nearest(aortaY, k);
            // near the midline (±25 mm), from the aorta's centre back 90 mm: body, arch or facets
            int bone = 0;
            double huSum = 0;
            for (int j = v.row(ya); j <= v.row(ya + 90); j++) {
                for (int i = v.column(-25); i <= v.column(25); i++) {
                    int p = j * v.columns + i;
                    if (v.labels[k][p] == BONE) {
                        bone++;
                        huSum += v.hu[k][p];
                    }
                }
            }
            double areaMm2 = bone * v.dx * v.dx;
            if (areaMm2 < 60) {
                missing.add(k + " (" + Math.round(areaMm2) + " mm²)");
            } else if (huSum / bone < 150) {
                faint.add(k + " (" + Math.round(huSum / bone) + " HU)");
            }
        }
        assertTrue(missing.isEmpty(), "slices without vertebral bone near the midline behind the aorta: " + missing);
        assertTrue(faint.isEmpty(), "slices whose vertebral bone is not bright: " + faint);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {DefaultDemoData.SEED, 7, 4242})
    void bodiesAndDiscsAlternateAndTheCanalHoldsCsf(long seed) {
        Volume v = Volume.render(seed);
        List<double[]> bodies = bodies(v.ct);
        int[] slices = spineSlices(v, bodies);
        int inBody = 0;
        int run = 0;
        int longestRun = 0;
        for (int k : slices) {
            double z = v.ct.sliceZ(k);
            double[] body = null;
            double[] below = null;
            for (double[] b : bodies) {
                if (z >= b[0] && z <= b[1]) {
                    body = b;
                }
                if (b[1] < z) {
                    below = b;
                }
            }
            if (body != null) {
                if (z >= body[0] + 2.5 && z <= body[1] - 2.5) { // clear of the endplates
                    // cancellous bone in the middle of the body
                    double[] centre = v.sample(k, body[2], body[3], 3);
                    assertEquals(1.0, centre[1], 1e-9, "body centre is bone on slice " + k);
                    assertTrue(centre[0] > 170 && centre[0] < 320, "cancellous HU " + centre[0] + " on slice " + k);
                }
                inBody++;
                run = 0;
            } else if (below != null && isGap(bodies, z)) {
                // between two bodies: disc (soft tissue, not bone) where the bodies' centres are
                double[] disc = v.sample(k, below[2], below[3], 3);
                assertEquals(0.0, disc[1], 1e-9, "no bone in the disc on slice " + k);
                assertTrue(disc[0] > 40 && disc[0] < 130, "disc HU " + disc[0] + " on slice " + k);
                run++;
                longestRun = Math.max(longestRun, run);
            }
        }
        assertTrue(inBody >= 0.65 * slices.length, inBody + " of " + slices.length + " slices cross a body");
        assertTrue(longestRun * v.ct.params().sliceSpacingMm() <= 10, "discs are at most 10 mm high: " + longestRun);
        // the canal: CSF in the dural sac, behind the bodies, on every slice
        Shape sac = v.ct.anatomy().structures().stream().filter(s -> s.name().startsWith("dural sac")).findFirst()
                .orElseThrow().shape();
        for (int k : slices) {
            Shape.Section sec = sac.at(v.ct.sliceZ(k));
            double y = 0;
            for (double yy = 0; yy < 120; yy += 0.5) {
                if (sec.depthMm(0, yy) > sec.depthMm(0, y)) {
                    y = yy;
                }
            }
            assertTrue(sec.depthMm(0, y) > 4, "the sac is at least 8 mm across on slice " + k);
            double[] csf = v.sample(k, 0, y, 2);
            assertTrue(csf[0] > -30 && csf[0] < 60 && csf[1] == 0, "CSF " + csf[0] + " HU on slice " + k);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {DefaultDemoData.SEED, 7, 4242})
    void bodiesHaveACorticalRimAroundCancellousBoneAtDemoResolution(long seed) {
        SyntheticCt ct = new SyntheticCt(DefaultDemoData.params().withSeed(seed));
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        double[] o = ct.geometry().originMm();
        double dx = ct.params().pixelSpacingMm();
        int cols = ct.params().columns();
        int checked = 0;
        for (double[] body : bodies(ct)) {
            double zc = (body[0] + body[1]) / 2;
            int k = (int) Math.round((zc - ct.sliceZ(0)) / ct.params().sliceSpacingMm());
            if (k < 0 || k >= ct.params().slices()) {
                continue;
            }
            ct.renderSlice(k, b);
            int ic = (int) Math.round((body[2] - o[0]) / dx);
            int jc = (int) Math.round((body[3] - o[1]) / dx);
            double sum = 0;
            for (int j = jc - 4; j <= jc + 4; j++) {
                for (int i = ic - 4; i <= ic + 4; i++) {
                    sum += b.hu[j * cols + i];
                }
            }
            double cancellous = sum / 81;
            // the brightest voxel on the way out of the body: forwards, and to either side
            double front = -1e9;
            double left = -1e9;
            double right = -1e9;
            for (int d = 0; d < 40 / dx; d++) {
                front = Math.max(front, b.hu[(jc - d) * cols + ic]);
                left = Math.max(left, b.hu[jc * cols + ic + d]);
                right = Math.max(right, b.hu[jc * cols + ic - d]);
            }
            String where = "seed " + seed + ", body at z " + Math.round(zc) + " (slice " + k + ")";
            assertTrue(cancellous > 170 && cancellous < 320, "cancellous " + cancellous + " HU, " + where);
            assertTrue(Math.min(front, Math.min(left, right)) > 600,
                    "cortical rim " + front + "/" + left + "/" + right + " HU, " + where);
            checked++;
        }
        assertTrue(checked >= 4, checked + " bodies in the demo slab");
    }

    private static boolean isGap(List<double[]> bodies, double z) {
        for (int i = 0; i + 1 < bodies.size(); i++) {
            if (z > bodies.get(i)[1] + 1 && z < bodies.get(i + 1)[0] - 1) {
                return true;
            }
        }
        return false;
    }

    private static double nearest(double[] values, int k) {
        for (int d = 0; d < values.length; d++) {
            if (k - d >= 0 && !Double.isNaN(values[k - d])) {
                return values[k - d];
            }
            if (k + d < values.length && !Double.isNaN(values[k + d])) {
                return values[k + d];
            }
        }
        throw new AssertionError("no aorta on any slice");
    }
}
