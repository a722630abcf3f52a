package org.liverlens.core.seg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Segments on one volume grid, each with its own mask, so segments may overlap. BINARY (and
 * LABELMAP once read) segments hold a {@link BitMask}; FRACTIONAL segments a {@link FractionalMask}.
 */
public final class SegmentSet {
    private final VolumeGeometry geometry;
    private final SegmentationType type;
    private final FractionalType fractionalType;
    private final int maxFractionalValue;
    private final Map<Integer, Segment> segments = new LinkedHashMap<>();
    private final Map<Integer, BitMask> masks = new LinkedHashMap<>();
    private final Map<Integer, FractionalMask> fractions = new LinkedHashMap<>();

    private SegmentSet(VolumeGeometry geometry, SegmentationType type, FractionalType fractionalType, int maxFractionalValue) {
        this.geometry = geometry;
        this.type = type;
        this.fractionalType = fractionalType;
        this.maxFractionalValue = maxFractionalValue;
    }

    /** A BINARY segment set (also what a LABELMAP SEG is read into). */
    public static SegmentSet binary(VolumeGeometry geometry) {
        return new SegmentSet(geometry, SegmentationType.BINARY, null, 0);
    }

    /** A FRACTIONAL segment set with values 0 … maxValue (1…255). */
    public static SegmentSet fractional(VolumeGeometry geometry, FractionalType fractionalType, int maxValue) {
        if (fractionalType == null) {
            throw new IllegalArgumentException("SegmentationFractionalType (0062,0010) is required for FRACTIONAL");
        }
        if (maxValue < 1 || maxValue > 255) {
            throw new IllegalArgumentException("MaximumFractionalValue (0062,000E) must be 1…255, got " + maxValue);
        }
        return new SegmentSet(geometry, SegmentationType.FRACTIONAL, fractionalType, maxValue);
    }

    public VolumeGeometry geometry() {
        return geometry;
    }

    public SegmentationType type() {
        return type;
    }

    public FractionalType fractionalType() {
        return fractionalType;
    }

    public int maxFractionalValue() {
        return maxFractionalValue;
    }

    /** Adds a segment to a BINARY set and returns its (empty) mask. */
    public BitMask addBinary(Segment segment) {
        requireType(SegmentationType.BINARY);
        register(segment);
        BitMask m = new BitMask(geometry);
        masks.put(segment.number(), m);
        return m;
    }

    /** Adds a segment to a FRACTIONAL set and returns its (zero) values. */
    public FractionalMask addFractional(Segment segment) {
        requireType(SegmentationType.FRACTIONAL);
        register(segment);
        FractionalMask m = new FractionalMask(geometry);
        fractions.put(segment.number(), m);
        return m;
    }

    private void register(Segment segment) {
        if (segments.containsKey(segment.number())) {
            throw new IllegalArgumentException("segment number " + segment.number() + " is used twice");
        }
        segments.put(segment.number(), segment);
    }

    private void requireType(SegmentationType expected) {
        if (type != expected) {
            throw new IllegalStateException("this segment set is " + type + ", not " + expected);
        }
    }

    /** Segments in the order they were added. */
    public List<Segment> segments() {
        return List.copyOf(segments.values());
    }

    public Segment segment(int number) {
        Segment s = segments.get(number);
        if (s == null) {
            throw new IllegalArgumentException("no segment number " + number + " (have " + segments.keySet() + ")");
        }
        return s;
    }

    /** The mask of a BINARY segment. */
    public BitMask mask(int number) {
        segment(number);
        requireType(SegmentationType.BINARY);
        return masks.get(number);
    }

    /** The values of a FRACTIONAL segment. */
    public FractionalMask fractional(int number) {
        segment(number);
        requireType(SegmentationType.FRACTIONAL);
        return fractions.get(number);
    }

    /**
     * Segment {@code number} as a mask: a BINARY segment's own mask; a FRACTIONAL segment where its
     * value is at least half the maximum fractional value.
     */
    public BitMask asBinary(int number) {
        if (type != SegmentationType.FRACTIONAL) {
            return mask(number);
        }
        FractionalMask f = fractional(number);
        BitMask m = new BitMask(geometry);
        for (int k = 0; k < geometry.slices(); k++) {
            if (f.isSliceEmpty(k)) {
                continue;
            }
            byte[] values = f.slice(k);
            for (int p = 0; p < values.length; p++) {
                int v = values[p] & 0xff;
                if (v != 0 && v * 2 >= maxFractionalValue) {
                    m.setIndex(k, p);
                }
            }
        }
        return m;
    }

    /** True when some voxel belongs to more than one BINARY segment. */
    public boolean overlapping() {
        if (type != SegmentationType.BINARY || masks.size() < 2) {
            return type == SegmentationType.FRACTIONAL && fractions.size() > 1;
        }
        for (int k = 0; k < geometry.slices(); k++) {
            long[] seen = null;
            for (BitMask m : masks.values()) {
                if (m.isSliceEmpty(k)) {
                    continue;
                }
                long[] w = m.words(k);
                if (seen == null) {
                    seen = w.clone();
                    continue;
                }
                for (int i = 0; i < w.length; i++) {
                    if ((seen[i] & w[i]) != 0) {
                        return true;
                    }
                    seen[i] |= w[i];
                }
            }
        }
        return false;
    }

    /** Segment number → mask, in segment order (BINARY sets). */
    public Map<Integer, BitMask> masks() {
        return Collections.unmodifiableMap(masks);
    }
}
