package org.liverlens.core.dicom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * Images of one series that share one geometry (orientation, matrix, pixel spacing), sorted along
 * the slice normal. A series may hold several stacks: the axial slices plus a coronal reformat or
 * a localizer that was given the same SeriesInstanceUID.
 */
public final class Stack {
    /** What a stack is within its series. */
    public enum Role {
        /** The stack a volume is built from by default (most images). */
        PRIMARY,
        /** A reformat (e.g. coronal) that shares the SeriesInstanceUID. */
        REFORMAT,
        /** A scout / localizer image. */
        LOCALIZER,
        /** Any other geometry split out of the series. */
        OTHER
    }

    private final List<SliceRef> slices;
    private final double[] iDir;
    private final double[] jDir;
    private final double[] normal;
    private final double[] pixelSpacingMm; // along i (columns), along j (rows)
    private final double sliceSpacingMm;
    private final List<Problem> problems = new ArrayList<>();
    private Role role = Role.PRIMARY;

    Stack(List<SliceRef> sortedSlices, double[] iDir, double[] jDir, double[] normal, double[] pixelSpacingMm,
          double sliceSpacingMm) {
        this.slices = List.copyOf(sortedSlices);
        this.iDir = iDir;
        this.jDir = jDir;
        this.normal = normal;
        this.pixelSpacingMm = pixelSpacingMm;
        this.sliceSpacingMm = sliceSpacingMm;
    }

    /** Slice {@code index} alone as a stack of the same geometry, without problems (a thumbnail's image). */
    public Stack single(int index) {
        return new Stack(List.of(slices.get(index)), iDir, jDir, normal, pixelSpacingMm, sliceSpacingMm);
    }

    public List<SliceRef> slices() {
        return slices;
    }

    public SliceHeader first() {
        return slices.get(0).header();
    }

    public int rows() {
        return first().rows();
    }

    public int columns() {
        return first().columns();
    }

    public String modality() {
        return first().modality();
    }

    public Role role() {
        return role;
    }

    void role(Role role) {
        this.role = role;
    }

    /** Spacing in mm along i (columns), j (rows) and k (nominal slice spacing). */
    public double[] spacingMm() {
        return new double[] {pixelSpacingMm[0], pixelSpacingMm[1], sliceSpacingMm};
    }

    /** ImageOrientationPatient: row direction then column direction. */
    public double[] orientation() {
        return new double[] {iDir[0], iDir[1], iDir[2], jDir[0], jDir[1], jDir[2]};
    }

    public double[] normal() {
        return normal.clone();
    }

    public double[] originMm() {
        return slices.get(0).positionMm().clone();
    }

    public List<Problem> problems() {
        return Collections.unmodifiableList(problems);
    }

    void addProblem(Problem p) {
        problems.add(p);
    }

    /** True when some problem blocks building a volume unless the user allows it. */
    public boolean hasBlockingProblem() {
        return problems.stream().anyMatch(Problem::blocking);
    }

    /**
     * Refuses (exit code 3) this stack when it has a blocking problem: always for duplicates, header defects and
     * undecodable pixels (when {@code pixels} are needed), and for gaps, uneven spacing and skipped
     * slices unless {@code options} allow interpolation. The problems that cannot be allowed are
     * reported first, so that the hint never offers {@code --allow-gaps} for what it cannot fix.
     */
    public void requireUsable(LoadOptions options, boolean pixels) {
        List<Problem> blocking = problems.stream().filter(Problem::blocking)
                .filter(p -> pixels || p.code() != Problem.Code.UNSUPPORTED_TRANSFER_SYNTAX)
                .sorted(java.util.Comparator.comparingInt(Stack::reportingOrder))
                .toList();
        for (Problem p : blocking) {
            if (p.allowedByGaps() && options.allowIrregularSpacing()) {
                continue;
            }
            String hint = switch (p.code()) {
                case SKIPPED_FILE -> "re-export or re-transfer that file, or allow the gap (--allow-gaps: "
                        + "its slice is then interpolated)";
                case GAP, UNEVEN_SPACING -> "re-export the complete series, or allow interpolation across gaps "
                        + "(--allow-gaps)";
                case DUPLICATE_POSITION -> "remove one of the two images, or put each acquisition in its own folder";
                case INVALID_HEADER -> "correct that attribute, or re-export the series from the scanner or PACS";
                default -> "convert the series to an uncompressed transfer syntax";
            };
            throw new InvalidInputException(p.message(), p.file(), hint);
        }
    }

    /** What the user must hear first: what --allow-gaps cannot fix, then the file that was skipped, then gaps. */
    private static int reportingOrder(Problem p) {
        return !p.allowedByGaps() ? 0 : p.code() == Problem.Code.SKIPPED_FILE ? 1 : 2;
    }

    public Set<String> transferSyntaxes() {
        Set<String> ts = new LinkedHashSet<>();
        for (SliceRef s : slices) {
            ts.add(s.header().transferSyntaxUid());
        }
        return ts;
    }

    /** Number of distinct files (a multi-frame instance counts once). */
    public int instanceCount() {
        return (int) slices.stream().map(s -> s.header().file()).distinct().count();
    }

    /**
     * The regular grid a volume of this stack is built on: origin at the first slice, k along the
     * line from the first to the last slice position (this keeps a gantry tilt), nominal spacing.
     */
    public VolumeGeometry geometry() {
        int n = slices.size();
        double[] kDir = normal;
        double spacingK = sliceSpacingMm;
        if (n > 1) {
            double[] a = slices.get(0).positionMm();
            double[] b = slices.get(n - 1).positionMm();
            double[] d = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
            double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            if (len > 1e-6) {
                kDir = new double[] {d[0] / len, d[1] / len, d[2] / len};
                // Nominal spacing is measured along the normal; along a tilted k axis the step is longer.
                double cos = Math.abs(kDir[0] * normal[0] + kDir[1] * normal[1] + kDir[2] * normal[2]);
                spacingK = sliceSpacingMm / Math.max(cos, 1e-6);
            }
        }
        int slicesOnGrid = n;
        if (n > 1) {
            double extent = slices.get(n - 1).distanceMm() - slices.get(0).distanceMm();
            slicesOnGrid = (int) Math.round(extent / sliceSpacingMm) + 1;
        }
        return new VolumeGeometry(new int[] {columns(), rows(), slicesOnGrid}, originMm(),
                new double[] {pixelSpacingMm[0], pixelSpacingMm[1], spacingK}, iDir, jDir, kDir);
    }
}
