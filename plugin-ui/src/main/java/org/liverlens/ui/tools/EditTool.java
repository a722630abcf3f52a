package org.liverlens.ui.tools;

import javax.swing.JComponent;

import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.service.EditService;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.ViewerTool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Counterfactual edit: an instruction ("remove lesion 1") carried out by {@link EditService} on the
 * shown CT and its segments, written as a derived series and opened beside the original. Registered
 * only while the service is present; offered for CT series.
 */
@Component(service = ViewerTool.class)
public final class EditTool implements ViewerTool {

    @Reference(policy = ReferencePolicy.DYNAMIC)
    private volatile EditService editService;

    @Override
    public String name() {
        return "Edit";
    }

    @Override
    public boolean isCompatible(SeriesInfo series) {
        return "CT".equals(series.modality());
    }

    @Override
    public JComponent createPanel(ViewerContext context) {
        return new EditPanel(context, () -> editService);
    }
}
