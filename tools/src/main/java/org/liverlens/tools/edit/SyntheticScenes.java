package org.liverlens.tools.edit;

import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.edit.EditScene;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.testdicom.Label;
import org.liverlens.testdicom.SyntheticCt;

/**
 * The known liver and lesions of a synthetic CT as an edit scene on {@code hu} (the CT rendered, or
 * loaded back from its DICOM): lesions numbered by decreasing size, as {@code measure} numbers them.
 */
public final class SyntheticScenes {
    private SyntheticScenes() {
    }

    /** Renders {@code ct} into a new volume. */
    public static HuVolume render(SyntheticCt ct) {
        VolumeGeometry g = ct.geometry();
        HuVolume hu = HuVolume.allocate(g, (short) -1024);
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        for (int k = 0; k < g.slices(); k++) {
            ct.renderSlice(k, b);
            System.arraycopy(b.hu, 0, hu.slice(k), 0, b.hu.length);
        }
        return hu;
    }

    public static EditScene of(SyntheticCt ct, HuVolume hu) {
        VolumeGeometry g = hu.geometry();
        BitMask liver = new BitMask(g);
        int n = ct.lesions().size();
        List<BitMask> lesions = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            lesions.add(new BitMask(g));
        }
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        for (int k = 0; k < g.slices(); k++) {
            ct.renderSlice(k, b);
            for (int q = 0; q < b.hu.length; q++) {
                if (b.labels[q] == Label.LIVER.value() || b.labels[q] == Label.LIVER_LESION.value()) {
                    liver.setIndex(k, q);
                }
                int id = b.lesionIds[q] & 0xff;
                if (id > 0 && id <= n && b.labels[q] == Label.LIVER_LESION.value()) {
                    lesions.get(id - 1).setIndex(k, q);
                }
            }
        }
        lesions.removeIf(m -> m.count() == 0);
        lesions.sort((x, y) -> Long.compare(y.count(), x.count()));
        return new EditScene(hu, liver, lesions, EditScene.LIVER_FROM_SEG);
    }
}
