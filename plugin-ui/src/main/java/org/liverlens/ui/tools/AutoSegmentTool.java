package org.liverlens.ui.tools;

import javax.swing.JComponent;

import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.service.SegmentationService;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.ViewerTool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Auto segment: the liver and its lesions by the model, through {@link SegmentationService} and the
 * workflow {@code liverlens segment} runs. Registered only while the service is present; offered for
 * CT series.
 */
@Component(service = ViewerTool.class)
public final class AutoSegmentTool implements ViewerTool {

    @Reference(policy = ReferencePolicy.DYNAMIC)
    private volatile SegmentationService segmentationService;

    @Override
    public String name() {
        return "Auto segment";
    }

    @Override
    public boolean isCompatible(SeriesInfo series) {
        return "CT".equals(series.modality());
    }

    @Override
    public JComponent createPanel(ViewerContext context) {
        return new AutoSegmentPanel(context, () -> segmentationService);
    }
}
