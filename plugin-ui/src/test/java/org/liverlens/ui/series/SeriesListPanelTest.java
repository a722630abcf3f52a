package org.liverlens.ui.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Component;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.ImageIcon;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.SwingUtilities;

import org.junit.jupiter.api.Test;
import org.liverlens.core.dicom.Problem;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.Case0697;
import org.liverlens.ui.view.ViewerData;

/**
 * The series list on radcttaceomics case 0697's folder: its axial CT (with a coronal reformat that
 * shares the SeriesInstanceUID, which {@code info} reports) and the manual liver and tumour SEGs.
 */
class SeriesListPanelTest {

    private static SeriesListPanel panel(ScanResult scan, SeriesInfo shown, AtomicReference<SeriesInfo> opened)
            throws Exception {
        ViewerData data = Case0697.data();
        SeriesListPanel[] p = new SeriesListPanel[1];
        SwingUtilities.invokeAndWait(() -> p[0] = new SeriesListPanel(scan, shown, data.loaded().volume(), List.of(),
                new DicomSeriesService(), opened::set));
        return p[0];
    }

    private static ScanResult caseFolder() {
        return new DicomSeriesService().scan(Case0697.CT.getParent(), Progress.NONE, Cancellation.NONE);
    }

    private static SeriesInfo ct(ScanResult scan) {
        return scan.series().stream().filter(s -> "CT".equals(s.modality())).findFirst().orElseThrow();
    }

    private static JLabel row(SeriesListPanel panel, int index) {
        JList<SeriesInfo> list = panel.seriesList();
        Component c = list.getCellRenderer().getListCellRendererComponent(list, list.getModel().getElementAt(index),
                index, false, false);
        return (JLabel) c;
    }

    @Test
    void everySeriesIsListedWithTheProblemsInfoReports() throws Exception {
        ScanResult scan = caseFolder();
        SeriesInfo ct = ct(scan);
        assertFalse(ct.problems().isEmpty(), "info reports the reformat in the axial series");
        SeriesListPanel panel = panel(scan, ct, new AtomicReference<>());
        assertEquals(scan.series().size(), panel.seriesList().getModel().getSize());
        int index = scan.series().indexOf(ct);
        String text = row(panel, index).getText();
        for (Problem p : ct.problems()) {
            assertTrue(text.contains((p.blocking() ? "error: " : "warning: ")), text);
        }
        assertTrue(text.contains("\u25b6"), "the shown series is marked: " + text);
        List<String> modalities = new ArrayList<>();
        for (int i = 0; i < scan.series().size(); i++) {
            modalities.add(scan.series().get(i).modality());
        }
        assertTrue(modalities.contains("SEG"), "the SEGs are listed too: " + modalities);
    }

    @Test
    void theShownSeriesHasAThumbnailOfItsImageAndTheOthersGetTheirsFromAWorker() throws Exception {
        ScanResult scan = caseFolder();
        SeriesInfo ct = ct(scan);
        SeriesListPanel panel = panel(scan, ct, new AtomicReference<>());
        ImageIcon icon = (ImageIcon) row(panel, scan.series().indexOf(ct)).getIcon();
        BufferedImage image = (BufferedImage) icon.getImage();
        assertEquals(SeriesListPanel.THUMB, image.getWidth());
        long distinct = java.util.Arrays.stream(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0,
                image.getWidth())).distinct().count();
        assertTrue(distinct > 20, "the thumbnail shows the CT, not a blank: " + distinct + " colours");
        for (int i = 0; i < 200 && !scan.series().stream().allMatch(panel::hasThumbnail); i++) {
            Thread.sleep(50);
        }
        assertTrue(scan.series().stream().allMatch(panel::hasThumbnail), "every series has its picture");
    }

    @Test
    void aDoubleClickOnAnotherSeriesOpensIt() throws Exception {
        ScanResult scan = caseFolder();
        SeriesInfo ct = ct(scan);
        AtomicReference<SeriesInfo> opened = new AtomicReference<>();
        SeriesListPanel panel = panel(scan, ct, opened);
        JList<SeriesInfo> list = panel.seriesList();
        int other = scan.series().indexOf(ct) == 0 ? 1 : 0;
        SwingUtilities.invokeAndWait(() -> {
            list.setSize(400, 800);
            list.doLayout();
            java.awt.Rectangle r = list.getCellBounds(other, other);
            list.dispatchEvent(new MouseEvent(list, MouseEvent.MOUSE_CLICKED, 0, 0, r.x + 5, r.y + 5, 2, false,
                    MouseEvent.BUTTON1));
        });
        assertEquals(scan.series().get(other), opened.get());
    }
}
