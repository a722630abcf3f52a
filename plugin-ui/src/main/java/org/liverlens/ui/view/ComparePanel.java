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
 * CT with two segmentations), and a third view of their signed HU difference (second − first) with
 * its colour bar. The views share one {@link ViewState}, so slice, crosshair and window are the same
 * by construction; zoom and pan are copied from the view that changed to the others. A derived
 * series (a counterfactual) carries its marking in its view.
 */
public final class ComparePanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final transient ViewState state;
    private final SliceView left;
    private final SliceView right;
    private final SliceView difference;
    private final javax.swing.JLabel readout = new javax.swing.JLabel(" ");
    /** The difference view's scale: ±this many HU saturate. */
    static final double DIFFERENCE_RANGE_HU = 200;

    public ComparePanel(ViewerData first, ViewerData second) {
        super(new BorderLayout());
        requireSameGrid(first, second);
        state = new ViewState(first.loaded().volume().geometry());
        int[] start = first.startVoxel();
        state.setCrosshair(start[0], start[1], start[2]);
        left = new SliceView(first.loaded().volume(), state, first.layers(), Plane.AXIAL);
        right = new SliceView(second.loaded().volume(), state, second.layers(), Plane.AXIAL);
        var a = first.loaded().volume();
        var b = second.loaded().volume();
        difference = new SliceView(a, state, java.util.List.of(), Plane.AXIAL);
        difference.setPixels((index, camera, w, h) -> DifferenceRenderer.render(a, b, Plane.AXIAL, index, camera, w, h,
                DIFFERENCE_RANGE_HU));
        difference.setDecoration(g -> DifferenceRenderer.colourBar(g, difference.getWidth(), difference.getHeight(),
                DIFFERENCE_RANGE_HU));
        left.setCaption("(1) " + shortened(first.loaded().stack().first().seriesDescription()));
        right.setCaption("(2) " + shortened(second.loaded().stack().first().seriesDescription()));
        difference.setCaption("difference (2) − (1)");
        left.setMarking(DerivedSeries.marking(first.loaded().stack().first()));
        right.setMarking(DerivedSeries.marking(second.loaded().stack().first()));
        java.util.List<SliceView> all = java.util.List.of(left, right, difference);
        for (SliceView v : all) {
            v.setCameraListener(() -> all.stream().filter(o -> o != v).forEach(o -> follow(v, o)));
            v.setReadoutListener(voxel -> showReadout(a, b, voxel));
        }
        JPanel grid = new JPanel(new GridLayout(1, 3, 2, 2));
        grid.add(left);
        grid.add(right);
        grid.add(difference);
        add(grid, BorderLayout.CENTER);
        readout.setBorder(javax.swing.BorderFactory.createEmptyBorder(3, 6, 3, 6));
        add(readout, BorderLayout.SOUTH);
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

    /** A series description short enough for a caption beside the plane's name. */
    private static String shortened(String description) {
        String d = description == null ? "" : description.strip();
        return d.length() <= 22 ? d : d.substring(0, 21) + "\u2026";
    }

    public SliceView difference() {
        return difference;
    }

    /** The status line: both HU values under the cursor and their difference. */
    public String readoutText() {
        return readout.getText();
    }

    private void showReadout(org.liverlens.core.volume.HuVolume a, org.liverlens.core.volume.HuVolume b, int[] v) {
        if (v == null) {
            readout.setText(" ");
            return;
        }
        int ha = a.get(v[0], v[1], v[2]);
        int hb = b.get(v[0], v[1], v[2]);
        readout.setText(String.format(Locale.ROOT, "voxel (%d, %d, %d)   HU (1) %d   (2) %d   difference %+d", v[0],
                v[1], v[2], ha, hb, hb - ha));
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
