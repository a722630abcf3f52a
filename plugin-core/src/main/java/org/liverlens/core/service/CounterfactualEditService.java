package org.liverlens.core.service;

import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.dicom.Stack;
import org.liverlens.core.edit.ClassicalBackend;
import org.liverlens.core.edit.EditBackend;
import org.liverlens.core.edit.EditOutput;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditRequest;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.edit.InvalidEditException;
import org.liverlens.core.edit.LearnedBackend;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link EditService} DS component: delegates to {@link EditParser}, {@link EditScene#of},
 * the backends and {@link EditOutput}; a SEG without a liver gets its liver from the default model
 * through {@link ModelSegmentationService}. The learned backend's model is loaded by its first edit and
 * kept.
 */
@Component(service = EditService.class)
public final class CounterfactualEditService implements EditService {
    private final EditParser parser = new EditParser();
    private final SegmentationService segmentation = new ModelSegmentationService();
    private final LearnedBackend learned;

    /** The shipped backends (the DS component). */
    public CounterfactualEditService() {
        this(null);
    }

    /** The learned backend with the weights {@code learnedWeights} (from {@code train-edit}); null: the shipped ones. */
    public CounterfactualEditService(Path learnedWeights) {
        learned = new LearnedBackend(learnedWeights);
    }

    @Override
    public List<String> backends() {
        return List.of(ClassicalBackend.NAME, LearnedBackend.NAME);
    }

    @Override
    public EditRequest parse(String instruction) {
        return parser.parse(instruction);
    }

    @Override
    public EditScene scene(HuVolume ct, SegmentSet seg, String seriesUid, Progress progress, Cancellation cancel) {
        return EditScene.of(ct, seg, seriesUid, () -> {
            SegmentationResult r = segmentation.segment(ct, SegmenterOptions.defaults(), progress, cancel);
            BitMask liver = r.labels().mask(Segmenter.LIVER);
            liver.addAll(r.labels().mask(Segmenter.TUMOUR));
            return liver;
        });
    }

    @Override
    public EditResult edit(EditScene scene, EditRequest request, String backend, long seed) {
        return backend(backend).apply(scene, request, seed);
    }

    @Override
    public EditOutput.Written write(Stack source, EditScene scene, EditResult result, Path folder) {
        return EditOutput.write(source, scene, result, folder);
    }

    /**
     * The backend called {@code name}, ready to edit: the learned one has loaded its model (a missing or
     * bad model fails here, before any CT is read). An unknown name is refused (exit 3).
     */
    public EditBackend backend(String name) {
        if (name == null || name.equals(ClassicalBackend.NAME)) {
            return new ClassicalBackend();
        }
        if (name.equals(LearnedBackend.NAME)) {
            return learned.load();
        }
        throw new InvalidEditException("unknown edit backend '" + name + "'", "use --backend classical or --backend "
                + "learned (docs/edit.md)");
    }
}
