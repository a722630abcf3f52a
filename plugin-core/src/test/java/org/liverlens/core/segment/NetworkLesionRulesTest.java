package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.Components;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * What is measured on and done to the network's lesions after post-processing: {@link LesionFeatures},
 * {@link LesionFilter} and {@link LesionOutline}, on the {@link LiverPhantom} (0.8 mm pixels, 2.5 mm
 * slices) with the network's tumour probability painted by hand.
 */
class NetworkLesionRulesTest {
    /** A probability volume: {@code p} of each voxel in mm. */
    private static TumourProbability probability(VolumeGeometry g, ToDoubleFunction<int[]> p) {
        byte[][] s = new byte[g.slices()][g.columns() * g.rows()];
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    s[k][j * g.columns() + i] = TumourProbability.quantise(p.applyAsDouble(new int[] {i, j, k}));
                }
            }
        }
        return new TumourProbability(g, s);
    }

    private static LesionFeatures.Lesion only(LiverPhantom p, BitMask tumour, TumourProbability prob) {
        LesionFeatures.Measured m = LesionFeatures.of(p.ct, p.networkLabels(tumour), prob);
        assertEquals(1, m.lesions().size());
        return m.lesions().get(0);
    }

    @Test
    void hypodenseLesionContrastsWithItsLiverRing() {
        LiverPhantom p = new LiverPhantom().lesion(60, 70, 40, 9, 50).render(12, 1);
        LesionFeatures.Lesion l = only(p, p.lesions.get(0), new TumourProbability(p.ct.geometry()));
        assertEquals(-50, l.contrastHu(), 3, "lesion 50 HU in liver 100 HU");
        // 50² / (12² + 12²) ≈ 8.7
        assertTrue(l.fisher() > 6 && l.fisher() < 12, "Fisher ratio " + l.fisher());
        assertTrue(l.ringVoxels() > 1000, "a liver ring 2-6 mm around a 9 mm lesion: " + l.ringVoxels() + " voxels");
        assertEquals(18, l.diameterMm(), 1.5);
    }

    @Test
    void lesionOnTheLiverEdgeIsShallowAndPartlyOutside() {
        LiverPhantom p = new LiverPhantom().lesion(60, 70, 40, 9, 50).lesion(24, 80, 40, 8, 50).render(0, 1);
        TumourProbability none = new TumourProbability(p.ct.geometry());
        LesionFeatures.Lesion deep = only(p, p.lesions.get(0), none);
        LesionFeatures.Lesion edge = only(p, p.lesions.get(1), none);
        assertEquals(LesionFeatures.DEPTH_CAP_MM, deep.depthMm(), 1e-6, "30 mm and more under the surface");
        assertEquals(1, deep.liverSurround(), 1e-9);
        assertTrue(edge.depthMm() < 16, "the edge lesion reaches 14 mm deep at most: " + edge.depthMm());
        assertTrue(edge.liverSurround() < 0.9, "part of its boundary is the liver's surface: " + edge.liverSurround());
    }

    @Test
    void lesionOnAVesselLiesOnABrightTube() {
        LiverPhantom p = new LiverPhantom().vesselAlongX(45, 30).lesion(60, 70, 40, 6, 50).render(0, 1);
        BitMask onVessel = p.vesselPieceAlongX(0, 40, 80);
        VolumeGeometry g = p.ct.geometry();
        TumourProbability none = new TumourProbability(g);
        assertTrue(only(p, onVessel, none).vesselFraction() > 0.5, "a piece of vessel taken for a lesion");
        assertTrue(only(p, p.lesions.get(0), none).vesselFraction() < 0.1, "a round hypodense lesion");
    }

    @Test
    void probabilityInsideTheLesionIsAveragedAndItsPeakKept() {
        LiverPhantom p = new LiverPhantom().lesion(60, 70, 40, 6, 50).render(0, 1);
        int[] peak = {75, 87, 16}; // (60, 70, 40) mm
        LesionFeatures.Lesion l = only(p, p.lesions.get(0), probability(p.ct.geometry(),
                v -> v[0] == peak[0] && v[1] == peak[1] && v[2] == peak[2] ? 0.9 : 0.6));
        assertEquals(0.6, l.meanProbability(), 0.01);
        assertEquals(0.9, l.maxProbability(), 0.01);
    }

    @Test
    void filterTurnsAnUnsureLesionIntoLiverAndKeepsASureOne() {
        LiverPhantom p = new LiverPhantom().lesion(60, 70, 40, 6, 50).lesion(110, 90, 40, 6, 50).render(0, 1);
        LabelVolume labels = p.networkLabels(p.lesions.get(0), p.lesions.get(1));
        BitMask unsure = p.lesions.get(1);
        TumourProbability prob = probability(p.ct.geometry(), v -> unsure.get(v[0], v[1], v[2]) ? 0.6 : 0.95);
        LabelVolume out = new LesionFilter(0.8, 0, 1, 0).apply(labels, LesionFeatures.of(p.ct, labels, prob));
        assertEquals(p.lesions.get(0).count(), out.count(Segmenter.TUMOUR), "the sure lesion alone stays tumour");
        assertEquals(labels.count(Segmenter.LIVER) + unsure.count(), out.count(Segmenter.LIVER), "the unsure one is liver");
    }

    @Test
    void aLesionThatLiverDoesNotSurroundBecomesBackgroundNotLiver() {
        // a ball on the liver's left edge (x = 18 mm), half of it outside: 0697's gallbladder, a ventricle
        LiverPhantom p = new LiverPhantom().lesion(80, 80, 40, 6, 50).render(0, 1);
        VolumeGeometry g = p.ct.geometry();
        BitMask outside = p.ball(18, 80, 40, 9, false);
        BitMask unsure = p.lesions.get(0);
        LabelVolume labels = p.networkLabels(unsure, outside);
        TumourProbability prob = probability(g, v -> unsure.get(v[0], v[1], v[2]) ? 0.6 : 1);
        LesionFeatures.Measured m = LesionFeatures.of(p.ct, labels, prob);
        LesionFilter filter = new LesionFilter(0.8, 0, 1, 0.6);
        for (LesionFeatures.Lesion l : m.lesions()) {
            assertTrue(!filter.keeps(l), "both are dropped: " + l);
        }
        LabelVolume out = filter.apply(labels, m);
        assertEquals(0, out.count(Segmenter.TUMOUR));
        long liverOfTheBall = 0;
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    if (outside.get(i, j, k)) {
                        assertEquals(0, out.get(i, j, k), "the ball half outside the liver is background");
                        liverOfTheBall += p.liver.get(i, j, k) ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(liverOfTheBall > 0 && liverOfTheBall < outside.count() * 0.7, "half inside: " + liverOfTheBall);
        assertEquals(labels.count(Segmenter.LIVER) + unsure.count(), out.count(Segmenter.LIVER),
                "the unsure lesion inside the liver becomes liver");
    }

    @Test
    void twoLesionsJoinedByAFaintBridgeAreSplit() {
        LiverPhantom p = new LiverPhantom().lesion(60, 70, 40, 6, 50).lesion(76, 70, 40, 6, 50).render(0, 1);
        VolumeGeometry g = p.ct.geometry();
        BitMask merged = new BitMask(g);
        merged.addAll(p.lesions.get(0));
        merged.addAll(p.lesions.get(1));
        BitMask bridge = new BitMask(g);
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    double[] mm = LiverPhantom.mm(i, j, k);
                    if (mm[0] >= 60 && mm[0] <= 76 && Math.hypot(mm[1] - 70, mm[2] - 40) <= 3) {
                        bridge.set(i, j, k, true);
                    }
                }
            }
        }
        merged.addAll(bridge);
        LabelVolume labels = p.networkLabels(merged);
        TumourProbability prob = probability(g, v -> p.lesions.get(0).get(v[0], v[1], v[2])
                || p.lesions.get(1).get(v[0], v[1], v[2]) ? 0.95 : bridge.get(v[0], v[1], v[2]) ? 0.55 : 0);
        LesionFeatures.Measured before = LesionFeatures.of(p.ct, labels, prob);
        assertEquals(1, before.lesions().size(), "the bridge joins them into one lesion");
        LabelVolume out = new LesionOutline(new double[] {0.7, 0.9}, 0.05, false).split(labels, prob, before);
        Components.Labelling after = Components.label(out.mask(Segmenter.TUMOUR), Components.Connectivity.FULL);
        assertEquals(2, after.count(), "split in two");
        for (BitMask lesion : p.lesions) {
            long kept = 0;
            for (int id = 1; id <= 2; id++) {
                BitMask part = after.mask(id);
                long both = Math.round(part.dice(lesion) * (part.count() + lesion.count()) / 2);
                kept = Math.max(kept, both);
            }
            assertTrue(kept > 0.9 * lesion.count(), "each lesion keeps most of itself in one part: " + kept + " of "
                    + lesion.count());
        }
    }

    @Test
    void oneLesionWithTinyPeaksIsNotSplit() {
        LiverPhantom p = new LiverPhantom().lesion(60, 70, 40, 6, 50).render(0, 1);
        LabelVolume labels = p.networkLabels(p.lesions.get(0));
        // two single voxels of high probability 6 mm apart inside a lesion of 0.6
        TumourProbability prob = probability(p.ct.geometry(), v -> (v[0] == 72 || v[0] == 79) && v[1] == 87 && v[2] == 16
                ? 0.95 : p.lesions.get(0).get(v[0], v[1], v[2]) ? 0.6 : 0);
        LabelVolume out = new LesionOutline(new double[] {0.7, 0.9}, 0.05, false)
                .split(labels, prob, LesionFeatures.of(p.ct, labels, prob));
        assertTrue(out.sameLabels(labels), "cores under the least volume do not split a lesion");
    }

    @Test
    void quickFeaturesGiveTheFilterWhatFullOnesGive() {
        LiverPhantom p = new LiverPhantom().lesion(24, 80, 40, 8, 50).render(12, 1);
        LabelVolume labels = p.networkLabels(p.lesions.get(0));
        TumourProbability prob = probability(p.ct.geometry(), v -> p.lesions.get(0).get(v[0], v[1], v[2]) ? 0.97 : 0);
        LesionFeatures.Lesion full = LesionFeatures.of(p.ct, labels, prob, true).lesions().get(0);
        LesionFeatures.Lesion quick = LesionFeatures.of(p.ct, labels, prob, false).lesions().get(0);
        assertEquals(full.maxProbability(), quick.maxProbability());
        assertEquals(full.liverSurround(), quick.liverSurround());
        assertEquals(full.voxels(), quick.voxels());
        assertTrue(Double.isNaN(quick.depthMm()) && Double.isNaN(quick.vesselFraction()) && quick.ringVoxels() == 0,
                "the costly features are left out: " + quick);
        LesionFilter f = new LesionFilter(0.98, 0, 1, 0.6);
        assertEquals(f.keeps(full), f.keeps(quick));
    }
}
