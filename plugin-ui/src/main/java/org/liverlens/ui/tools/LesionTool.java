package org.liverlens.ui.tools;

import javax.swing.JComponent;

import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.service.PromptService;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.ViewerTool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The lesion tool: positive and negative clicks and a box on the axial view become a lesion segment
 * through {@link PromptService}. Registered only while a prompt service is present (a small factory
 * with {@link #isCompatible}, as Weasis' RtDisplayToolFactory); offered for CT series.
 */
@Component(service = ViewerTool.class)
public final class LesionTool implements ViewerTool {

    @Reference(policy = ReferencePolicy.DYNAMIC)
    private volatile PromptService promptService;

    @Override
    public String name() {
        return "Lesion";
    }

    @Override
    public boolean isCompatible(SeriesInfo series) {
        return "CT".equals(series.modality());
    }

    @Override
    public JComponent createPanel(ViewerContext context) {
        return new LesionPanel(context, () -> promptService);
    }
}
