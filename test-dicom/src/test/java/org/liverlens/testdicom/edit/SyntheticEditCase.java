package org.liverlens.testdicom.edit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.Label;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;

/** A synthetic CT written as DICOM and loaded back, with its known liver and lesions as an edit scene. */
final class SyntheticEditCase {
    final SyntheticCt truth;
    final LoadedVolume loaded;
    final EditScene scene;

    SyntheticEditCase(SyntheticCt.Params p, Path folder) {
        truth = new SyntheticCt(p);
        new SyntheticCtWriter(2).write(truth, folder.resolve("ct"), folder.resolve("ground-truth"), Progress.NONE);
        loaded = CtSeries.load(folder.resolve("ct"), null, LoadOptions.STRICT, Progress.NONE, Cancellation.NONE);
        VolumeGeometry g = loaded.volume().geometry();
        BitMask liver = new BitMask(g);
        int n = truth.lesions().size();
        List<BitMask> lesions = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            lesions.add(new BitMask(g));
        }
        SyntheticCt.SliceBuffers b = truth.newBuffers();
        for (int k = 0; k < g.slices(); k++) {
            truth.renderSlice(k, b);
            for (int q = 0; q < b.hu.length; q++) {
                int lab = b.labels[q];
                if (lab == Label.LIVER.value() || lab == Label.LIVER_LESION.value()) {
                    liver.setIndex(k, q);
                }
                int id = b.lesionIds[q] & 0xff;
                if (id > 0 && id <= n && lab == Label.LIVER_LESION.value()) {
                    lesions.get(id - 1).setIndex(k, q);
                }
            }
        }
        lesions.removeIf(m -> m.count() == 0);
        lesions.sort((x, y) -> Long.compare(y.count(), x.count()));
        scene = new EditScene(loaded.volume(), liver, lesions, EditScene.LIVER_FROM_SEG);
    }
}
