package org.liverlens.testdicom.segment;

import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.Label;
import org.liverlens.testdicom.SyntheticCt;

/**
 * A {@link Segmenter} for tests only: it answers with the generator's ground truth (liver and
 * lesion labels of the synthetic CT), or with nothing, so that everything downstream of the labels
 * (measurement, SEG, findings, preview, the CLI) is tested against known answers.
 */
public final class KnownLabelsSegmenter implements Segmenter {
    static final ModelInfo MODEL = new ModelInfo("ground-truth", "test", null);

    private final SyntheticCt truth;

    /** Answers with the truth of {@code truth}; null answers "no liver in view". */
    public KnownLabelsSegmenter(SyntheticCt truth) {
        this.truth = truth;
    }

    @Override
    public SegmentationResult segment(HuVolume ct, Progress progress, Cancellation cancel) {
        LabelVolume labels = new LabelVolume(ct.geometry());
        if (truth != null) {
            SyntheticCt.SliceBuffers b = truth.newBuffers();
            progress.begin("Ground truth", ct.geometry().slices());
            for (int k = 0; k < ct.geometry().slices(); k++) {
                cancel.check();
                truth.renderSlice(k, b);
                for (int p = 0; p < b.labels.length; p++) {
                    int v = b.labels[p];
                    if (v == Label.LIVER.value()) {
                        labels.slice(k)[p] = LIVER;
                    } else if (v == Label.LIVER_LESION.value()) {
                        labels.slice(k)[p] = TUMOUR;
                    }
                }
                progress.advance(1);
            }
            progress.end();
        }
        return new SegmentationResult(labels, MODEL, java.util.Map.of());
    }

    @Override
    public ModelInfo model() {
        return MODEL;
    }
}
