package org.liverlens.core.service;

import java.nio.file.Path;

import org.liverlens.core.dicom.Stack;
import org.liverlens.core.edit.EditOutput;
import org.liverlens.core.edit.EditRequest;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Counterfactual edits ("remove lesion 2", "add a 15 mm hypodense lesion near lesion 1"), as
 * {@code liverlens edit} does them: parse, build the scene from a CT and its SEG, edit, write the derived
 * series. Bad or impossible instructions throw {@code InvalidEditException} (exit code 3) before
 * anything is written. {@link #scene} may run the segmentation model (seconds): run it off the UI thread.
 */
public interface EditService {
    /** The backends {@link #edit} accepts; the first is the default. */
    java.util.List<String> backends();

    /** Parses an instruction; the exception quotes what is not understood and lists what is supported. */
    EditRequest parse(String instruction);

    /**
     * The scene of {@code seg} (mapped onto {@code ct}'s grid): lesions numbered as {@code measure} numbers
     * them; the liver from the SEG, or from the default model when the SEG has no liver segment.
     */
    EditScene scene(HuVolume ct, SegmentSet seg, String seriesUid, Progress progress, Cancellation cancel);

    /** Carries out {@code request} on a copy of the scene's CT; voxels outside the edit region stay bit-identical. */
    EditResult edit(EditScene scene, EditRequest request, String backend, long seed);

    /** Writes {@code folder}/series/ (derived series of {@code source}), edit-seg.dcm and edit.json. */
    EditOutput.Written write(Stack source, EditScene scene, EditResult result, Path folder);
}
