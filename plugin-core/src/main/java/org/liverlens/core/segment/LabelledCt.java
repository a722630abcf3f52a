package org.liverlens.core.segment;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;

/**
 * A CT with reference labels on its grid (0 background, {@link Segmenter#LIVER},
 * {@link Segmenter#TUMOUR}), for training and evaluation. {@code tumourLabelled} is false when the
 * reference marks only the liver (tumour voxels then count as liver).
 */
public record LabelledCt(String name, HuVolume ct, LabelVolume labels, boolean tumourLabelled) {
}
