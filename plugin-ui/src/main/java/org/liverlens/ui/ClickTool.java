package org.liverlens.ui;

/**
 * What a tool does with clicks in the views while it is the active mouse tool (the lesion tool):
 * a left click is positive, a Ctrl+left click negative; a left drag in the axial view is a box.
 * Called on the event dispatch thread with voxel coordinates (i, j, k) of the CT grid.
 */
public interface ClickTool {
    void click(int[] voxel, boolean positive);

    /** A box dragged on axial slice {@code k} between two corner voxels. */
    void box(int[] corner0, int[] corner1);
}
