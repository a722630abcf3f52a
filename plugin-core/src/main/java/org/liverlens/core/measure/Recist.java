package org.liverlens.core.measure;

import java.util.Arrays;
import java.util.Objects;

/**
 * RECIST 1.1 diameters of a lesion as a radiologist measures them: on the axial slice where the
 * lesion's longest in-plane diameter is largest, that longest diameter and the longest diameter
 * perpendicular to it on the same slice. Lengths are edge to edge (a lesion n pixels across
 * measures n × pixel spacing; see docs/measurements.md).
 *
 * @param longMm        longest diameter (mm)
 * @param shortMm       longest diameter perpendicular to the long axis on the same slice (mm)
 * @param slice         slice index k of that slice (0-based, ascending along the slice normal)
 * @param longAxisEnds  centres of the pixels at both ends of the long axis {i0, j0, i1, j1}
 * @param shortAxisEnds centres of the pixels at both ends of the short axis {i0, j0, i1, j1}
 * @param measurable    RECIST 1.1 measurability: long axis at least 10 mm and at least twice the
 *                      slice spacing
 *
 * Equality, hash code and text are over the axis ends' values (a record compares arrays by identity).
 */
public record Recist(double longMm, double shortMm, int slice, int[] longAxisEnds, int[] shortAxisEnds,
                     boolean measurable) {

    /** Smallest long axis of a measurable lesion on CT with slices of 5 mm or less (RECIST 1.1). */
    public static final double MIN_MEASURABLE_MM = 10.0;

    public Recist {
        if (!(longMm > 0) || !(shortMm > 0) || shortMm > longMm + 1e-9) {
            throw new IllegalArgumentException("RECIST axes need 0 < short <= long, got " + longMm + " and " + shortMm);
        }
        if (longAxisEnds.length != 4 || shortAxisEnds.length != 4) {
            throw new IllegalArgumentException("axis ends are {i0, j0, i1, j1}");
        }
        longAxisEnds = longAxisEnds.clone();
        shortAxisEnds = shortAxisEnds.clone();
    }

    /** Whether a lesion with this long axis is measurable on slices {@code sliceSpacingMm} apart. */
    public static boolean measurable(double longMm, double sliceSpacingMm) {
        return longMm >= Math.max(MIN_MEASURABLE_MM, 2 * sliceSpacingMm) - 1e-9;
    }

    @Override
    public int[] longAxisEnds() {
        return longAxisEnds.clone();
    }

    @Override
    public int[] shortAxisEnds() {
        return shortAxisEnds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recist r && Double.compare(longMm, r.longMm) == 0 && Double.compare(shortMm, r.shortMm) == 0
                && slice == r.slice && Arrays.equals(longAxisEnds, r.longAxisEnds)
                && Arrays.equals(shortAxisEnds, r.shortAxisEnds) && measurable == r.measurable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(longMm, shortMm, slice, Arrays.hashCode(longAxisEnds), Arrays.hashCode(shortAxisEnds),
                measurable);
    }

    @Override
    public String toString() {
        return "Recist[longMm=" + longMm + ", shortMm=" + shortMm + ", slice=" + slice + ", longAxisEnds="
                + Arrays.toString(longAxisEnds) + ", shortAxisEnds=" + Arrays.toString(shortAxisEnds) + ", measurable="
                + measurable + "]";
    }
}
