package org.liverlens.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Point;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.SegReader;
import org.liverlens.ui.Case0697;
import org.liverlens.ui.app.Screenshot;

/**
 * Drives the real viewer components (headless: laid out and painted off screen) on the
 * radcttaceomics case 0697 with its manual tumour SEG (highdicom; the tumour's recommended colour
 * is red in CIELab).
 */
class ViewerPanelTest {
    static final Path TUMOUR = Case0697.TUMOUR;
    static ViewerData data;

    @BeforeAll
    static void load() {
        data = Case0697.data();
    }

    @Test
    void segmentShowsInItsRecommendedColourAtTheLesionInTheAxialView() throws Exception {
        ViewerPanel panel = Case0697.panel();
        SegmentLayer tumour = data.layers().get(0);
        int[] rgb = CieLab.toRgb(new SegReader().read(TUMOUR).segments().get(0).cieLab());
        int expected = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
        assertEquals(expected, tumour.rgb(), "layer colour is the SEG's RecommendedDisplayCIELabValue");
        assertTrue(rgb[0] > 150 && rgb[1] < 100 && rgb[2] < 100, "the tumour is red: " + java.util.Arrays.toString(rgb));

        BufferedImage shot = Screenshot.render(panel, new java.awt.Dimension(1400, 860));
        SliceView axial = panel.view(Plane.AXIAL);
        Point origin = SwingUtilities.convertPoint(axial, 0, 0, panel);
        Point2D lesion = axial.screenOf(panel.state().crosshair());
        int cx = origin.x + (int) lesion.getX();
        int cy = origin.y + (int) lesion.getY();
        assertTrue(axial.getWidth() > 300, "axial view laid out: " + axial.getSize());
        int near = countColour(shot, expected, cx - 40, cy - 40, cx + 40, cy + 40);
        assertTrue(near >= 10, "outline pixels in the SEG colour within 40 px of the crosshair: " + near);
        int far = countColour(shot, expected, origin.x, origin.y, origin.x + 30, origin.y + 30);
        assertEquals(0, far, "no SEG colour in the axial view's corner");
    }

    @Test
    void startsOnTheLargestLesionsRecistSlice() {
        var lesion = data.overlay().findings().lesions().get(0);
        int[] start = data.startVoxel();
        assertEquals(lesion.recist().slice(), start[2]);
        assertEquals(Math.round(lesion.centroidVoxel()[0]), start[0]);
        assertEquals(Math.round(lesion.centroidVoxel()[1]), start[1]);
    }

    @Test
    void windowLabelStaysClearOfTheLowerLeftCornerWhereACounterfactualIsMarked() throws Exception {
        ViewerPanel panel = Case0697.panel();
        SliceView axial = panel.view(Plane.AXIAL);
        // air is black in both windows, so only the W/L label changes pixels in the corners
        panel.state().setWindow(ViewState.ABDOMEN);
        BufferedImage a = axial.snapshot();
        panel.state().setWindow(ViewState.LIVER);
        BufferedImage b = axial.snapshot();
        int w = a.getWidth();
        int h = a.getHeight();
        assertEquals(0, differing(a, b, 0, h - 24, 140, h), "nothing of the W/L label in the lower-left corner");
        assertTrue(differing(a, b, w - 140, 0, w, 24) > 0, "the W/L label is in the top-right corner");
    }

    private static int differing(BufferedImage a, BufferedImage b, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                n += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void theLargestLesionsCalipersAreDrawnOnItsRecistSliceOnly() throws Exception {
        ViewerPanel panel = Case0697.panel();
        SliceView axial = panel.view(Plane.AXIAL);
        var lesion = data.overlay().findings().lesions().get(0);
        long with = checksum(axial.snapshot());
        axial.setCalipers(null);
        assertNotEquals(with, checksum(axial.snapshot()), "calipers drawn on the RECIST slice");
        panel.state().step(2, 1);
        long other = checksum(axial.snapshot());
        axial.setCalipers(lesion);
        assertEquals(other, checksum(axial.snapshot()), "and not on another slice");
    }

    @Test
    void scrollingChangesTheSlice() throws Exception {
        ViewerPanel panel = Case0697.panel();
        SliceView axial = panel.view(Plane.AXIAL);
        int before = axial.sliceIndex();
        BufferedImage a = axial.snapshot();
        SwingUtilities.invokeAndWait(() -> axial.dispatchEvent(new MouseWheelEvent(axial, MouseEvent.MOUSE_WHEEL,
                0, 0, 200, 200, 0, false, MouseWheelEvent.WHEEL_UNIT_SCROLL, 1, 1)));
        assertEquals(before + 1, axial.sliceIndex());
        assertEquals(before + 1, panel.state().crosshair()[2], "the other views follow");
        assertNotEquals(checksum(a), checksum(axial.snapshot()), "the axial view shows another slice");
    }

    @Test
    void rightDragChangesTheWindowAndThePixelValues() throws Exception {
        ViewerPanel panel = Case0697.panel();
        SliceView axial = panel.view(Plane.AXIAL);
        BufferedImage before = axial.snapshot();
        double width = panel.state().windowWidth();
        SwingUtilities.invokeAndWait(() -> {
            axial.dispatchEvent(new MouseEvent(axial, MouseEvent.MOUSE_PRESSED, 0, InputEvent.BUTTON3_DOWN_MASK,
                    100, 100, 1, false, MouseEvent.BUTTON3));
            axial.dispatchEvent(new MouseEvent(axial, MouseEvent.MOUSE_DRAGGED, 0, InputEvent.BUTTON3_DOWN_MASK,
                    300, 100, 0, false, MouseEvent.NOBUTTON));
        });
        assertEquals(width + 400, panel.state().windowWidth(), 1e-9);
        BufferedImage after = axial.snapshot();
        int cx = axial.getWidth() / 2;
        int cy = axial.getHeight() / 2;
        assertNotEquals(before.getRGB(cx, cy), after.getRGB(cx, cy), "the soft tissue at the centre is drawn darker");
    }

    @Test
    void theReadoutGivesTheHuAndThePatientPositionUnderTheCursor() throws Exception {
        ViewerPanel panel = Case0697.panel();
        SliceView axial = panel.view(Plane.AXIAL);
        int[] c = panel.state().crosshair();
        Point2D at = axial.screenOf(c);
        SwingUtilities.invokeAndWait(() -> axial.dispatchEvent(new MouseEvent(axial, MouseEvent.MOUSE_MOVED, 0, 0,
                (int) at.getX(), (int) at.getY(), 0, false)));
        var ct = data.loaded().volume();
        double[] mm = ct.geometry().toMm(c[0], c[1], c[2]);
        String text = panel.readoutText();
        assertTrue(text.startsWith("HU " + ct.get(c[0], c[1], c[2]) + " "), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "voxel (%d, %d, %d)", c[0], c[1], c[2])), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "LPS (%.1f, %.1f, %.1f) mm", mm[0], mm[1],
                mm[2])), text);
    }

    @Test
    void theTableHidesASegmentAndSetsItsFillOpacity() throws Exception {
        ViewerPanel panel = Case0697.panel();
        SliceView axial = panel.view(Plane.AXIAL);
        javax.swing.JTable table = panel.segmentPanel().table();
        SegmentLayer tumour = panel.segmentation().layers().get(0);
        try {
            long before = checksum(axial.snapshot());
            SwingUtilities.invokeAndWait(() -> table.setValueAt(80, 0, 2));
            assertEquals(0.8, tumour.opacity(), 1e-9);
            assertNotEquals(before, checksum(axial.snapshot()), "the fill is drawn more opaque");
            SwingUtilities.invokeAndWait(() -> table.setValueAt(false, 0, 1));
            BufferedImage hidden = axial.snapshot();
            assertEquals(0, countColour(hidden, tumour.rgb(), 0, 0, hidden.getWidth(), hidden.getHeight()),
                    "a hidden segment is not drawn");
        } finally { // the layers are shared with the other tests of this JVM
            SwingUtilities.invokeAndWait(() -> {
                table.setValueAt(true, 0, 1);
                table.setValueAt(30, 0, 2);
            });
        }
    }

    @Test
    void thePresetButtonsSetTheirWindow() throws Exception {
        ViewerPanel panel = Case0697.panel();
        for (ViewState.Window preset : ViewState.PRESETS) {
            javax.swing.JButton button = buttonNamed(panel, preset.name());
            SwingUtilities.invokeAndWait(button::doClick);
            assertEquals(preset.width(), panel.state().windowWidth(), 1e-9, preset.name());
            assertEquals(preset.level(), panel.state().windowLevel(), 1e-9, preset.name());
        }
    }

    /** The reformats are hyper-slices of the loaded volume: a change of its voxels is what they show next. */
    @Test
    void theReformatsAreViewsOfTheVolumeNotCopies() throws Exception {
        ViewerData fresh = ViewerData.load(new org.liverlens.core.service.DicomSeriesService(), Case0697.CT, null,
                org.liverlens.core.work.Progress.NONE, org.liverlens.core.work.Cancellation.NONE);
        ViewerPanel[] panel = new ViewerPanel[1];
        SwingUtilities.invokeAndWait(() -> {
            panel[0] = new ViewerPanel(fresh);
            Screenshot.render(panel[0], new java.awt.Dimension(1400, 860));
        });
        int[] c = panel[0].state().crosshair();
        long coronal = checksum(panel[0].view(Plane.CORONAL).snapshot());
        long sagittal = checksum(panel[0].view(Plane.SAGITTAL).snapshot());
        var ct = fresh.loaded().volume();
        for (int k = c[2] - 2; k <= c[2] + 2; k++) {
            for (int j = c[1] - 15; j <= c[1] + 15; j++) {
                for (int i = c[0] - 15; i <= c[0] + 15; i++) {
                    ct.set(i, j, k, (short) 1500);
                }
            }
        }
        assertNotEquals(coronal, checksum(panel[0].view(Plane.CORONAL).snapshot()), "the coronal view shows the change");
        assertNotEquals(sagittal, checksum(panel[0].view(Plane.SAGITTAL).snapshot()), "and the sagittal view");
    }

    private static javax.swing.JButton buttonNamed(java.awt.Container c, String text) {
        for (java.awt.Component child : c.getComponents()) {
            if (child instanceof javax.swing.JButton b && text.equals(b.getText())) {
                return b;
            }
            if (child instanceof java.awt.Container inner) {
                javax.swing.JButton found = buttonNamed(inner, text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static int countColour(BufferedImage image, int rgb, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long checksum(BufferedImage image) {
        long sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                sum = sum * 31 + image.getRGB(x, y);
            }
        }
        return sum;
    }
}
