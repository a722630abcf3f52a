package org.liverlens.core.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.PromptSegmenter;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The tumour stage at the CT's own resolution: {@link LesionCandidates} inside the network's liver,
 * each outlined by the promptable segmenter (a click at the candidate's centre) and accepted by rules
 * (not a tube, compact, a real departure from the parenchyma), and, for {@link LesionSource#COMBINED},
 * the network's own lesions kept where the same statistics confirm them. Method and measured
 * comparison: docs/segmentation.md, docs/models.md.
 */
public final class LesionDetector {
    /** Candidates outlined at most, strongest first: bounds the time on a liver full of texture. */
    static final int MAX_CANDIDATES = 40;
    /** A region longer than this many times its width is a vessel or a fissure, not a lesion. */
    static final double MAX_ELONGATION = 3.0;
    /** A hyperdense region with more of its voxels on bright tubes than this is a vessel. */
    static final double MAX_VESSEL_FRACTION = 0.4;
    /**
     * A candidate is outlined when its departure is at least this wide (equivalent sphere, mm) or very
     * strong: smaller, fainter ones were mostly noise and vessel stubs on the evaluation cases.
     */
    static final double MIN_OUTLINED_MM = 10;
    /** Departure (in spreads of the local mean) that makes a candidate under {@link #MIN_OUTLINED_MM} worth outlining. */
    static final double STRONG_Z = 6;
    /** A network lesion is kept when it departs from the liver's median by at least this many HU. */
    static final double NETWORK_MIN_CONTRAST_HU = 8;

    private final PromptSegmenter prompt;
    private final LesionCandidates.Settings settings;
    /** Receives one line per candidate and decision (evaluation and tests; silent in the product). */
    static double minOutlinedMm = MIN_OUTLINED_MM;
    java.util.function.BiConsumer<String, BitMask> trace = (line, mask) -> { };

    /** The detector with the classical promptable segmenter and the product's settings. */
    public LesionDetector() {
        this(new RegionCompetition(), LesionCandidates.Settings.DEFAULT);
    }

    LesionDetector(PromptSegmenter prompt, LesionCandidates.Settings settings) {
        this.prompt = prompt;
        this.settings = settings;
    }

    /**
     * The labels of {@code network} (0, liver, tumour on the CT grid, already post-processed) with the
     * tumour label taken from {@code source}; the input is not changed. {@link LesionSource#NETWORK}
     * returns it as it is.
     */
    public LabelVolume apply(HuVolume ct, LabelVolume network, LesionSource source) {
        if (source == LesionSource.NETWORK) {
            return network;
        }
        VolumeGeometry g = ct.geometry();
        BitMask organ = new BitMask(g);
        for (int k = 0; k < g.slices(); k++) {
            for (int p = 0; p < g.columns() * g.rows(); p++) {
                if (network.getIndex(k, p) != 0) {
                    organ.setIndex(k, p);
                }
            }
        }
        LabelVolume out = new LabelVolume(g);
        out.paint(organ, Segmenter.LIVER);
        LesionCandidates.Found found = LesionCandidates.find(ct, organ, settings);
        if (found.crop() == null || Double.isNaN(found.liverMedianHu())) {
            return source == LesionSource.COMBINED ? network : out;
        }
        BitMask tumour = new BitMask(g);
        BitMask confirmed = null;
        if (source == LesionSource.COMBINED) {
            // the network's lesions that the liver's statistics confirm, each grown by the outline of a
            // detector candidate on it; candidates the network does not share are left out (alone they
            // were 10-14 false lesions per real case: docs/segmentation.md)
            confirmed = new BitMask(g);
            for (BitMask lesion : confirmedNetworkLesions(ct, network, found)) {
                confirmed.addAll(lesion);
            }
            tumour.addAll(confirmed);
        }
        for (BitMask lesion : outlined(ct, organ, found, confirmed)) {
            tumour.addAll(lesion);
        }
        out.paint(tumour, Segmenter.TUMOUR);
        return out;
    }

    /**
     * The accepted candidates, each as its promptable outline; with {@code onlyOn}, only candidates
     * that touch it.
     */
    List<BitMask> outlined(HuVolume ct, BitMask organ, LesionCandidates.Found found, BitMask onlyOn) {
        List<LesionCandidates.Candidate> cands = new ArrayList<>(found.candidates());
        cands.sort(Comparator.comparingDouble((LesionCandidates.Candidate c) -> -Math.abs(c.z())));
        List<BitMask> out = new ArrayList<>();
        BitMask covered = new BitMask(ct.geometry());
        int tried = 0;
        for (LesionCandidates.Candidate c : cands) {
            if (tried == MAX_CANDIDATES) {
                break;
            }
            if (!plausible(c) || overlap(c.region(), covered) > 0.5 || onlyOn != null && overlap(c.region(), onlyOn) == 0) {
                continue;
            }
            tried++;
            Prompt.Click click = c.centre();
            PromptResult r = prompt.segment(ct, organ, Prompt.click(click.i(), click.j(), click.k()));
            BitMask mask = r.mask();
            double ml = mask.count() * ct.geometry().voxelVolumeMl();
            trace.accept(String.format(java.util.Locale.ROOT, "candidate %s %s %.0f HU z %.1f %.2f mL el %.1f ves %.2f -> prompt %.2f mL conf %.2f %s",
                    click, c.hyper() ? "hyper" : "hypo", c.contrastHu(), c.z(), c.volumeMl(), c.elongation(), c.vesselFraction(),
                    ml, r.confidence(), r.reason() == null ? "" : r.reason()), mask);
            if (r.isEmpty()) {
                continue;
            }
            if (ml > 5 * c.volumeMl() + 5) {
                // the outline spread far beyond the departure: trust the departure
                mask = c.region();
            }
            out.add(mask);
            covered.addAll(mask);
        }
        return out;
    }

    /** Not a tube, not a sliver: a region worth outlining. */
    static boolean plausible(LesionCandidates.Candidate c) {
        if (c.elongation() > MAX_ELONGATION) {
            return false;
        }
        double diameterMm = Math.cbrt(6 * c.volumeMl() * 1000 / Math.PI);
        if (diameterMm < minOutlinedMm && Math.abs(c.z()) < STRONG_Z) {
            return false;
        }
        return !(c.hyper() && c.vesselFraction() > MAX_VESSEL_FRACTION);
    }

    /** The network's lesions (26-connected tumour components) that depart from the liver and are not vessels. */
    List<BitMask> confirmedNetworkLesions(HuVolume ct, LabelVolume network, LesionCandidates.Found found) {
        Components.Labelling l = Components.label(network.mask(Segmenter.TUMOUR), Components.Connectivity.FULL);
        List<BitMask> out = new ArrayList<>();
        LiverCrop c = found.crop();
        VolumeGeometry g = ct.geometry();
        for (int id = 1; id <= l.count(); id++) {
            BitMask m = l.mask(id);
            double sum = 0;
            long n = 0;
            long onTubes = 0;
            for (int k = 0; k < g.slices(); k++) {
                if (m.isSliceEmpty(k)) {
                    continue;
                }
                short[] hu = ct.slice(k);
                for (int p = 0; p < g.columns() * g.rows(); p++) {
                    if (!m.getIndex(k, p)) {
                        continue;
                    }
                    sum += hu[p];
                    n++;
                    int ci = p % g.columns() - c.i0;
                    int cj = p / g.columns() - c.j0;
                    int ck = k - c.k0;
                    if (ci >= 0 && cj >= 0 && ck >= 0 && ci < c.cols && cj < c.rows && ck < c.slices
                            && found.brightVessels()[ck][cj * c.cols + ci] > settings.vesselThreshold() / 2) {
                        onTubes++;
                    }
                }
            }
            double contrast = sum / n - found.liverMedianHu();
            boolean vessel = contrast > 0 && onTubes > MAX_VESSEL_FRACTION * n;
            if (Math.abs(contrast) >= NETWORK_MIN_CONTRAST_HU && !vessel) {
                out.add(m);
            }
        }
        return out;
    }

    private static double overlap(BitMask a, BitMask b) {
        long n = a.count();
        if (n == 0) {
            return 0;
        }
        long both = 0;
        VolumeGeometry g = a.geometry();
        for (int k = 0; k < g.slices(); k++) {
            if (a.isSliceEmpty(k) || b.isSliceEmpty(k)) {
                continue;
            }
            long[] wa = a.words(k);
            long[] wb = b.words(k);
            for (int w = 0; w < wa.length; w++) {
                both += Long.bitCount(wa[w] & wb[w]);
            }
        }
        return (double) both / n;
    }
}
