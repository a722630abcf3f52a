package org.liverlens.ui.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.util.List;

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
    void bothSeriesHaveCoronalAndSagittalReformatsOnTheCrosshair() throws Exception {
        ComparePanel panel = panel();
        int[] c = panel.state().crosshair();
        for (Plane p : List.of(Plane.CORONAL, Plane.SAGITTAL)) {
            for (SliceView v : List.of(panel.left(p), panel.right(p), panel.difference(p))) {
                assertEquals(p, v.plane());
                assertTrue(v.getWidth() > 150 && v.getHeight() > 150, p + " laid out: " + v.getSize());
                assertEquals(c[p == Plane.CORONAL ? 1 : 0], v.sliceIndex(), p + " through the crosshair");
            }
            // The same CT on both sides: the reformats agree except where (1) draws its SEG.
            int[] a = pixels(panel.left(p).snapshot());
            int[] b = pixels(panel.right(p).snapshot());
            int differ = 0;
            for (int i = 0; i < a.length; i++) {
                differ += a[i] != b[i] ? 1 : 0;
            }
            assertTrue(differ > 0 && differ < a.length / 20, p + ": pixels that differ (the tumour overlay) " + differ);
        }
    }

    @Test
    void aClickInAReformatMovesTheCrosshairOfEveryViewAndWindowingOneWindowsAll() throws Exception {
        ComparePanel panel = panel();
        SliceView coronal = panel.right(Plane.CORONAL);
        int before = panel.left().sliceIndex();
        java.awt.geom.Point2D at = coronal.screenOf(new int[] {0, 0, before + 5});
        java.awt.geom.Point2D centre = coronal.screenOf(panel.state().crosshair());
        SwingUtilities.invokeAndWait(() -> {
            coronal.dispatchEvent(new MouseEvent(coronal, MouseEvent.MOUSE_PRESSED, 0, InputEvent.BUTTON1_DOWN_MASK,
                    (int) centre.getX(), (int) at.getY(), 1, false, MouseEvent.BUTTON1));
            coronal.dispatchEvent(new MouseEvent(coronal, MouseEvent.MOUSE_RELEASED, 0, 0, (int) centre.getX(),
                    (int) at.getY(), 1, false, MouseEvent.BUTTON1));
        });
        assertEquals(before + 5, panel.left().sliceIndex(), "(1)'s axial view follows a click in (2)'s coronal");
        assertEquals(before + 5, panel.difference().sliceIndex());
        SliceView sagittal = panel.left(Plane.SAGITTAL);
        int[] shown = pixels(panel.right(Plane.SAGITTAL).snapshot());
        SwingUtilities.invokeAndWait(() -> {
            sagittal.dispatchEvent(new MouseEvent(sagittal, MouseEvent.MOUSE_PRESSED, 0, InputEvent.BUTTON3_DOWN_MASK,
                    50, 50, 1, false, MouseEvent.BUTTON3));
            sagittal.dispatchEvent(new MouseEvent(sagittal, MouseEvent.MOUSE_DRAGGED, 0, InputEvent.BUTTON3_DOWN_MASK,
                    150, 50, 0, false, MouseEvent.NOBUTTON));
        });
        assertEquals(ViewState.ABDOMEN.width() + 200, panel.state().windowWidth(), 1e-9);
        assertNotEquals(java.util.Arrays.hashCode(shown), java.util.Arrays.hashCode(pixels(
                panel.right(Plane.SAGITTAL).snapshot())), "(2)'s sagittal view is drawn in the new window");
    }

    @Test
    void zoomAndPanInOneViewAreCopiedToTheOtherViewsOfItsPlaneOnly() throws Exception {
        for (Plane plane : Plane.values()) {
            ComparePanel panel = panel();
            SliceView left = panel.left(plane);
            SwingUtilities.invokeAndWait(() -> {
                left.dispatchEvent(new MouseWheelEvent(left, MouseEvent.MOUSE_WHEEL, 0, InputEvent.CTRL_DOWN_MASK,
                        60, 60, 0, false, MouseWheelEvent.WHEEL_UNIT_SCROLL, 1, -2));
                left.dispatchEvent(new MouseEvent(left, MouseEvent.MOUSE_PRESSED, 0, InputEvent.BUTTON2_DOWN_MASK,
                        60, 60, 1, false, MouseEvent.BUTTON2));
                left.dispatchEvent(new MouseEvent(left, MouseEvent.MOUSE_DRAGGED, 0, InputEvent.BUTTON2_DOWN_MASK,
                        90, 80, 0, false, MouseEvent.NOBUTTON));
            });
            assertTrue(left.zoom() > 1.2, plane + " zoomed in: " + left.zoom());
            assertTrue(left.pan()[0] != 0 && left.pan()[1] != 0, plane + " panned");
            for (SliceView other : List.of(panel.right(plane), panel.difference(plane))) {
                assertEquals(left.zoom(), other.zoom(), 1e-12);
                assertArrayEquals(left.pan(), other.pan(), 1e-12);
            }
            for (Plane p : Plane.values()) {
                if (p != plane) {
                    assertEquals(1, panel.right(p).zoom(), 1e-12, "the " + p + " views keep their own camera");
                }
            }
        }
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
