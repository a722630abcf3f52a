package org.liverlens.testdicom.edit;

import org.liverlens.core.edit.EditBackend;
import org.liverlens.core.edit.LearnedBackend;

/**
 * The derived series, edit-seg.dcm and edit.json of the learned backend (the shipped model) pass every
 * check of {@link DerivedSeriesTest}: source files untouched, new derived marked instances, voxels
 * loaded back, dciodvfy and pydicom, the SEG of exactly the changed voxels.
 */
class LearnedDerivedSeriesTest extends DerivedSeriesTest {
    @Override
    EditBackend backend() {
        return new LearnedBackend();
    }
}
