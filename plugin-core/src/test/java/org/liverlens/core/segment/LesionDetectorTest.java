package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.LabelVolume;

/**
 * The classical lesion detector on a phantom liver whose lesions and vessels are known voxel by voxel
 * ({@link LiverPhantom}: 0.8 mm pixels, 2.5 mm slices, 12 HU noise).
 */
class LesionDetectorTest {
    private static final double NOISE_HU = 12;

    private static LiverPhantom withLesionsAndVessels() {
        return new LiverPhantom()
                .vesselAlongZ(100, 105)
                .vesselAlongX(45, 30)
                .lesion(60, 70, 40, 9, 50)        // hypodense
                .lesion(105, 65, 45, 7, 150)      // hyper-enhancing
                .lesion(24, 80, 40, 8, 50)        // on the liver's edge (cut by it)
                .lesion(111, 105, 35, 8, 45)      // touching the vessel along z
                .render(NOISE_HU, 1);
    }

    @Test
    void hypoHyperEdgeAndBesideAVesselLesionsAreFound() {
        LiverPhantom p = withLesionsAndVessels();
        LabelVolume out = new LesionDetector().apply(p.ct, p.networkLabels(), LesionSource.DETECTOR);
        BitMask tumour = out.mask(Segmenter.TUMOUR);
        String[] names = {"hypodense", "hyper-enhancing", "edge", "beside the vessel"};
        for (int n = 0; n < p.lesions.size(); n++) {
            BitMask lesion = p.lesions.get(n);
            double covered = (double) intersection(lesion, tumour) / lesion.count();
            assertTrue(covered >= 0.5, names[n] + " lesion: " + Math.round(covered * 100) + " % of it found");
        }
    }

    @Test
    void everyDetectedLesionLiesOnATrueLesion() {
        LiverPhantom p = withLesionsAndVessels();
        LabelVolume out = new LesionDetector().apply(p.ct, p.networkLabels(), LesionSource.DETECTOR);
        BitMask truth = new BitMask(p.ct.geometry());
        p.lesions.forEach(truth::addAll);
        Components.Labelling found = Components.label(out.mask(Segmenter.TUMOUR), Components.Connectivity.FULL);
        for (int id = 1; id <= found.count(); id++) {
            assertTrue(intersection(found.mask(id), truth) > 0, "detected lesion " + id + " (" + found.voxels()[id]
                    + " voxels) lies on no true lesion");
        }
    }

    @Test
    void vesselsAreNotLesions() {
        LiverPhantom p = new LiverPhantom().vesselAlongZ(100, 105).vesselAlongX(45, 30).vesselAlongZ(60, 60)
                .render(NOISE_HU, 2);
        LesionCandidates.Found f = LesionCandidates.find(p.ct, p.liver, LesionCandidates.Settings.DEFAULT);
        List<LesionCandidates.Candidate> onVessels = f.candidates().stream().filter(LesionDetector::plausible).toList();
        assertEquals(List.of(), onVessels.stream().map(c -> c.centre() + " " + Math.round(c.contrastHu()) + " HU").toList(),
                "plausible candidates in a liver holding only vessels");
        LabelVolume out = new LesionDetector().apply(p.ct, p.networkLabels(), LesionSource.DETECTOR);
        assertEquals(0, out.count(Segmenter.TUMOUR));
    }

    @Test
    void lesionFreeLiverGivesNoCandidate() {
        LiverPhantom p = new LiverPhantom().render(NOISE_HU, 3);
        LesionCandidates.Found f = LesionCandidates.find(p.ct, p.liver, LesionCandidates.Settings.DEFAULT);
        assertEquals(List.of(), f.candidates().stream().map(c -> c.centre().toString()).toList());
        assertEquals(0, new LesionDetector().apply(p.ct, p.networkLabels(), LesionSource.DETECTOR).count(Segmenter.TUMOUR));
    }

    @Test
    void combinedDropsANetworkLesionOnAVesselAndKeepsOneOnALesion() {
        LiverPhantom p = new LiverPhantom().vesselAlongZ(100, 105).lesion(60, 70, 40, 9, 50).render(NOISE_HU, 4);
        LabelVolume network = p.networkLabels(p.vessels.get(0), p.lesions.get(0));
        LabelVolume out = new LesionDetector().apply(p.ct, network, LesionSource.COMBINED);
        BitMask tumour = out.mask(Segmenter.TUMOUR);
        assertEquals(0, intersection(p.vessels.get(0), tumour), "tumour voxels left on the vessel");
        assertTrue(intersection(p.lesions.get(0), tumour) >= p.lesions.get(0).count() / 2, "the network's true lesion was dropped");
    }

    @Test
    void combinedAddsNoLesionThatTheNetworkDidNotMark() {
        LiverPhantom p = new LiverPhantom().lesion(60, 70, 40, 9, 50).lesion(105, 65, 45, 7, 150).render(NOISE_HU, 6);
        LabelVolume network = p.networkLabels(p.lesions.get(0));
        BitMask tumour = new LesionDetector().apply(p.ct, network, LesionSource.COMBINED).mask(Segmenter.TUMOUR);
        assertTrue(intersection(p.lesions.get(0), tumour) >= p.lesions.get(0).count() / 2, "the network's lesion was dropped");
        assertEquals(0, intersection(p.lesions.get(1), tumour), "a lesion only the detector saw was added");
    }

    @Test
    void networkSourceLeavesTheNetworkLabelsAlone() {
        LiverPhantom p = new LiverPhantom().vesselAlongZ(100, 105).render(NOISE_HU, 5);
        LabelVolume network = p.networkLabels(p.vessels.get(0));
        LabelVolume out = new LesionDetector().apply(p.ct, network, LesionSource.NETWORK);
        assertTrue(out.sameLabels(network));
    }

    private static long intersection(BitMask a, BitMask b) {
        long n = 0;
        for (int k = 0; k < a.geometry().slices(); k++) {
            if (a.isSliceEmpty(k) || b.isSliceEmpty(k)) {
                continue;
            }
            long[] x = a.words(k);
            long[] y = b.words(k);
            for (int w = 0; w < x.length; w++) {
                n += Long.bitCount(x[w] & y[w]);
            }
        }
        return n;
    }
}
