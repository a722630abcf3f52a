package org.liverlens.core.seg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * How a label map's grid corresponds to a CT grid when both are the same lattice of voxel centres
 * up to axis flips and permutations, derived from the two geometries (never assumed per file). For
 * TotalSegmentator's {@code example_seg_dicom.nii.gz} on its DICOM this is {@code a = i, b = 511 − j,
 * c = k}. Maps whose voxel centres do not coincide with the CT's (to a tenth of the smallest
 * spacing) are refused with a message that says what differs; nothing is ever interpolated.
 */
public final class LabelMapAlignment {
    /** Largest allowed distance between corresponding voxel centres, as a fraction of the smallest spacing. */
    public static final double TOLERANCE_VOXELS = 0.1;
    /** Axes closer than this cosine are taken as parallel for the diagnosis (about 2.6°). */
    private static final double PARALLEL_COS = 0.999;

    private final int[] mapAxis;     // CT axis c corresponds to map axis mapAxis[c]
    private final boolean[] flipped; // map index along mapAxis[c] = size - 1 - ct index
    private final int[] mapSize;
    private final double maxDeviationMm;

    private LabelMapAlignment(int[] mapAxis, boolean[] flipped, int[] mapSize, double maxDeviationMm) {
        this.mapAxis = mapAxis;
        this.flipped = flipped;
        this.mapSize = mapSize;
        this.maxDeviationMm = maxDeviationMm;
    }

    /**
     * The index correspondence between a label map's grid and a CT's.
     *
     * @param file the label map, named in the refusal
     * @throws InvalidInputException (exit 3) when the grids differ in size, spacing, orientation or
     *                               origin; the message lists each difference
     */
    public static LabelMapAlignment between(VolumeGeometry map, VolumeGeometry ct, Path file) {
        int[] axis = new int[3];
        boolean[] flip = new boolean[3];
        List<String> differences = new ArrayList<>();
        boolean oriented = true;
        boolean[] used = new boolean[3];
        for (int c = 0; c < 3; c++) {
            double[] d = ct.direction(c);
            int best = -1;
            double bestCos = 0;
            for (int a = 0; a < 3; a++) {
                double cos = dot(d, map.direction(a));
                if (Math.abs(cos) > Math.abs(bestCos)) {
                    bestCos = cos;
                    best = a;
                }
            }
            if (Math.abs(bestCos) < PARALLEL_COS || used[best]) {
                oriented = false;
                break;
            }
            used[best] = true;
            axis[c] = best;
            flip[c] = bestCos < 0;
        }
        int[] ctSize = ct.size();
        int[] mapSize = map.size();
        double[] ctSp = ct.spacingMm();
        double[] mapSp = map.spacingMm();
        if (!oriented) {
            differences.add("orientation differs (label map axes a, b, c along " + axes(map) + "; CT i, j, k along "
                    + axes(ct) + ", LPS)");
            if (!sameMultiset(ctSize, mapSize)) {
                differences.add("size differs (label map " + size(mapSize) + ", CT " + size(ctSize) + ")");
            }
            throw refusal(file, differences, map, ct);
        }
        boolean sizeOk = true;
        boolean spacingOk = true;
        for (int c = 0; c < 3; c++) {
            sizeOk &= mapSize[axis[c]] == ctSize[c];
            spacingOk &= Math.abs(mapSp[axis[c]] - ctSp[c]) * ctSize[c] <= TOLERANCE_VOXELS * Math.min(mapSp[axis[c]], ctSp[c]);
        }
        if (!sizeOk) {
            differences.add("size differs (label map " + size(mapSize) + ", CT " + size(ctSize)
                    + (isIdentity(axis) ? "" : "; label map axes in CT order: " + size(permute(mapSize, axis))) + ")");
        }
        if (!spacingOk) {
            differences.add("spacing differs (label map " + spacing(mapSp) + " mm, CT " + spacing(ctSp) + " mm)");
        }
        double tolerance = TOLERANCE_VOXELS * Math.min(min(ctSp), min(mapSp));
        // Where CT voxel (0,0,0) should sit in the map: index 0 along unflipped axes, the last index along flipped ones.
        double[] origin = ct.toMm(0, 0, 0);
        double[] atOrigin = map.toVoxel(origin[0], origin[1], origin[2]);
        double[] expected = new double[3];
        for (int c = 0; c < 3; c++) {
            expected[axis[c]] = flip[c] ? mapSize[axis[c]] - 1 : 0;
        }
        double[] expectedMm = map.toMm(expected[0], expected[1], expected[2]);
        double originShift = distance(origin, expectedMm);
        if (originShift > tolerance) {
            differences.add(String.format(Locale.ROOT, "origin differs: CT voxel (0, 0, 0) at LPS (%.3f, %.3f, %.3f) mm "
                    + "falls at label map index (%.2f, %.2f, %.2f), expected (%d, %d, %d), %.3f mm away",
                    origin[0], origin[1], origin[2], atOrigin[0], atOrigin[1], atOrigin[2],
                    (int) expected[0], (int) expected[1], (int) expected[2], originShift));
        }
        if (!differences.isEmpty()) {
            throw refusal(file, differences, map, ct);
        }
        LabelMapAlignment alignment = new LabelMapAlignment(axis, flip, mapSize, 0);
        // The deviation is affine in the index, so its maximum is at a corner of the CT grid.
        double worst = 0;
        int[] worstAt = null;
        for (int corner = 0; corner < 8; corner++) {
            int i = (corner & 1) == 0 ? 0 : ctSize[0] - 1;
            int j = (corner & 2) == 0 ? 0 : ctSize[1] - 1;
            int k = (corner & 4) == 0 ? 0 : ctSize[2] - 1;
            int[] a = alignment.mapIndex(i, j, k);
            double dev = distance(ct.toMm(i, j, k), map.toMm(a[0], a[1], a[2]));
            if (dev > worst) {
                worst = dev;
                worstAt = new int[] {i, j, k};
            }
        }
        if (worst > tolerance) {
            differences.add(String.format(Locale.ROOT, "voxel centres differ by up to %.3f mm (at CT voxel (%d, %d, %d); "
                    + "tolerance %.3f mm): orientation or spacing differs slightly", worst, worstAt[0], worstAt[1],
                    worstAt[2], tolerance));
            throw refusal(file, differences, map, ct);
        }
        return new LabelMapAlignment(axis, flip, mapSize, worst);
    }

    /** Label map index (a, b, c) of CT voxel (i, j, k). */
    public int[] mapIndex(int i, int j, int k) {
        int[] ct = {i, j, k};
        int[] out = new int[3];
        for (int c = 0; c < 3; c++) {
            out[mapAxis[c]] = flipped[c] ? mapSize[mapAxis[c]] - 1 - ct[c] : ct[c];
        }
        return out;
    }

    /** True when the map's index order is the CT's (no flip, no permutation). */
    public boolean isIdentity() {
        return isIdentity(mapAxis) && !flipped[0] && !flipped[1] && !flipped[2];
    }

    /** Largest distance (mm) between the centres of corresponding voxels. */
    public double maxDeviationMm() {
        return maxDeviationMm;
    }

    /** The correspondence in words, e.g. {@code a = i, b = 511 − j, c = k}. */
    public String describe() {
        String[] ctName = {"i", "j", "k"};
        String[] out = new String[3];
        for (int c = 0; c < 3; c++) {
            int a = mapAxis[c];
            out[a] = "abc".charAt(a) + " = " + (flipped[c] ? (mapSize[a] - 1) + " − " + ctName[c] : ctName[c]);
        }
        return String.join(", ", out);
    }

    /**
     * The map's labels copied onto the CT grid by this index correspondence (an explicit copy; the
     * result carries the CT's geometry object, so it is on exactly the CT's grid).
     */
    public LabelVolume resampled(LabelVolume map, VolumeGeometry ct) {
        if (!java.util.Arrays.equals(map.geometry().size(), mapSize)) {
            throw new IllegalArgumentException("label volume grid " + size(map.geometry().size())
                    + " is not the grid this alignment was made for (" + size(mapSize) + ")");
        }
        LabelVolume out = new LabelVolume(ct);
        int columns = ct.columns();
        int rows = ct.rows();
        int mapColumns = mapSize[0];
        // Map index of CT voxel (i, j, k) = base + i * step[0] + j * step[1] + k * step[2], per map axis.
        int[] base = mapIndex(0, 0, 0);
        int[][] step = new int[3][3];
        for (int c = 0; c < 3; c++) {
            step[c][mapAxis[c]] = flipped[c] ? -1 : 1;
        }
        for (int k = 0; k < ct.slices(); k++) {
            short[] target = null;
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < columns; i++) {
                    int a = base[0] + i * step[0][0] + j * step[1][0] + k * step[2][0];
                    int b = base[1] + i * step[0][1] + j * step[1][1] + k * step[2][1];
                    int c = base[2] + i * step[0][2] + j * step[1][2] + k * step[2][2];
                    int v = map.getIndex(c, b * mapColumns + a);
                    if (v != 0) {
                        if (target == null) {
                            target = out.slice(k);
                        }
                        target[j * columns + i] = (short) v;
                    }
                }
            }
        }
        return out;
    }

    /** Shortcut: align and copy the map onto the CT grid, or refuse. */
    public static LabelVolume onto(LabelVolume map, VolumeGeometry ct, Path file) {
        return between(map.geometry(), ct, file).resampled(map, ct);
    }

    private static InvalidInputException refusal(Path file, List<String> differences, VolumeGeometry map,
                                                 VolumeGeometry ct) {
        return new InvalidInputException("the label map's grid does not match the CT: " + String.join("; ", differences),
                file, "resample the label map onto the CT series first (e.g. export it from the tool that made it "
                + "on the CT's grid), or choose the CT it was made from");
    }

    private static boolean isIdentity(int[] axis) {
        return axis[0] == 0 && axis[1] == 1 && axis[2] == 2;
    }

    private static int[] permute(int[] mapSize, int[] axis) {
        return new int[] {mapSize[axis[0]], mapSize[axis[1]], mapSize[axis[2]]};
    }

    private static boolean sameMultiset(int[] a, int[] b) {
        int[] x = a.clone();
        int[] y = b.clone();
        java.util.Arrays.sort(x);
        java.util.Arrays.sort(y);
        return java.util.Arrays.equals(x, y);
    }

    private static String size(int[] s) {
        return s[0] + "×" + s[1] + "×" + s[2];
    }

    private static String spacing(double[] s) {
        return String.format(Locale.ROOT, "%.4g×%.4g×%.4g", s[0], s[1], s[2]);
    }

    private static String axes(VolumeGeometry g) {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < 3; a++) {
            double[] d = g.direction(a);
            sb.append(a > 0 ? " " : "").append(String.format(Locale.ROOT, "(%.3f,%.3f,%.3f)", d[0], d[1], d[2]));
        }
        return sb.toString();
    }

    private static double min(double[] v) {
        return Math.min(v[0], Math.min(v[1], v[2]));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double distance(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
