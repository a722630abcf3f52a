package org.liverlens.ui.series;

import javax.swing.JComponent;

import org.liverlens.core.service.SeriesService;
import org.liverlens.ui.ViewerTool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The series browser: scans a folder for CT series through {@link SeriesService}. The reference is
 * mandatory, so the tool is registered only while a series service is present; it is dynamic, so a
 * replacement service is picked up without restarting the tool.
 */
@Component(service = ViewerTool.class)
public final class SeriesBrowserTool implements ViewerTool {

    @Reference(policy = ReferencePolicy.DYNAMIC)
    private volatile SeriesService seriesService;

    @Override
    public String name() {
        return "Series";
    }

    @Override
    public JComponent createPanel() {
        // The panel asks for the service at each use: it may have been replaced since.
        return new SeriesBrowserPanel(() -> seriesService);
    }
}
