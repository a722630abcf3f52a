package org.liverlens.core.seg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.liverlens.core.dicom.Problem;
import org.liverlens.core.dicom.SliceRef;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * Places the frames of a parsed SEG on a volume grid: the grid of the CT stack it was made from, or
 * a grid built from the SEG's own frame positions. Frames are placed by their plane positions;
 * source image references are only checked against them (and warned about), because real SEGs
 * carry wrong references (radcttaceomics: every frame references one slice). A SEG that does not
 * fit the grid is refused with an {@link InvalidInputException} (exit code 3).
 */
final class SegGridMapper {
    /** Positions may be this far (in voxels) from a grid point and still be on it. */
    static final double GRID_TOLERANCE_VOXELS = 0.1;
    /** Orientation cosines that differ by less than this are the same. */
    static final double ORIENTATION_TOLERANCE = 1e-3;

    private SegGridMapper() {
    }

    /**
     * Maps a SEG onto the grid of the CT stack it was made from ({@code ct.geometry()}). Frames are
     * placed by ImagePositionPatient; without positions, by their source image references.
     *
     * @throws InvalidInputException when the SEG does not fit the CT: another Frame of Reference,
     *                               another matrix, orientation or pixel spacing, or frames off the grid
     */
    static SegMapping ontoCt(SegDocument seg, Stack ct) {
        Path file = seg.file();
        if (seg.slideMicroscopy()) {
            throw new InvalidInputException("this is a slide microscopy SEG: its frames lie in a slide coordinate "
                    + "system, not on a CT grid", file, "LiverLens maps SEGs of CT images only");
        }
        List<String> warnings = new ArrayList<>();
        String segFor = seg.frameOfReferenceUid();
        String ctFor = ct.first().frameOfReferenceUid();
        if (!segFor.isEmpty() && !ctFor.isEmpty() && !segFor.equals(ctFor)) {
            throw new InvalidInputException("FrameOfReferenceUID (0020,0052) differs: SEG " + segFor + ", CT " + ctFor
                    + " (" + ct.first().file().getParent() + "): the SEG was not made on this CT", file,
                    "give the CT series the SEG references" + referencedSeriesHint(seg));
        }
        if (segFor.isEmpty() || ctFor.isEmpty()) {
            warnings.add("FrameOfReferenceUID (0020,0052) is empty in the " + (segFor.isEmpty() ? "SEG" : "CT")
                    + ": the SEG could not be checked to be in the CT's patient coordinates");
        }
        if (seg.rows() != ct.rows() || seg.columns() != ct.columns()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the SEG frames are %d×%d pixels, the CT "
                    + "slices %d×%d: the SEG is not on this CT's grid", seg.columns(), seg.rows(), ct.columns(),
                    ct.rows()), file, "give the CT the SEG was made from; SEGs on cropped or resampled grids are not "
                    + "supported");
        }
        double[] o = seg.orientation();
        if (o == null) {
            warnings.add("the SEG has no ImageOrientationPatient (0020,0037): the CT's was assumed");
        } else if (!sameOrientation(o, ct.orientation())) {
            throw new InvalidInputException("ImageOrientationPatient (0020,0037) differs: SEG " + fmt(o) + ", CT "
                    + fmt(ct.orientation()), file, "give the CT stack the SEG was drawn on (not a reformat)");
        }
        double[] ps = seg.pixelSpacingMm();
        double[] cs = ct.spacingMm();
        if (ps == null) {
            warnings.add("the SEG has no PixelSpacing (0028,0030): the CT's was assumed");
        } else {
            // A spacing error that moves the last pixel by less than a tenth of a pixel is rounding.
            for (int d = 0; d < 2; d++) {
                if (Math.abs(ps[d] - cs[d]) > 0.1 * cs[d] / Math.max(ct.rows(), ct.columns())) {
                    throw new InvalidInputException(String.format(Locale.ROOT, "PixelSpacing (0028,0030) differs: "
                            + "SEG %s, CT %s mm", fmt(new double[] {ps[1], ps[0]}), fmt(new double[] {cs[1], cs[0]})),
                            file, "give the CT the SEG was made from");
                }
            }
        }
        VolumeGeometry g = ct.geometry();
        if (ct.hasBlockingProblem()) {
            warnings.add("the CT stack is irregular (" + ct.problems().stream().filter(Problem::blocking)
                    .map(Problem::message).collect(Collectors.joining("; ")) + "): its grid has " + g.slices()
                    + " slice(s) for " + ct.slices().size() + " image(s)");
        }
        SliceRef[] ctAtK = new SliceRef[g.slices()];
        Map<String, Integer> kOfInstance = new HashMap<>();
        for (SliceRef s : ct.slices()) {
            double[] p = s.positionMm();
            double[] v = g.toVoxel(p[0], p[1], p[2]);
            long k = Math.round(v[2]);
            if (k >= 0 && k < ctAtK.length && Math.abs(v[2] - k) <= GRID_TOLERANCE_VOXELS) {
                ctAtK[(int) k] = s;
                kOfInstance.put(instanceKey(s.header().sopInstanceUid(), s.header().isMultiFrame() ? s.frame() + 1 : 0),
                        (int) k);
            }
        }
        List<SegFrame> frames = seg.frames();
        int[] kOf = new int[frames.size()];
        if (seg.hasPlanePositions()) {
            int disagree = 0;
            String example = null;
            for (SegFrame f : frames) {
                int k = sliceOnGrid(seg, f, g, "the CT");
                kOf[f.index()] = k;
                if (f.sources().isEmpty()) {
                    continue;
                }
                SliceRef atK = ctAtK[k];
                boolean agrees = atK != null && f.sources().stream().anyMatch(r -> refersTo(r, atK));
                if (!agrees) {
                    disagree++;
                    if (example == null) {
                        SourceImageRef r = f.sources().get(0);
                        Integer refK = kOfReference(r, kOfInstance);
                        example = "frame " + (f.index() + 1) + " lies at k=" + k + " but references SOP instance "
                                + r.sopInstanceUid() + (r.frameNumber() > 0 ? " frame " + r.frameNumber() : "")
                                + (refK == null ? ", which is not a slice of this CT stack"
                                : ", the CT slice at k=" + refK + " (" + ctAtK[refK].header().file().getFileName() + ")");
                    }
                }
            }
            if (disagree > 0) {
                warnings.add("source image references disagree with plane positions in " + disagree + " of "
                        + frames.size() + " frame(s) (" + example + "); frames were placed by their positions");
            }
        } else {
            if (frames.stream().anyMatch(f -> f.position() != null)) {
                throw new InvalidInputException("some frames have a PlanePositionSequence (0020,9113) and some do not",
                        file, SegParser.HINT_CHECK);
            }
            for (SegFrame f : frames) {
                if (f.sources().isEmpty()) {
                    throw new InvalidInputException("frame " + (f.index() + 1) + " has neither a plane position nor a "
                            + "source image reference: it cannot be placed on the CT", file, SegParser.HINT_CHECK);
                }
                Integer k = null;
                for (SourceImageRef r : f.sources()) {
                    k = kOfReference(r, kOfInstance);
                    if (k != null) {
                        break;
                    }
                }
                if (k == null) {
                    throw new InvalidInputException("frame " + (f.index() + 1) + " has no plane position and references "
                            + "SOP instance " + f.sources().get(0).sopInstanceUid() + ", which is not a slice of this "
                            + "CT stack", file, "give the CT series the SEG references" + referencedSeriesHint(seg));
                }
                kOf[f.index()] = k;
            }
            warnings.add("the SEG has no plane positions: frames were placed by their source image references");
        }
        String ctSeries = ct.first().seriesInstanceUid();
        if (!seg.referencedSeries().isEmpty()
                && seg.referencedSeries().stream().noneMatch(r -> r.seriesInstanceUid().equals(ctSeries))) {
            warnings.add("the SEG references series " + seg.referencedSeries().stream()
                    .map(ReferencedSeries::seriesInstanceUid).collect(Collectors.joining(", "))
                    + ", this CT is series " + ctSeries + " (same frame of reference)");
        }
        return fill(seg, g, kOf, warnings, false);
    }

    /**
     * Maps a SEG onto a grid built from its own frame positions (no CT): origin at the lowest
     * frame along the slice normal, spacing from SpacingBetweenSlices or the smallest gap.
     *
     * @throws InvalidInputException when the SEG has no plane positions or they are not regular
     */
    static SegMapping ontoOwnGrid(SegDocument seg) {
        Path file = seg.file();
        if (seg.slideMicroscopy()) {
            throw new InvalidInputException("slide microscopy SEG: frames lie in a slide coordinate system, there is "
                    + "no patient-space grid", file, "LiverLens maps SEGs of CT images only");
        }
        if (!seg.hasPlanePositions()) {
            throw new InvalidInputException("the SEG has no plane positions (PlanePositionSequence (0020,9113)): "
                    + "its frames can only be placed through the CT they reference", file, "give the CT (--ct DIR)");
        }
        double[] o = seg.orientation();
        double[] ps = seg.pixelSpacingMm();
        if (o == null || ps == null) {
            throw new InvalidInputException("the SEG has no " + (o == null ? "ImageOrientationPatient (0020,0037)"
                    : "PixelSpacing (0028,0030)") + ": no grid can be built from it alone", file,
                    "give the CT (--ct DIR)");
        }
        List<String> warnings = new ArrayList<>();
        double[] iDir = {o[0], o[1], o[2]};
        double[] jDir = {o[3], o[4], o[5]};
        double[] normal = cross(iDir, jDir);
        List<SegFrame> frames = seg.frames();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] first = null;
        double[] last = null;
        double[] d = new double[frames.size()];
        for (SegFrame f : frames) {
            d[f.index()] = dot(f.position(), normal);
            if (d[f.index()] < lo) {
                lo = d[f.index()];
                first = f.position();
            }
            if (d[f.index()] > hi) {
                hi = d[f.index()];
                last = f.position();
            }
        }
        double spacing = seg.spacingBetweenSlicesMm();
        String spacingSource = "SpacingBetweenSlices (0018,0088)";
        if (!(spacing > 0)) {
            double[] distinct = Arrays.stream(d).sorted().toArray();
            spacing = Double.POSITIVE_INFINITY;
            for (int i = 1; i < distinct.length; i++) {
                double gap = distinct[i] - distinct[i - 1];
                if (gap > 1e-3) {
                    spacing = Math.min(spacing, gap);
                }
            }
            spacingSource = "the smallest gap between frame positions";
            if (Double.isInfinite(spacing)) {
                spacing = seg.sliceThicknessMm() > 0 ? seg.sliceThicknessMm() : 1.0;
                spacingSource = seg.sliceThicknessMm() > 0 ? "SliceThickness (0018,0050)" : "an assumed 1 mm";
            }
        }
        int slices = (int) Math.round((hi - lo) / spacing) + 1;
        if (slices > 100_000) {
            throw new InvalidInputException("the frame positions span " + slices + " slices of " + spacing + " mm",
                    file, SegParser.HINT_CHECK);
        }
        double[] kDir = normal;
        double spacingK = spacing;
        if (slices > 1) {
            double[] delta = {last[0] - first[0], last[1] - first[1], last[2] - first[2]};
            double len = Math.sqrt(dot(delta, delta));
            kDir = new double[] {delta[0] / len, delta[1] / len, delta[2] / len};
            spacingK = spacing / Math.max(Math.abs(dot(kDir, normal)), 1e-6);
        }
        VolumeGeometry g = new VolumeGeometry(new int[] {seg.columns(), seg.rows(), slices}, first,
                new double[] {ps[0], ps[1], spacingK}, iDir, jDir, kDir);
        int[] kOf = new int[frames.size()];
        for (SegFrame f : frames) {
            kOf[f.index()] = sliceOnGrid(seg, f, g, "the grid of the SEG's own positions (spacing " + spacingSource
                    + ")");
        }
        warnings.add(String.format(Locale.ROOT, "no CT given: grid built from the SEG's own frame positions, "
                + "%d slice(s), slice spacing %.4g mm from %s", slices, spacing, spacingSource));
        return fill(seg, g, kOf, warnings, true);
    }

    /** The slice index of a frame's position on a grid; refuses positions off the grid. */
    private static int sliceOnGrid(SegDocument seg, SegFrame f, VolumeGeometry g, String gridName) {
        double[] p = f.position();
        double[] v = g.toVoxel(p[0], p[1], p[2]);
        if (Math.abs(v[0]) > GRID_TOLERANCE_VOXELS || Math.abs(v[1]) > GRID_TOLERANCE_VOXELS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "frame %d: ImagePositionPatient %s is %.2f "
                    + "column(s) and %.2f row(s) away from the first pixel of %s", f.index() + 1, fmt(p), v[0], v[1],
                    gridName), seg.file(), "give the CT the SEG was made from; cropped SEG frames are not supported");
        }
        long k = Math.round(v[2]);
        if (Math.abs(v[2] - k) > GRID_TOLERANCE_VOXELS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "frame %d: ImagePositionPatient %s lies between "
                    + "the slices of %s (k = %.2f)", f.index() + 1, fmt(p), gridName, v[2]), seg.file(),
                    "give the CT the SEG was made from");
        }
        if (k < 0 || k >= g.slices()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "frame %d: ImagePositionPatient %s lies outside "
                    + "%s (k = %d, it has %d slices)", f.index() + 1, fmt(p), gridName, k, g.slices()), seg.file(),
                    "give the complete CT series the SEG was made from");
        }
        return (int) k;
    }

    /** Puts every frame's pixels into a segment set on the grid, at the slices given. */
    private static SegMapping fill(SegDocument seg, VolumeGeometry g, int[] kOf, List<String> warnings, boolean ownGrid) {
        boolean fractional = seg.type() == SegmentationType.FRACTIONAL;
        SegmentSet set = fractional ? SegmentSet.fractional(g, seg.fractionalType(), seg.maxFractionalValue())
                : SegmentSet.binary(g);
        Map<Integer, BitMask> masks = new HashMap<>();
        for (Segment s : seg.segments()) {
            if (fractional) {
                set.addFractional(s);
            } else {
                masks.put(s.number(), set.addBinary(s));
            }
        }
        BitMask[] byValue = new BitMask[seg.type() == SegmentationType.LABELMAP ? 65536 : 0];
        masks.forEach((n, m) -> {
            if (n < byValue.length) {
                byValue[n] = m;
            }
        });
        Set<Long> placed = new HashSet<>();
        int duplicates = 0;
        int padding = seg.pixelPaddingValue();
        for (SegFrame f : seg.frames()) {
            int k = kOf[f.index()];
            if (!placed.add((long) f.segmentNumber() << 32 | k)) {
                duplicates++;
            }
            FramePixels px = f.pixels();
            if (f.isLabelMap()) {
                for (int p = 0; p < px.length(); p++) {
                    int v = px.get(p);
                    if (v != 0 && v != padding) {
                        byValue[v].setIndex(k, p);
                    }
                }
            } else if (fractional) {
                byte[] src = px.byteValues();
                FractionalMask m = set.fractional(f.segmentNumber());
                if (px.countNonZero() > 0) {
                    byte[] dst = m.slice(k);
                    for (int p = 0; p < src.length; p++) {
                        if ((src[p] & 0xff) > (dst[p] & 0xff)) {
                            dst[p] = src[p];
                        }
                    }
                }
            } else if (px.countNonZero() > 0) {
                long[] src = px.words();
                long[] dst = masks.get(f.segmentNumber()).words(k);
                for (int w = 0; w < src.length; w++) {
                    dst[w] |= src[w];
                }
            }
        }
        if (duplicates > 0) {
            warnings.add(duplicates + " frame(s) repeat a segment on a slice that already has a frame; "
                    + (fractional ? "the larger value was kept" : "their pixels were combined (union)"));
        }
        return new SegMapping(set, kOf, warnings, ownGrid);
    }

    static String referencedSeriesHint(SegDocument seg) {
        if (seg.referencedSeries().isEmpty()) {
            return "";
        }
        return " (" + seg.referencedSeries().stream().map(ReferencedSeries::seriesInstanceUid)
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String instanceKey(String sopInstanceUid, int frameNumber) {
        return sopInstanceUid + "#" + frameNumber;
    }

    /** The k of the CT slice a reference names; a frame number on a single-frame image is ignored. */
    private static Integer kOfReference(SourceImageRef r, Map<String, Integer> kOfInstance) {
        Integer k = kOfInstance.get(instanceKey(r.sopInstanceUid(), r.frameNumber()));
        return k != null ? k : kOfInstance.get(instanceKey(r.sopInstanceUid(), 0));
    }

    private static boolean refersTo(SourceImageRef r, SliceRef s) {
        if (!r.sopInstanceUid().equals(s.header().sopInstanceUid())) {
            return false;
        }
        return !s.header().isMultiFrame() || r.frameNumber() == 0 || r.frameNumber() == s.frame() + 1;
    }

    static boolean sameOrientation(double[] a, double[] b) {
        for (int i = 0; i < 6; i++) {
            if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static double[] cross(double[] a, double[] b) {
        double[] n = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
        double len = Math.sqrt(dot(n, n));
        return len > 0 ? new double[] {n[0] / len, n[1] / len, n[2] / len} : new double[] {0, 0, 1};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static String fmt(double[] v) {
        return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.6g", x))
                .collect(Collectors.joining("\\", "[", "]"));
    }
}
