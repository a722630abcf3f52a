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
}
