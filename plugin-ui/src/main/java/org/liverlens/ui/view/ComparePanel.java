package org.liverlens.ui.view;

import java.awt.BorderLayout;
import java.awt.GridLayout;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.swing.JPanel;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * Two series on the same grid side by side (original against counterfactual, or one CT with two
 * segmentations), and their signed HU difference (second − first) with its colour bar: three
 * columns, (1), (2) and the difference, each with an axial view above its coronal and sagittal
 * reformats (ImgLib2 hyper-slices of the loaded volumes, as in the single viewer; the difference is
 * computed per screen pixel). All nine views share one {@link ViewState}, so crosshair, slices and
 * window are the same by construction; zoom and pan are copied from the view that changed to the
 * other views of its plane. A derived series (a counterfactual) carries its marking in its views.
 */
public final class ComparePanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final transient ViewState state;
    /** Per plane: the first series' view, the second's, and the difference's. */
    private final Map<Plane, SliceView[]> views = new EnumMap<>(Plane.class);
    private final javax.swing.JLabel readout = new javax.swing.JLabel(" ");
    /** The difference view's scale: ±this many HU saturate. */
    static final double DIFFERENCE_RANGE_HU = 200;

    public ComparePanel(ViewerData first, ViewerData second) {
        super(new BorderLayout());
        requireSameGrid(first, second);
        state = new ViewState(first.loaded().volume().geometry());
        int[] start = first.startVoxel();
        state.setCrosshair(start[0], start[1], start[2]);
        HuVolume a = first.loaded().volume();
        HuVolume b = second.loaded().volume();
        String[] captions = {"(1) " + shortened(first.loaded().stack().first().seriesDescription()),
            "(2) " + shortened(second.loaded().stack().first().seriesDescription()), "difference (2) \u2212 (1)"};
        String[] markings = {DerivedSeries.marking(first.loaded().stack().first()),
            DerivedSeries.marking(second.loaded().stack().first()), null};
        for (Plane p : Plane.values()) {
            SliceView difference = new SliceView(a, state, List.of(), p);
            difference.setPixels((index, camera, w, h) -> DifferenceRenderer.render(a, b, p, index, camera, w, h,
                    DIFFERENCE_RANGE_HU));
            SliceView[] row = {new SliceView(a, state, first.layers(), p), new SliceView(b, state, second.layers(), p),
                difference};
            for (int c = 0; c < row.length; c++) {
                SliceView v = row[c];
                v.setCaption(captions[c]);
                v.setMarking(markings[c]);
                v.setCameraListener(() -> Arrays.stream(row).filter(o -> o != v).forEach(o -> follow(v, o)));
                v.setReadoutListener(voxel -> showReadout(a, b, voxel));
            }
            views.put(p, row);
        }
        SliceView axialDifference = difference();
        axialDifference.setDecoration(g -> DifferenceRenderer.colourBar(g, axialDifference.getWidth(),
                axialDifference.getHeight(), DIFFERENCE_RANGE_HU));
        JPanel grid = new JPanel(new GridLayout(1, 3, 4, 0));
        for (int c = 0; c < 3; c++) {
            JPanel column = new JPanel(new GridLayout(2, 1, 0, 2));
            column.add(views.get(Plane.AXIAL)[c]);
            JPanel reformats = new JPanel(new GridLayout(1, 2, 2, 0));
            reformats.add(views.get(Plane.CORONAL)[c]);
            reformats.add(views.get(Plane.SAGITTAL)[c]);
            column.add(reformats);
            grid.add(column);
        }
        add(grid, BorderLayout.CENTER);
        readout.setBorder(javax.swing.BorderFactory.createEmptyBorder(3, 6, 3, 6));
        add(readout, BorderLayout.SOUTH);
    }

    public ViewState state() {
        return state;
    }

    /** The first series' axial view. */
    public SliceView left() {
        return left(Plane.AXIAL);
    }

    /** The second series' axial view. */
    public SliceView right() {
        return right(Plane.AXIAL);
    }

    /** The axial view of the difference. */
    public SliceView difference() {
        return difference(Plane.AXIAL);
    }

    public SliceView left(Plane plane) {
        return views.get(plane)[0];
    }

    public SliceView right(Plane plane) {
        return views.get(plane)[1];
    }

    public SliceView difference(Plane plane) {
        return views.get(plane)[2];
    }

    /** A series description short enough for a caption beside the plane's name. */
    private static String shortened(String description) {
        String d = description == null ? "" : description.strip();
        return d.length() <= 22 ? d : d.substring(0, 21) + "\u2026";
    }

    /** The status line: both HU values under the cursor and their difference. */
    public String readoutText() {
        return readout.getText();
    }

    private void showReadout(HuVolume a, HuVolume b, int[] v) {
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
