package org.liverlens.ui;

import java.nio.file.Path;

import org.liverlens.core.TestData;
import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.ui.view.ViewerData;

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

    /** The CT with the tumour SEG as the viewer loads it. */
    public static synchronized ViewerData data() {
        if (data == null) {
            data = ViewerData.load(new DicomSeriesService(), CT, TUMOUR, Progress.NONE, Cancellation.NONE);
        }
        return data;
    }
}
