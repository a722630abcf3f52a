package org.liverlens.ui;

import java.awt.Component;

import org.liverlens.ui.edit.Segmentation;
import org.liverlens.ui.view.ViewState;
import org.liverlens.ui.view.ViewerData;

/**
 * What a tool's panel works on: the series shown, its segments (edited with undo), the views'
 * shared state, the task bar for long work, and the mouse. One per viewer window.
 */
public interface ViewerContext {
    /** The folder's scan, the CT volume and its stack, and the SEG opened with it (if any). */
    ViewerData data();

    /** The segments shown, edited with undo and redo. */
    Segmentation segmentation();

    /** Crosshair and window of the views. */
    ViewState state();

    /** Runs long work off the event thread with progress and cancel. */
    TaskBar tasks();

    /**
     * Selects a segment in the segment table, as a user's click on its row does: the views jump to it
     * (a lesion's RECIST slice with the crosshair at its centroid and its calipers drawn).
     */
    void select(int segmentNumber);

    /** Makes {@code tool} receive left clicks in the views (null: the crosshair again). */
    void setClickTool(ClickTool tool);

    /** Opens the series under {@code folder} beside the shown one (a counterfactual beside its original). */
    void compareWith(java.nio.file.Path folder);

    /** The component dialogs are shown over. */
    Component parent();
}
