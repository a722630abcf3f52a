package org.liverlens.ui.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.SegmentColours;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The segments of a SEG mapped onto the CT grid, with their colours and the findings measured on
 * them. A segment with a RecommendedDisplayCIELabValue is drawn in that colour; one without gets
 * the palette colour of its place (liver brown for a liver, then the lesion hues).
 *
 * @param file     the SEG file
 * @param layers   one per segment, in segment order (later layers are drawn over earlier ones)
 * @param findings the measurements of the liver and lesion segments (never null)
 * @param notes    what mapping and measuring had to say
 */
public record SegOverlay(Path file, List<SegmentLayer> layers, Findings findings, List<String> notes) {

    public SegOverlay {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
    }

    /**
     * The layers of a segment set: binary masks (fractional segments where at least half the
     * maximum), each with the largest lesion {@code findings} measured on it.
     */
    public static List<SegmentLayer> layersOf(SegmentSet set, Findings findings) {
        List<SegmentLayer> layers = new ArrayList<>();
        int lesions = 0;
        for (Segment s : set.segments()) {
            int[] lab = s.cieLab();
            int rgb;
            if (lab != null) {
                int[] c = CieLab.toRgb(lab);
                rgb = (c[0] << 16) | (c[1] << 8) | c[2];
            } else {
                int[] c = Codes.isLiver(s) ? SegmentColours.LIVER : SegmentColours.lesion(++lesions);
                rgb = (c[0] << 16) | (c[1] << 8) | c[2];
            }
            LesionMeasurement lesion = findings.lesions().stream().filter(m -> m.segmentNumber() == s.number())
                    .findFirst().orElse(null);
            layers.add(new SegmentLayer(s, rgb, lab != null, set.asBinary(s.number()), lesion));
        }
        return layers;
    }

    /**
     * Where the viewer starts: the largest lesion's RECIST slice with the crosshair at the lesion's
     * centroid; with no lesion, the centroid of the largest segment; with an empty SEG, the middle.
     */
    public int[] startVoxel(VolumeGeometry g) {
        List<LesionMeasurement> lesions = findings.lesions();
        if (!lesions.isEmpty()) {
            LesionMeasurement largest = lesions.get(0);
            double[] c = largest.centroidVoxel();
            int k = largest.recist() != null ? largest.recist().slice() : (int) Math.round(c[2]);
            return new int[] {(int) Math.round(c[0]), (int) Math.round(c[1]), k};
        }
        SegmentLayer largest = null;
        for (SegmentLayer l : layers) {
            if (largest == null || l.mask().count() > largest.mask().count()) {
                largest = l;
            }
        }
        if (largest == null || largest.mask().count() == 0) {
            return new int[] {g.columns() / 2, g.rows() / 2, g.slices() / 2};
        }
        return centroid(largest.mask());
    }

    static int[] centroid(BitMask mask) {
        VolumeGeometry g = mask.geometry();
        double si = 0;
        double sj = 0;
        double sk = 0;
        long n = 0;
        for (int k = 0; k < g.slices(); k++) {
            if (mask.isSliceEmpty(k)) {
                continue;
            }
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    if (mask.get(i, j, k)) {
                        si += i;
                        sj += j;
                        sk += k;
                        n++;
                    }
                }
            }
        }
        return new int[] {(int) Math.round(si / n), (int) Math.round(sj / n), (int) Math.round(sk / n)};
    }
}
