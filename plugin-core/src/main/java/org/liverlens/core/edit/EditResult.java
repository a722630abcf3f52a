package org.liverlens.core.edit;

import java.util.List;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/**
 * A counterfactual: the edited volume (a new one; the scene's CT is untouched), the voxels whose HU
 * differs from the original ({@code changed}, never outside {@code region}), the union of the edit
 * regions, the lesions after the edit (removed ones gone, new ones added) and per-edit statistics.
 */
public record EditResult(EditRequest request, String backend, long seed, HuVolume edited, BitMask changed,
                         BitMask region, List<BitMask> lesionsAfter, List<EditStats> stats) {
    public EditResult {
        lesionsAfter = List.copyOf(lesionsAfter);
        stats = List.copyOf(stats);
    }
}
