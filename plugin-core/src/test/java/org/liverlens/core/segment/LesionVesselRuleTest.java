package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The vessel rule of the lesion rules ({@link LesionVessels}, {@link LesionFilter#isVessel}) on the
 * {@link LiverPhantom} (liver 100 HU, noise 12 HU, an enhancing vessel of 190 HU and 2.5 mm radius
 * along x at y = 45 mm, z = 30 mm): what the network marks around enhancing vessels in the arterial
 * phase is dropped; a hyper-enhancing lesion of the vessel's HU is kept, also where a vessel runs into
 * it; a hypodense lesion with a vessel through it is kept. The network is sure of every lesion here
 * (probability 1), so only the vessel rule can drop one.
 */
class LesionVesselRuleTest {
    private static final LesionRules RULES = LesionRules.DEFAULT;

    /** Tumour voxels left after the default lesion rules, the network sure of every lesion. */
    private static long tumourAfterRules(LiverPhantom p, BitMask lesion) {
        return tumourAfterRules(p, lesion, RULES);
    }

    private static long tumourAfterRules(LiverPhantom p, BitMask lesion, LesionRules rules) {
        LabelVolume labels = p.networkLabels(lesion);
        VolumeGeometry g = p.ct.geometry();
        byte[][] s = new byte[g.slices()][g.columns() * g.rows()];
        for (int k = 0; k < g.slices(); k++) {
            for (int q = 0; q < s[k].length; q++) {
                s[k][q] = lesion.getIndex(k, q) ? TumourProbability.quantise(1) : 0;
            }
        }
        TumourProbability sure = new TumourProbability(g, s);
        return rules.apply(p.ct, labels, sure).count(Segmenter.TUMOUR);
    }

    @Test
    void brightTubeTakenForALesionIsDropped() {
        LiverPhantom p = new LiverPhantom().vesselAlongX(45, 30).render(12, 1);
        BitMask piece = p.vesselPieceAlongX(0, 40, 80);
        VolumeGeometry g = p.ct.geometry();
        assertTrue(piece.count() * g.voxelVolumeMl() > 0.3, "a piece of the vessel: " + piece.count());
        assertEquals(0, tumourAfterRules(p, piece), "a piece of enhancing vessel is not a lesion");
    }

    @Test
    void parenchymaAroundAnEnhancingVesselIsDropped() {
        LiverPhantom p = new LiverPhantom().vesselAlongX(45, 30).render(12, 1);
        BitMask blob = p.ball(80, 45, 30, 7, true);
        assertTrue(blob.count() * p.ct.geometry().voxelVolumeMl() > 1, "1.4 mL of liver around the vessel");
        assertEquals(0, tumourAfterRules(p, blob), "liver with a vessel through it (hcc-tace-seg-015's false lesions)");
    }

    @Test
    void brightBallOfTheVesselsHuIsKept() {
        LiverPhantom p = new LiverPhantom().vesselAlongX(45, 30).lesion(60, 100, 40, 7, LiverPhantom.VESSEL_HU)
                .render(12, 1);
        BitMask lesion = p.lesions.get(0);
        assertEquals(lesion.count(), tumourAfterRules(p, lesion), "a hyper-enhancing lesion of 1.4 mL stays whole");
    }

    @Test
    void brightBallThatAVesselRunsIntoIsKept() {
        LiverPhantom p = new LiverPhantom().vesselAlongX(45, 30).lesion(80, 45, 30, 7, LiverPhantom.VESSEL_HU)
                .render(12, 1);
        BitMask lesion = p.lesions.get(0);
        assertEquals(lesion.count(), tumourAfterRules(p, lesion), "a hyper-enhancing lesion fed by a vessel stays");
    }

    @Test
    void hypodenseLesionWithAVesselThroughItIsKept() {
        LiverPhantom p = new LiverPhantom().lesion(80, 45, 30, 7, 60).vesselAlongX(45, 30).render(12, 1);
        BitMask lesion = p.lesions.get(0);
        assertEquals(lesion.count(), tumourAfterRules(p, lesion), "a hypodense lesion crossed by a vessel stays");
    }

    @Test
    void aDarkerAndABrighterLesionMergedOnAVesselAreKept() {
        // what the network marked as one lesion where a new hypodense lesion touched a brighter one on a
        // vessel (bench edit-eval seeds 7016, 7048, 7056: docs/models.md, "The vessel rule"): the voxels off
        // the vessel have the liver's median but twice its spread, which plain parenchyma never has
        LiverPhantom p = new LiverPhantom().vesselAlongX(45, 30).lesion(68, 45, 30, 6, 60).lesion(84, 45, 30, 6, 150)
                .render(12, 1);
        BitMask merged = p.ball(68, 45, 30, 6, true);
        merged.addAll(p.ball(84, 45, 30, 6, true));
        merged.addAll(p.ball(76, 45, 30, 5, true));
        LesionFilter f = RULES.filter();
        LesionRules medianOnly = new LesionRules(RULES.outline(), new LesionFilter(f.minMaxProbability(), f.minFisher(),
                f.maxVesselFraction(), f.minLiverSurround(), f.vesselMinShare(), f.vesselMaxRestHu(), Double.POSITIVE_INFINITY));
        assertEquals(0, tumourAfterRules(p, merged, medianOnly), "the rest's median alone takes it for liver round a vessel");
        assertEquals(merged.count(), tumourAfterRules(p, merged), "two lesions of opposite contrast are not plain parenchyma");
    }
}
