package org.liverlens.core.edit;

import java.util.Map;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;

/** Placeholder until the synth branch is merged. */
final class LesionInsertion {
    private LesionInsertion() {
    }

    record Done(BitMask region, BitMask lesion, Map<String, Object> figures) {
    }

    static Done insert(HuVolume out, BitMask liver, BitMask near, BitMask lesions, EditInstruction.AddLesion a,
                       long seed) {
        throw new InvalidEditException("insertion is not available yet");
    }
}
