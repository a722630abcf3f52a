package org.liverlens.core.segment;

import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Drops network lesions that do not look like lesions against their own liver ({@link LesionFeatures}):
 * a lesion is kept when the network is sure enough of it and it departs from the liver ring around it,
 * and it is not a bright tube. A dropped lesion becomes liver. The rule and its thresholds were chosen
 * on the synthetic evaluation seeds and judged on the real cases (docs/models.md, "Lesion filter").
 *
 * @param minMaxProbability least peak tumour probability inside the lesion
 * @param minFisher         least Fisher ratio against the 2–6 mm liver ring (a lesion without a ring is kept)
 * @param maxVesselFraction most share of the lesion's voxels on bright tubes for a hyperdense lesion
 * @param minLiverSurround  least share of the lesion's boundary on liver (post-processing already asks
 *                          {@link PostProcess#MIN_LIVER_SURROUND})
 */
public record LesionFilter(double minMaxProbability, double minFisher, double maxVesselFraction,
                           double minLiverSurround) {
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
        // NaN (not measured) keeps the lesion
        return !(l.contrastHu() > 0 && l.vesselFraction() > maxVesselFraction);
    }

    /** A copy of {@code labels} with the lesions the filter drops turned into liver. */
    public LabelVolume apply(LabelVolume labels, LesionFeatures.Measured measured) {
        boolean[] drop = new boolean[measured.lesions().size() + 1];
        boolean any = false;
        for (LesionFeatures.Lesion l : measured.lesions()) {
            drop[l.id()] = !keeps(l);
            any |= drop[l.id()];
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
                if (id[p] != 0 && drop[id[p] & 0xffff]) {
                    dst[p] = Segmenter.LIVER;
                }
            }
        }
        return out;
    }
}
