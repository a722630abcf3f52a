package org.liverlens.core.segment;

import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Drops network lesions that do not look like lesions against their own liver ({@link LesionFeatures}):
 * a lesion is kept when the network is sure enough of it, it departs from the liver ring around it,
 * liver surrounds it, it is not a bright tube, and it is not an enhancing vessel with plain parenchyma
 * around it. A dropped lesion becomes liver, unless it was dropped because liver does not surround it: that
 * one is a neighbour of the liver (a gallbladder, bowel, a ventricle) and becomes background, as
 * post-processing does below {@link PostProcess#MIN_LIVER_SURROUND}. The rule and its thresholds were chosen on synthetic seeds
 * and judged on the real cases (docs/models.md, "Lesion rules").
 *
 * @param minMaxProbability least peak tumour probability inside the lesion
 * @param minFisher         least Fisher ratio against the 2–6 mm liver ring (a lesion without a ring is kept)
 * @param maxVesselFraction most share of the lesion's voxels on bright tubes for a hyperdense lesion
 * @param minLiverSurround  least share of the lesion's boundary on liver (post-processing already asks
 *                          {@link PostProcess#MIN_LIVER_SURROUND})
 * @param vesselMinShare    the vessel rule ({@link LesionVessels}): a lesion that looks hyperdense (its mean
 *                          above its ring's median) with at least this share of its voxels on enhancing
 *                          vessels that continue beyond it ...
 * @param vesselMaxRestHu   ... and whose other voxels are at most this many HU brighter than the ring (median
 *                          against median: not a hyper-enhancing lesion once the vessels are left out) ...
 * @param vesselMaxRestSpread ... and spread no wider than this many times the ring (robust SDs: plain
 *                          parenchyma, not a darker and a brighter lesion that the network merged into one
 *                          beside a vessel), or that has (almost) no other voxels, is dropped; a share above
 *                          1 turns the rule off
 */
public record LesionFilter(double minMaxProbability, double minFisher, double maxVesselFraction,
                           double minLiverSurround, double vesselMinShare, double vesselMaxRestHu,
                           double vesselMaxRestSpread) {
    /** Without the vessel rule. */
    public LesionFilter(double minMaxProbability, double minFisher, double maxVesselFraction, double minLiverSurround) {
        this(minMaxProbability, minFisher, maxVesselFraction, minLiverSurround, Double.POSITIVE_INFINITY, 0);
    }

    /** With the vessel rule's default {@link LesionRules#VESSEL_MAX_REST_SPREAD}. */
    public LesionFilter(double minMaxProbability, double minFisher, double maxVesselFraction, double minLiverSurround,
                        double vesselMinShare, double vesselMaxRestHu) {
        this(minMaxProbability, minFisher, maxVesselFraction, minLiverSurround, vesselMinShare, vesselMaxRestHu,
                LesionRules.VESSEL_MAX_REST_SPREAD);
    }

    /** Whether {@code l} stays a lesion. */
    public boolean keeps(LesionFeatures.Lesion l) {
        if (l.maxProbability() < minMaxProbability) {
            return false;
        }
        if (l.ringVoxels() > 0 && l.fisher() < minFisher) {
            return false;
        }
        if (l.liverSurround() < minLiverSurround) {
            return false;
        }
        if (isVessel(l)) {
            return false;
        }
        // NaN (not measured) keeps the lesion
        return !(l.contrastHu() > 0 && l.vesselFraction() > maxVesselFraction);
    }

    /** Whether the vessel rule takes {@code l} for enhancing vessels in plain parenchyma. */
    public boolean isVessel(LesionFeatures.Lesion l) {
        if (!(l.vesselShare() >= vesselMinShare) || l.vesselShare() == 0 || !(l.vesselExcessHu() > 0)) {
            return false;
        }
        double rest = l.vesselRestHu();
        return Double.isNaN(rest) || rest <= vesselMaxRestHu && !(l.vesselRestSpread() > vesselMaxRestSpread);
    }

    /**
     * A copy of {@code labels} with the lesions the filter drops turned into liver, or into background
     * when liver does not surround them ({@link #minLiverSurround}): what is not inside the liver is
     * not liver either.
     */
    public LabelVolume apply(LabelVolume labels, LesionFeatures.Measured measured) {
        // per lesion id: -1 kept, else the label it becomes
        short[] becomes = new short[measured.lesions().size() + 1];
        java.util.Arrays.fill(becomes, (short) -1);
        boolean any = false;
        for (LesionFeatures.Lesion l : measured.lesions()) {
            if (!keeps(l)) {
                becomes[l.id()] = (short) (l.liverSurround() < minLiverSurround ? 0 : Segmenter.LIVER);
                any = true;
            }
        }
        VolumeGeometry g = labels.geometry();
        LabelVolume out = LesionOutline.copy(labels);
        LabelVolume ids = measured.components().ids();
        for (int k = 0; k < g.slices(); k++) {
            if (!any || ids.isSliceEmpty(k)) {
                continue;
            }
            short[] dst = out.slice(k);
            short[] id = ids.slice(k);
            for (int p = 0; p < dst.length; p++) {
                if (id[p] != 0 && becomes[id[p] & 0xffff] >= 0) {
                    dst[p] = becomes[id[p] & 0xffff];
                }
            }
        }
        return out;
    }
}
