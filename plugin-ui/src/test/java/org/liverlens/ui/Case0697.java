package org.liverlens.ui;

import java.awt.Dimension;
import java.nio.file.Path;

import javax.swing.SwingUtilities;

import org.liverlens.core.TestData;
import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.app.Screenshot;
import org.liverlens.ui.view.ViewerData;
import org.liverlens.ui.view.ViewerPanel;

/**
 * The real case the viewer's component tests drive: radcttaceomics 0697 (CT, 44 × 5 mm) with its
 * manual tumour SEG (highdicom; the tumour's recommended colour is red in CIELab), loaded once per JVM.
 */
public final class Case0697 {
    public static final Path CT = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm");
    public static final Path TUMOUR = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm_ManualROI_Tumor.dcm");
    private static ViewerData data;

    private Case0697() {
    }

    /** A viewer panel on {@link #data()}, laid out and painted off screen at the window's size (call off the EDT). */
    public static ViewerPanel panel() throws Exception {
        ViewerPanel[] panel = new ViewerPanel[1];
        SwingUtilities.invokeAndWait(() -> {
            panel[0] = new ViewerPanel(data());
            Screenshot.render(panel[0], new Dimension(1400, 860));
        });
        return panel[0];
    }

    /** The CT with the tumour SEG as the viewer loads it. */
    public static synchronized ViewerData data() {
        if (data == null) {
            data = ViewerData.load(new DicomSeriesService(), CT, TUMOUR, Progress.NONE, Cancellation.NONE);
        }
        return data;
    }
}
