package org.liverlens.ui.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.Test;
import org.liverlens.core.TestData;
import org.liverlens.ui.Case0697;
import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.app.Screenshot;

/** Two views of compare mode, driven through real mouse events (off screen). */
class ComparePanelTest {

    private static ComparePanel panel() throws Exception {
        ViewerData a = ViewerData.load(new DicomSeriesService(), Case0697.CT, ViewerPanelTest.TUMOUR,
                Progress.NONE, Cancellation.NONE);
        ViewerData b = ViewerData.load(new DicomSeriesService(), Case0697.CT, null, Progress.NONE,
                Cancellation.NONE);
        return panel(a, b);
    }

    private static ComparePanel panel(ViewerData a, ViewerData b) throws Exception {
        ComparePanel[] panel = new ComparePanel[1];
        SwingUtilities.invokeAndWait(() -> {
            panel[0] = new ComparePanel(a, b);
            Screenshot.render(panel[0], new Dimension(1200, 600));
        });
        return panel[0];
    }

    @Test
    void scrollingOneViewMovesBoth() throws Exception {
        ComparePanel panel = panel();
        int before = panel.right().sliceIndex();
        SliceView left = panel.left();
        SwingUtilities.invokeAndWait(() -> left.dispatchEvent(new MouseWheelEvent(left, MouseEvent.MOUSE_WHEEL, 0, 0,
                100, 100, 0, false, MouseWheelEvent.WHEEL_UNIT_SCROLL, 1, -1)));
        assertEquals(before - 1, panel.right().sliceIndex());
        assertEquals(panel.left().sliceIndex(), panel.right().sliceIndex());
    }

    @Test
    void zoomAndPanInOneViewAreCopiedToTheOther() throws Exception {
        ComparePanel panel = panel();
        SliceView left = panel.left();
        SwingUtilities.invokeAndWait(() -> {
            left.dispatchEvent(new MouseWheelEvent(left, MouseEvent.MOUSE_WHEEL, 0, InputEvent.CTRL_DOWN_MASK,
                    100, 100, 0, false, MouseWheelEvent.WHEEL_UNIT_SCROLL, 1, -2));
            left.dispatchEvent(new MouseEvent(left, MouseEvent.MOUSE_PRESSED, 0, InputEvent.BUTTON2_DOWN_MASK,
                    100, 100, 1, false, MouseEvent.BUTTON2));
            left.dispatchEvent(new MouseEvent(left, MouseEvent.MOUSE_DRAGGED, 0, InputEvent.BUTTON2_DOWN_MASK,
                    150, 130, 0, false, MouseEvent.NOBUTTON));
        });
        assertTrue(left.zoom() > 1.2, "zoomed in: " + left.zoom());
        assertEquals(left.zoom(), panel.right().zoom(), 1e-12);
        assertTrue(left.pan()[0] != 0 && left.pan()[1] != 0, "panned");
        assertArrayEquals(left.pan(), panel.right().pan(), 1e-12);
    }

    @Test
    void seriesOnAnotherGridAreRefused() {
        ViewerData a = ViewerData.load(new DicomSeriesService(), Case0697.CT, null, Progress.NONE,
                Cancellation.NONE);
        ViewerData b = ViewerData.load(new DicomSeriesService(),
                TestData.path("radcttaceomics/1720/31_EQP_Ax5.00mm"), null, Progress.NONE, Cancellation.NONE);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ComparePanel.requireSameGrid(a, b));
        assertTrue(e.getMessage().contains("not on the same grid"), e.getMessage());
    }

    @Test
    void theDifferenceIsWhereTheSecondSeriesDiffersRedWhereBrighterBlueWhereDarker() throws Exception {
        ViewerData a = ViewerData.load(new DicomSeriesService(), Case0697.CT, null, Progress.NONE, Cancellation.NONE);
        ViewerData b = ViewerData.load(new DicomSeriesService(), Case0697.CT, null, Progress.NONE, Cancellation.NONE);
        ComparePanel panel = panel(a, b);
        int[] c = panel.state().crosshair();
        var second = b.loaded().volume();
        // a 9 x 9 patch 100 HU brighter around the crosshair, one 100 HU darker 30 voxels to its right
        for (int j = c[1] - 4; j <= c[1] + 4; j++) {
            for (int i = c[0] - 4; i <= c[0] + 4; i++) {
                second.set(i, j, c[2], (short) (second.get(i, j, c[2]) + 100));
                second.set(i + 30, j, c[2], (short) (second.get(i + 30, j, c[2]) - 100));
            }
        }
        SliceView diff = panel.difference();
        java.awt.image.BufferedImage shot = diff.snapshot();
        java.awt.geom.Point2D brighter = diff.screenOf(new int[] {c[0] + 2, c[1] + 2, c[2]});
        java.awt.geom.Point2D darker = diff.screenOf(new int[] {c[0] + 30, c[1] + 2, c[2]}); // off the crosshair line
        java.awt.geom.Point2D same = diff.screenOf(new int[] {c[0] - 60, c[1] + 40, c[2]});
        assertEquals(DifferenceRenderer.colour(0.5), shot.getRGB((int) brighter.getX(), (int) brighter.getY())
                & 0xffffff, "+100 HU of 200: half-saturated red");
        assertEquals(DifferenceRenderer.colour(-0.5), shot.getRGB((int) darker.getX(), (int) darker.getY())
                & 0xffffff, "-100 HU: half-saturated blue");
        assertEquals(DifferenceRenderer.colour(0), shot.getRGB((int) same.getX(), (int) same.getY()) & 0xffffff,
                "equal: dark grey");
    }

    @Test
    void aCounterfactualSeriesIsMarkedInItsViewAndTheOriginalIsNot() throws Exception {
        ViewerData a = ViewerData.load(new DicomSeriesService(), Case0697.CT, null, Progress.NONE, Cancellation.NONE);
        var header = a.loaded().stack().first();
        assertEquals(null, DerivedSeries.marking(header), "the acquired CT carries no marking");
        var counterfactual = withDescription(header, "COUNTERFACTUAL remove lesion 1");
        assertTrue(DerivedSeries.marking(counterfactual).startsWith("COUNTERFACTUAL"));
        ComparePanel panel = panel(a, a);
        assertEquals(null, panel.left().marking());
        long before = java.util.Arrays.hashCode(pixels(panel.right().snapshot()));
        SwingUtilities.invokeAndWait(() -> panel.right().setMarking(DerivedSeries.marking(counterfactual)));
        java.awt.image.BufferedImage marked = panel.right().snapshot();
        assertTrue(before != java.util.Arrays.hashCode(pixels(marked)), "the marking is drawn");
        assertEquals(0xff8c00, marked.getRGB(3, marked.getHeight() / 2) & 0xffffff, "an orange frame");
    }

    private static int[] pixels(java.awt.image.BufferedImage i) {
        return i.getRGB(0, 0, i.getWidth(), i.getHeight(), null, 0, i.getWidth());
    }

    /** A copy of a header record with another SeriesDescription. */
    private static org.liverlens.core.dicom.SliceHeader withDescription(org.liverlens.core.dicom.SliceHeader h,
                                                                         String description) throws Exception {
        var components = h.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int n = 0; n < components.length; n++) {
            types[n] = components[n].getType();
            values[n] = components[n].getName().equals("seriesDescription") ? description
                    : components[n].getAccessor().invoke(h);
        }
        return (org.liverlens.core.dicom.SliceHeader) h.getClass().getDeclaredConstructor(types).newInstance(values);
    }
}
