package org.liverlens.core.edit;

/**
 * Carries out a parsed instruction on a scene. Every backend keeps voxels outside the edit region
 * bit-identical and is deterministic for a given seed; impossible requests throw
 * {@link InvalidEditException} before anything is written.
 */
public interface EditBackend {
    /** The name given to {@code --backend} and written into {@code edit.json}. */
    String name();

    EditResult apply(EditScene scene, EditRequest request, long seed);
}
