package org.liverlens.ui.view;

import java.awt.BorderLayout;
import java.awt.GridLayout;
import java.util.Arrays;
import java.util.Locale;

import javax.swing.JPanel;

import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * Two series on the same grid side by side in axial views (original against counterfactual, or one
 * CT with two segmentations). Both views share one {@link ViewState}, so slice, crosshair and window
 * are the same by construction; zoom and pan are copied from the view that changed to the other.
 */
public final class ComparePanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final transient ViewState state;
    private final SliceView left;
    private final SliceView right;

    public ComparePanel(ViewerData first, ViewerData second) {
        super(new BorderLayout());
        requireSameGrid(first, second);
        state = new ViewState(first.loaded().volume().geometry());
        int[] start = first.startVoxel();
        state.setCrosshair(start[0], start[1], start[2]);
        left = new SliceView(first.loaded().volume(), state, first.layers(), Plane.AXIAL);
        right = new SliceView(second.loaded().volume(), state, second.layers(), Plane.AXIAL);
        left.setCaption(first.loaded().stack().first().seriesDescription() + " (1)");
        right.setCaption(second.loaded().stack().first().seriesDescription() + " (2)");
        left.setCameraListener(() -> follow(left, right));
        right.setCameraListener(() -> follow(right, left));
        JPanel grid = new JPanel(new GridLayout(1, 2, 2, 2));
        grid.add(left);
        grid.add(right);
        add(grid, BorderLayout.CENTER);
    }

    public ViewState state() {
        return state;
    }

    public SliceView left() {
        return left;
    }

    public SliceView right() {
        return right;
    }

    private static void follow(SliceView from, SliceView to) {
        double[] pan = from.pan();
        to.setCamera(from.zoom(), pan[0], pan[1]);
    }

    /**
     * Compare needs both series on one grid: same size, spacing, origin and directions (within 0.01
     * mm), as a counterfactual or a second segmentation of the same CT is.
     *
     * @throws InvalidInputException (exit 3) naming both grids
     */
    static void requireSameGrid(ViewerData first, ViewerData second) {
        VolumeGeometry a = first.loaded().volume().geometry();
        VolumeGeometry b = second.loaded().volume().geometry();
        boolean same = Arrays.equals(a.size(), b.size()) && close(a.spacingMm(), b.spacingMm())
                && close(a.originMm(), b.originMm());
        for (int axis = 0; axis < 3 && same; axis++) {
            same = close(a.direction(axis), b.direction(axis));
        }
        if (!same) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the two series are not on the same grid: "
                    + "%s against %s", a, b), null, "compare shows series of one CT grid side by side (a counterfactual "
                    + "and its original, or one CT twice with two SEGs); open other series in two viewers");
        }
    }

    private static boolean close(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - y[i]) > 0.01) {
                return false;
            }
        }
        return true;
    }
}
