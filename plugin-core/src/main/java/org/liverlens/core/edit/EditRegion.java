package org.liverlens.core.edit;

import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.volume.BitMask;

/**
 * One edit as the classical backend decided it, for a {@link RegionRenderer} that renders its region
 * anew: {@code kind} ("remove", "add", "grow", "shrink"), the voxels it may change ({@code region}),
 * the lesion inside the region after the edit (empty for a removal), the liver, and for an insertion
 * the lesion model and the local parenchyma HU it was drawn against ({@code parenchymaHu}, with its
 * robust SD {@code parenchymaSdHu}: NaN when not measured).
 */
record EditRegion(String kind, BitMask region, BitMask lesion, BitMask liver, LesionModel model, double parenchymaHu,
                  double parenchymaSdHu) {
}
