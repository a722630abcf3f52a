package org.liverlens.core.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.liverlens.core.TestData;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.HuVolume;

/**
 * The radcttaceomics cases (tests and evaluation only, never training): CT, manual liver and each
 * manual lesion (26-connected component of the tumour SEG), loaded once per run; click positions
 * simulated from the reference.
 */
final class RealCases {
    record RealCase(String name, Stack stack, HuVolume ct, BitMask liver, List<BitMask> lesions) {
    }

    private static final Map<String, RealCase> CASES = new ConcurrentHashMap<>();

    private RealCases() {
    }

    static RealCase load(String name) {
        return CASES.computeIfAbsent(name, n -> {
            String base = "radcttaceomics/" + n + "/";
            ScanResult scan = new DicomScanner(2).scan(TestData.path(base + "31_EQP_Ax5.00mm"),
                    org.liverlens.core.work.Progress.NONE, org.liverlens.core.work.Cancellation.NONE);
            Stack stack = scan.series().stream().filter(s -> !"SEG".equals(s.modality())).findFirst().orElseThrow()
                    .primaryStack().orElseThrow();
            HuVolume ct = new VolumeLoader().load(stack, LoadOptions.STRICT, org.liverlens.core.work.Progress.NONE,
                    org.liverlens.core.work.Cancellation.NONE).volume();
            SegReader r = new SegReader();
            BitMask liver = r.mapOnto(r.read(TestData.path(base + "31_EQP_Ax5.00mm_ManualROI_Liver.dcm")), stack)
                    .segments().mask(1);
            BitMask tumour = r.mapOnto(r.read(TestData.path(base + "31_EQP_Ax5.00mm_ManualROI_Tumor.dcm")), stack)
                    .segments().mask(1);
            Components.Labelling l = Components.label(tumour, Components.Connectivity.FULL);
            List<BitMask> lesions = new ArrayList<>();
            for (int id = 1; id <= l.count(); id++) {
                lesions.add(l.mask(id));
            }
            return new RealCase(n, stack, ct, liver, lesions);
        });
    }

    /**
     * {@code count} voxels of the lesion's inner half, drawn with a fixed seed: voxels whose in-plane
     * distance to the lesion's outline is at least half the largest such distance.
     */
    static List<Prompt.Click> innerHalfClicks(BitMask m, int count, long seed) {
        List<int[]> all = voxels(m);
        double[] depth = depths(m, all);
        double max = Arrays.stream(depth).max().orElse(0);
        List<int[]> inner = new ArrayList<>();
        for (int q = 0; q < all.size(); q++) {
            if (depth[q] >= max / 2) {
                inner.add(all.get(q));
            }
        }
        Random rnd = new Random(seed);
        List<Prompt.Click> out = new ArrayList<>();
        for (int q = 0; q < count; q++) {
            int[] v = inner.get(rnd.nextInt(inner.size()));
            out.add(new Prompt.Click(v[0], v[1], v[2]));
        }
        return out;
    }

    /** For each voxel of {@code all} (the voxels of m), its in-plane distance (mm) to m's outline on its slice. */
    static double[] depths(BitMask m, List<int[]> all) {
        double[] sp = m.geometry().spacingMm();
        List<int[]> outline = new ArrayList<>();
        for (int[] v : all) {
            if (!m.get(v[0] - 1, v[1], v[2]) || !m.get(v[0] + 1, v[1], v[2]) || !m.get(v[0], v[1] - 1, v[2])
                    || !m.get(v[0], v[1] + 1, v[2])) {
                outline.add(v);
            }
        }
        double[] depth = new double[all.size()];
        for (int q = 0; q < all.size(); q++) {
            int[] v = all.get(q);
            double best = Double.MAX_VALUE;
            for (int[] o : outline) {
                if (o[2] == v[2]) {
                    double dx = (o[0] - v[0]) * sp[0];
                    double dy = (o[1] - v[1]) * sp[1];
                    best = Math.min(best, dx * dx + dy * dy);
                }
            }
            depth[q] = Math.sqrt(best);
        }
        return depth;
    }

    static List<int[]> voxels(BitMask m) {
        List<int[]> out = new ArrayList<>();
        var g = m.geometry();
        for (int k = 0; k < g.slices(); k++) {
            if (m.isSliceEmpty(k)) {
                continue;
            }
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    if (m.get(i, j, k)) {
                        out.add(new int[] {i, j, k});
                    }
                }
            }
        }
        return out;
    }

    /** "volume mL, RECIST long × short mm" of a lesion mask, as the measure package gives them (largest part). */
    static String measured(HuVolume ct, BitMask lesion) {
        if (lesion.count() == 0) {
            return "empty";
        }
        org.liverlens.core.seg.SegmentSet set = org.liverlens.core.seg.SegmentSet.binary(ct.geometry());
        set.addBinary(org.liverlens.core.seg.Segment.manual(1, "Lesion",
                org.liverlens.core.seg.Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, org.liverlens.core.seg.Codes.NEOPLASM,
                null)).addAll(lesion);
        var l = org.liverlens.core.measure.Measurements.ofSegments(ct, set, "1.2.3",
                new org.liverlens.core.measure.Findings.Source(org.liverlens.core.measure.Findings.SourceKind.PROMPT,
                        "test")).findings().lesions().get(0);
        return String.format(java.util.Locale.ROOT, "%.2f mL, RECIST %.1f x %.1f mm", lesion.count()
                * ct.geometry().voxelVolumeMl(), l.recist().longMm(), l.recist().shortMm());
    }
}
