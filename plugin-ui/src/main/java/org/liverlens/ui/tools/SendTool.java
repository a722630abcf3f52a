package org.liverlens.ui.tools;

import javax.swing.JComponent;

import org.liverlens.core.service.ExportService;
import org.liverlens.ui.ViewerContext;
import org.liverlens.ui.ViewerTool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Send: the saved SEG to a configured PACS node through the persistent outbox of {@link ExportService}
 * ({@code liverlens send}), with the outbox's jobs listed. Registered only while the service is present.
 */
@Component(service = ViewerTool.class)
public final class SendTool implements ViewerTool {

    @Reference(policy = ReferencePolicy.DYNAMIC)
    private volatile ExportService exportService;

    @Override
    public String name() {
        return "Send";
    }

    @Override
    public JComponent createPanel(ViewerContext context) {
        return new SendPanel(context, () -> exportService);
    }
}
