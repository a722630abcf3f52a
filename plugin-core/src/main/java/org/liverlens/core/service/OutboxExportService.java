package org.liverlens.core.service;

import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.export.OutboxSender;
import org.liverlens.core.export.PacsClient;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.export.PacsNode;
import org.liverlens.core.export.SendReport;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;
import org.osgi.service.component.annotations.Component;

/** The {@link ExportService} DS component: delegates to {@link PacsExport} on the user folder and the process environment. */
@Component(service = ExportService.class)
public final class OutboxExportService implements ExportService {
    private final PacsExport export = new PacsExport(UserHome.fromEnvironment(), System.getenv());

    @Override
    public List<PacsNode> nodes() {
        return export.config().nodes();
    }

    @Override
    public PacsClient.EchoResult echo(String destination) {
        return export.echo(destination);
    }

    @Override
    public SendReport send(List<Path> paths, String destination, OutboxSender.Options options, Progress progress,
                           Cancellation cancel) {
        return export.send(paths, destination, options, progress, cancel);
    }

    @Override
    public List<SendReport> flush(boolean dueOnly, OutboxSender.Options options, Progress progress, Cancellation cancel) {
        return export.flush(dueOnly, options, progress, cancel);
    }

    @Override
    public List<PacsExport.JobSummary> outbox() {
        return export.list();
    }
}
