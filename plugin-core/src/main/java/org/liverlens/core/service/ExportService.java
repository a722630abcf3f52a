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

/** Sends DICOM objects (SEG, derived series) to PACS nodes through the persistent outbox. */
public interface ExportService {

    /** The PACS nodes configured in the user folder. */
    List<PacsNode> nodes();

    /** Checks that a node (name or URI) answers: C-ECHO or a QIDO-RS probe. */
    PacsClient.EchoResult echo(String destination);

    /** Queues files or folders for a node name or URI, then delivers them; the report lists every instance. */
    SendReport send(List<Path> paths, String destination, OutboxSender.Options options, Progress progress,
                    Cancellation cancel);

    /** Delivers what is queued; with {@code dueOnly}, only jobs whose retry back-off has run out. */
    List<SendReport> flush(boolean dueOnly, OutboxSender.Options options, Progress progress, Cancellation cancel);

    /** The jobs in the outbox. */
    List<PacsExport.JobSummary> outbox();
}
