package org.liverlens.core.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.liverlens.core.export.PacsExport;
import org.liverlens.core.export.SendReport;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liverlens send PATH... --to NODE [--verify]}: queue in the outbox, send, report every instance. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send DICOM files (or the DICOM files in folders) to a PACS through the outbox: the job is written "
                + "to ~/.liverlens/outbox before anything is sent, and leaves it only when the PACS has confirmed every "
                + "instance.",
            "Exit codes: 3 input that is not DICOM (nothing queued), 4 PACS unreachable or refusing (the job stays "
                + "queued: 'liverlens outbox flush' later), 5 some instances refused (each listed)."})
final class SendCommand implements Callable<Integer> {
    @ParentCommand
    LiverLensCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "DICOM files or folders (searched recursively).")
    List<Path> paths;

    @Option(names = "--to", required = true, paramLabel = "NODE",
            description = "A configured node, dicom://AET@host:port, or a DICOMweb base URL (http(s)://host/dicom-web).")
    String to;

    @Mixin
    DeliveryOptions delivery;

    @Override
    public Integer call() {
        PacsExport export = new PacsExport(UserHome.fromEnvironment(), System.getenv());
        SendReport report = export.send(paths, to, delivery.options(), parent.progress(), Cancellation.NONE);
        delivery.report(List.of(report), List.of(), spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
