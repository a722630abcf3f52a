package org.liverlens.testdicom.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.Evaluation;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.UserHome;
import org.liverlens.testdicom.Label;
import org.liverlens.testdicom.LesionSpec;
import org.liverlens.testdicom.LesionType;
import org.liverlens.testdicom.SyntheticCt;

/**
 * The shipped model on a small synthetic case it was never trained on (seed outside the training
 * range, a coarse grid): the liver is found with a Dice well above chance, and the big lesion too.
 */
class DefaultModelTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultModelFindsTheLiverOfAnUnseenSyntheticCase() {
        SyntheticCt ct = new SyntheticCt(SyntheticCt.Params.defaults()
                .withSeed(777_001)
                .withSize(160, 160, 40)
                .withSpacing(2.4, 5)
                .withNoise(12, true)
                .withLesions(List.of(LesionSpec.random(LesionType.HYPODENSE, 40))));
        HuVolume hu = HuVolume.allocate(ct.geometry(), (short) 0);
        LabelVolume truth = new LabelVolume(ct.geometry());
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        for (int k = 0; k < ct.geometry().slices(); k++) {
            ct.renderSlice(k, b);
            System.arraycopy(b.hu, 0, hu.slice(k), 0, b.hu.length);
            for (int p = 0; p < b.labels.length; p++) {
                if (b.labels[p] == Label.LIVER.value() || b.labels[p] == Label.LIVER_LESION.value()) {
                    truth.slice(k)[p] = b.labels[p];
                }
            }
        }
        ModelPackage pkg = ModelPackage.defaultModel(new UserHome(tmp));
        try (ModelSegmenter s = ModelSegmenter.open(pkg, new SegmenterOptions(null, Device.CPU, false, null))) {
            Evaluation.CaseScore score = Evaluation.evaluate(s, new LabelledCt("seed 777001", hu, truth, true));
            assertTrue(score.liverDice() > 0.9, "liver Dice " + score.liverDice());
            assertTrue(score.tumourDice() > 0.5, "tumour Dice " + score.tumourDice());
            assertArrayEquals(ct.geometry().size(), truth.geometry().size());
        }
    }
}
