package org.liverlens.core.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.liverlens.core.seg.AlgorithmType;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Measures the liver and its lesions on a CT: from a segmenter's label volume, or from the liver
 * and lesion segments of a DICOM SEG. Lesion instances are 26-connected components (voxels that
 * share a face, an edge or a corner belong to one lesion), so a lesion whose outline steps
 * diagonally from slice to slice is not split into fragments; lesions that touch are confluent and
 * count as one, as radiologists count them. The rules are in docs/measurements.md.
 */
public final class Measurements {
    /** Connectivity of lesion instances. */
    public static final Components.Connectivity LESION_CONNECTIVITY = Components.Connectivity.FULL;

    /**
     * Findings and an overlay on the CT grid for display and for writing the SEG: 0 background,
     * 1 liver (tumours excluded), {@code id + 1} lesion {@code id}.
     */
    public record Measured(Findings findings, LabelVolume overlay) {
    }

    private Measurements() {
    }

    /**
     * Measures a label volume on the CT grid with {@link Segmenter#LIVER} and {@link Segmenter#TUMOUR}
     * voxels (other values are ignored). Lesions are the 26-connected components of the tumour
     * label, numbered by decreasing volume; lesion {@code id} gets segment number {@code id + 1}
     * (segment 1 is the liver), the layout {@link LiverLesionSegments} writes.
     */
    public static Measured ofLabels(HuVolume ct, LabelVolume labels, String seriesInstanceUid, ModelInfo model,
                                    Findings.Source source) {
        requireSameGrid(ct.geometry(), labels.geometry());
        BitMask tumour = labels.mask(Segmenter.TUMOUR);
        BitMask liver = union(labels.mask(Segmenter.LIVER), tumour);
        Components.Labelling lesions = Components.label(tumour, LESION_CONNECTIVITY);
        LesionVoxels[] voxels = LesionVoxels.ofIds(lesions.ids(), lesions.count());
        List<Candidate> candidates = new ArrayList<>();
        for (int c = 1; c <= lesions.count(); c++) {
            candidates.add(new Candidate(voxels[c], 0));
        }
        List<String> messages = new ArrayList<>();
        return measure(ct, liver, true, candidates, true, seriesInstanceUid, model, source, messages);
    }

    /**
     * Measures the liver and lesion segments of a SEG mapped onto the CT grid. Liver segments have
     * the property type Liver (SCT 10200004); lesion segments the type Neoplasm (SCT 108369006) or
     * the category Morphologically Altered Structure (SCT 49755003); retired SRT codes count as
     * their SCT equivalents. Several liver segments are joined. One lesion segment is split into its
     * 26-connected components (a "tumour" class mask); several lesion segments are taken as one
     * lesion each, because their author already separated the instances. FRACTIONAL segments count
     * where their value is at least half the maximum. Other segments are ignored with a message.
     */
    public static Measured ofSegments(HuVolume ct, SegmentSet set, String seriesInstanceUid, Findings.Source source) {
        VolumeGeometry g = ct.geometry();
        requireSameGrid(g, set.geometry());
        List<String> messages = new ArrayList<>();
        BitMask liver = null;
        List<Segment> lesionSegments = new ArrayList<>();
        List<Segment> used = new ArrayList<>();
        for (Segment s : set.segments()) {
            if (Codes.isLiver(s)) {
                BitMask m = set.asBinary(s.number());
                liver = liver == null ? m : union(liver, m);
                used.add(s);
            } else if (Codes.isLesion(s)) {
                lesionSegments.add(s);
                used.add(s);
            } else {
                messages.add(String.format(Locale.ROOT, "segment %d \"%s\" (type %s) is neither liver nor lesion: "
                        + "not measured", s.number(), s.label(), Codes.current(s.type())));
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        if (lesionSegments.size() == 1) {
            Segment s = lesionSegments.get(0);
            Components.Labelling c = Components.label(set.asBinary(s.number()), LESION_CONNECTIVITY);
            LesionVoxels[] voxels = LesionVoxels.ofIds(c.ids(), c.count());
            for (int id = 1; id <= c.count(); id++) {
                candidates.add(new Candidate(voxels[id], s.number()));
            }
        } else {
            for (Segment s : lesionSegments) {
                LesionVoxels v = LesionVoxels.of(set.asBinary(s.number()));
                if (v.count() == 0) {
                    messages.add(String.format(Locale.ROOT, "lesion segment %d \"%s\" is empty", s.number(), s.label()));
                } else {
                    candidates.add(new Candidate(v, s.number()));
                }
            }
        }
        if (liver == null) {
            messages.add("the SEG has no liver segment (type Liver, SCT 10200004): liver volume and tumour burden "
                    + "are not available");
        }
        return measure(ct, liver == null ? new BitMask(g) : liver, liver != null, candidates, false, seriesInstanceUid,
                algorithmOf(used), source, messages);
    }

    // ---------------------------------------------------------------- measuring

    private record Candidate(LesionVoxels voxels, int segmentNumber) {
    }

    private static Measured measure(HuVolume ct, BitMask liver, boolean liverKnown, List<Candidate> candidates,
                                    boolean segmentNumberFromId, String seriesUid, ModelInfo model,
                                    Findings.Source source, List<String> messages) {
        VolumeGeometry g = ct.geometry();
        // Stable sort: equal volumes keep scan (or segment) order.
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingLong((Candidate c) -> c.voxels().count()).reversed());

        LabelVolume overlay = new LabelVolume(g);
        overlay.paint(liver, 1);
        List<LesionMeasurement> lesions = new ArrayList<>();
        long outsideLiver = 0;
        for (int n = 0; n < sorted.size(); n++) {
            int id = n + 1;
            Candidate c = sorted.get(n);
            lesions.add(measureLesion(ct, c.voxels(), id, segmentNumberFromId ? id + 1 : c.segmentNumber()));
            for (int k = 0; k < c.voxels().slices(); k++) {
                int[] pixels = c.voxels().pixels(k);
                if (pixels == null) {
                    continue;
                }
                short[] s = overlay.slice(k);
                for (int p : pixels) {
                    if (liverKnown && !liver.getIndex(k, p) && s[p] == 0) {
                        outsideLiver++;
                    }
                    s[p] = (short) Math.min(LabelVolume.MAX_LABEL, id + 1);
                }
            }
        }
        long liverVoxels = 0;
        long tumourVoxels = 0;
        double si = 0;
        double sj = 0;
        double sk = 0;
        int columns = g.columns();
        for (int k = 0; k < g.slices(); k++) {
            if (overlay.isSliceEmpty(k)) {
                continue;
            }
            short[] s = overlay.slice(k);
            for (int p = 0; p < s.length; p++) {
                if (s[p] != 0) {
                    liverVoxels++;
                    si += p % columns;
                    sj += p / columns;
                    sk += k;
                    if (s[p] != 1) {
                        tumourVoxels++;
                    }
                }
            }
        }
        double[] liverCentroid = liverVoxels == 0 ? null
                : new double[] {si / liverVoxels, sj / liverVoxels, sk / liverVoxels};
        if (liverKnown && liver.count() == 0 && lesions.isEmpty()) {
            messages.add(0, "no liver in view: liver volume 0, no lesions");
        } else if (liverKnown && lesions.isEmpty()) {
            messages.add("no lesion found");
        }
        if (outsideLiver > 0) {
            messages.add(String.format(Locale.ROOT, "%d lesion voxel(s) (%.2f mL) lie outside the liver segment; the "
                    + "liver volume includes them", outsideLiver, outsideLiver * g.voxelVolumeMl()));
        }
        Findings f = new Findings(seriesUid, model, source, g.voxelVolumeMl(), liverKnown, liverKnown ? liverVoxels : 0,
                tumourVoxels, liverKnown ? liverCentroid : null, lesions, messages);
        return new Measured(f, overlay);
    }

    private static LesionMeasurement measureLesion(HuVolume ct, LesionVoxels v, int id, int segmentNumber) {
        VolumeGeometry g = ct.geometry();
        int columns = g.columns();
        double[] spacing = g.spacingMm();
        long n = 0;
        double sum = 0;
        double sumSq = 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        double si = 0;
        double sj = 0;
        double sk = 0;
        Calipers.Axes best = null;
        int bestK = -1;
        for (int k = 0; k < v.slices(); k++) {
            int[] pixels = v.pixels(k);
            if (pixels == null) {
                continue;
            }
            short[] hu = ct.slice(k);
            for (int p : pixels) {
                int h = hu[p];
                n++;
                sum += h;
                sumSq += (double) h * h;
                min = Math.min(min, h);
                max = Math.max(max, h);
                si += p % columns;
                sj += p / columns;
                sk += k;
            }
            Calipers.Axes axes = Calipers.measure(pixels, columns, spacing[0], spacing[1]);
            if (best == null || axes.longMm() > best.longMm() + 1e-9
                    || (Math.abs(axes.longMm() - best.longMm()) <= 1e-9 && axes.shortMm() > best.shortMm() + 1e-9)) {
                best = axes;
                bestK = k;
            }
        }
        double mean = sum / n;
        double sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
        double[] centroid = {si / n, sj / n, sk / n};
        Recist recist = new Recist(best.longMm(), best.shortMm(), bestK, best.longEnds(), best.shortEnds(),
                Recist.measurable(best.longMm(), spacing[2]));
        return new LesionMeasurement(id, segmentNumber, n, n * g.voxelVolumeMl(), recist, new HuStats(mean, sd, min, max),
                centroid, g.toMm(centroid[0], centroid[1], centroid[2]));
    }

    // ---------------------------------------------------------------- helpers

    /** The model named by the segments' algorithm when every one is AUTOMATIC with one name and version. */
    private static ModelInfo algorithmOf(List<Segment> segments) {
        if (segments.isEmpty()) {
            return null;
        }
        Segment first = segments.get(0);
        for (Segment s : segments) {
            if (s.algorithmType() != AlgorithmType.AUTOMATIC || s.algorithmName() == null
                    || !s.algorithmName().equals(first.algorithmName())
                    || !String.valueOf(s.algorithmVersion()).equals(String.valueOf(first.algorithmVersion()))) {
                return null;
            }
        }
        String version = first.algorithmVersion() == null || first.algorithmVersion().isBlank()
                ? "unknown" : first.algorithmVersion();
        return new ModelInfo(first.algorithmName(), version, null);
    }

    private static BitMask union(BitMask a, BitMask b) {
        BitMask out = new BitMask(a.geometry());
        for (int k = 0; k < a.geometry().slices(); k++) {
            if (a.isSliceEmpty(k) && b.isSliceEmpty(k)) {
                continue;
            }
            long[] w = out.words(k);
            if (!a.isSliceEmpty(k)) {
                long[] x = a.words(k);
                for (int i = 0; i < w.length; i++) {
                    w[i] |= x[i];
                }
            }
            if (!b.isSliceEmpty(k)) {
                long[] x = b.words(k);
                for (int i = 0; i < w.length; i++) {
                    w[i] |= x[i];
                }
            }
        }
        return out;
    }

    private static void requireSameGrid(VolumeGeometry ct, VolumeGeometry other) {
        if (!Arrays.equals(ct.size(), other.size())) {
            throw new IllegalArgumentException("labels on a " + Arrays.toString(other.size()) + " grid cannot be "
                    + "measured on a CT of " + Arrays.toString(ct.size()));
        }
    }
}
