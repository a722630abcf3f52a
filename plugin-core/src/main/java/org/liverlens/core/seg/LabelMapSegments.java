package org.liverlens.core.seg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * Conversions between label maps and segment sets, and the segment descriptions given to named
 * labels. A label value becomes one BINARY segment; a segment set becomes a label map with the
 * segment number as label value. Overlapping segments cannot share one label map: they are refused
 * unless the caller asks that the first segment (in segment order) keep the voxel.
 */
public final class LabelMapSegments {
    /**
     * Category and type for a label whose name has no standard code: (85756007, SCT, "Tissue"), as
     * dcmqi's examples use for generic segments; the user's name stays in SegmentLabel.
     */
    public static final CodedConcept TISSUE = new CodedConcept("85756007", "SCT", "Tissue");

    private static final Set<String> LIVER_NAMES = Set.of("liver");
    private static final Set<String> TUMOUR_NAMES = Set.of("tumour", "tumor", "lesion", "tumours", "tumors", "lesions",
            "liver tumour", "liver tumor", "liver lesion", "neoplasm");
    private static final int[] LIVER_RGB = {221, 130, 101};
    private static final int[] TUMOUR_RGB = {255, 255, 0};

    /** What to do with a voxel that belongs to more than one segment when making a label map. */
    public enum Overlap {
        /** Refuse the conversion (the default): a label map cannot say "both". */
        REFUSE,
        /** The first segment in segment order keeps the voxel. */
        FIRST_WINS
    }

    private LabelMapSegments() {
    }

    /**
     * The segment for a label named {@code name}: liver → (Anatomical Structure, Liver);
     * tumour/tumor/lesion → (Morphologically Altered Structure, Neoplasm); any other name → (Tissue,
     * Tissue) with the name as label. {@code colourIndex} picks a distinct colour for other names.
     */
    public static Segment segmentFor(int number, String name, AlgorithmType algorithmType, String algorithmName,
                                     String algorithmVersion, int colourIndex) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        CodedConcept category;
        CodedConcept type;
        int[] rgb;
        if (LIVER_NAMES.contains(key)) {
            category = Codes.ANATOMICAL_STRUCTURE;
            type = Codes.LIVER;
            rgb = LIVER_RGB;
        } else if (TUMOUR_NAMES.contains(key)) {
            category = Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE;
            type = Codes.NEOPLASM;
            rgb = TUMOUR_RGB;
        } else {
            category = TISSUE;
            type = TISSUE;
            rgb = distinctColour(colourIndex);
        }
        return new Segment(number, name.trim(), category, type, algorithmType,
                algorithmType == AlgorithmType.MANUAL ? null : algorithmName,
                algorithmType == AlgorithmType.MANUAL ? null : algorithmVersion,
                CieLab.fromRgb(rgb[0], rgb[1], rgb[2]), null);
    }

    /**
     * Colours for generic segments: hues a golden angle apart, so any number of them stay distinct
     * from each other (and from the liver's orange-brown and the tumour's yellow for small indexes).
     */
    static int[] distinctColour(int index) {
        double hue = (200 + index * 137.50776405) % 360;
        double s = 0.6;
        double v = index % 2 == 0 ? 0.9 : 0.75;
        double c = v * s;
        double x = c * (1 - Math.abs((hue / 60) % 2 - 1));
        double m = v - c;
        double r;
        double g;
        double b;
        int sector = (int) (hue / 60);
        switch (sector) {
            case 0 -> { r = c; g = x; b = 0; }
            case 1 -> { r = x; g = c; b = 0; }
            case 2 -> { r = 0; g = c; b = x; }
            case 3 -> { r = 0; g = x; b = c; }
            case 4 -> { r = x; g = 0; b = c; }
            default -> { r = c; g = 0; b = x; }
        }
        return new int[] {(int) Math.round((r + m) * 255), (int) Math.round((g + m) * 255), (int) Math.round((b + m) * 255)};
    }

    /**
     * A BINARY segment set on the label map's grid: segment {@code segmentByLabel.get(v)} holds the
     * voxels with label v. Labels not in the map are left out.
     */
    public static SegmentSet toSegmentSet(LabelVolume labels, Map<Integer, Segment> segmentByLabel) {
        VolumeGeometry g = labels.geometry();
        SegmentSet set = SegmentSet.binary(g);
        BitMask[] byLabel = new BitMask[LabelVolume.MAX_LABEL + 1];
        for (Map.Entry<Integer, Segment> e : segmentByLabel.entrySet()) {
            int v = e.getKey();
            if (v < 1 || v > LabelVolume.MAX_LABEL) {
                throw new IllegalArgumentException("label value " + v + " is not 1…" + LabelVolume.MAX_LABEL);
            }
            byLabel[v] = set.addBinary(e.getValue());
        }
        // One pass over the voxels, whatever the number of segments.
        for (int k = 0; k < g.slices(); k++) {
            if (labels.isSliceEmpty(k)) {
                continue;
            }
            short[] s = labels.slice(k);
            for (int p = 0; p < s.length; p++) {
                BitMask m = byLabel[s[p] & 0xffff];
                if (m != null) {
                    m.setIndex(k, p);
                }
            }
        }
        return set;
    }

    /**
     * A FRACTIONAL (OCCUPANCY, maximum 255) segment set with one segment whose values are the
     * occupancy levels 0…255 of {@code occupancy} (see {@link LabelMapIo#readOccupancy}).
     */
    public static SegmentSet toFractionalSet(LabelVolume occupancy, Segment segment) {
        VolumeGeometry g = occupancy.geometry();
        SegmentSet set = SegmentSet.fractional(g, FractionalType.OCCUPANCY, 255);
        FractionalMask m = set.addFractional(segment);
        for (int k = 0; k < g.slices(); k++) {
            if (occupancy.isSliceEmpty(k)) {
                continue;
            }
            short[] s = occupancy.slice(k);
            byte[] out = m.slice(k);
            for (int p = 0; p < s.length; p++) {
                int v = s[p] & 0xffff;
                if (v > 255) {
                    throw new IllegalArgumentException("occupancy level " + v + " is above 255 in slice " + k);
                }
                out[p] = (byte) v;
            }
        }
        return set;
    }

    /**
     * A label map of a segment set on its grid, the label value being the segment number. FRACTIONAL
     * segments count where their value is at least half the maximum.
     *
     * @param source named in the refusal of overlapping segments
     * @throws InvalidInputException when two segments share a voxel and {@code overlap} is REFUSE
     */
    public static LabelVolume toLabelVolume(SegmentSet set, Overlap overlap, Path source) {
        VolumeGeometry g = set.geometry();
        LabelVolume out = new LabelVolume(g);
        List<Segment> segments = set.segments();
        List<String> overlaps = new ArrayList<>();
        for (int n = 0; n < segments.size(); n++) {
            Segment seg = segments.get(n);
            int label = seg.number();
            long conflicting = 0;
            int[] firstConflict = null;
            int otherLabel = 0;
            for (int k = 0; k < g.slices(); k++) {
                if (set.type() == SegmentationType.FRACTIONAL) {
                    FractionalMask f = set.fractional(label);
                    if (f.isSliceEmpty(k)) {
                        continue;
                    }
                    byte[] values = f.slice(k);
                    short[] s = null;
                    for (int p = 0; p < values.length; p++) {
                        if ((values[p] & 0xff) * 2 >= set.maxFractionalValue() && values[p] != 0) {
                            s = s == null ? out.slice(k) : s;
                            if (s[p] != 0) {
                                if (conflicting++ == 0) {
                                    firstConflict = new int[] {p % g.columns(), p / g.columns(), k};
                                    otherLabel = s[p] & 0xffff;
                                }
                            } else {
                                s[p] = (short) label;
                            }
                        }
                    }
                } else {
                    BitMask m = set.mask(label);
                    if (m.isSliceEmpty(k)) {
                        continue;
                    }
                    long[] words = m.words(k);
                    short[] s = out.slice(k);
                    for (int w = 0; w < words.length; w++) {
                        long word = words[w];
                        while (word != 0) {
                            int p = (w << 6) + Long.numberOfTrailingZeros(word);
                            word &= word - 1;
                            if (s[p] != 0) {
                                if (conflicting++ == 0) {
                                    firstConflict = new int[] {p % g.columns(), p / g.columns(), k};
                                    otherLabel = s[p] & 0xffff;
                                }
                            } else {
                                s[p] = (short) label;
                            }
                        }
                    }
                }
            }
            if (conflicting > 0) {
                overlaps.add("segment " + label + " (" + seg.label() + ") shares " + conflicting
                        + " voxel(s) with earlier segments, first at voxel (" + firstConflict[0] + ", "
                        + firstConflict[1] + ", " + firstConflict[2] + ") of segment " + otherLabel + " ("
                        + set.segment(otherLabel).label() + ")");
            }
        }
        if (!overlaps.isEmpty() && overlap == Overlap.REFUSE) {
            throw new InvalidInputException("overlapping segments cannot become one label map: "
                    + String.join("; ", overlaps), source,
                    "let the first segment keep shared voxels (seg export --overlap first)");
        }
        return out;
    }
}
