package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.liverlens.core.export.Outbox;
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
import picocli.CommandLine.Spec;

/** {@code liverlens outbox flush}: send every queued job now. */
@Command(name = "flush", mixinStandardHelpOptions = true,
        description = "Send every queued job now (instances the PACS refused before are tried again). Jobs another "
                + "process is sending are left alone; damaged jobs are set aside (kept, listed) and the others sent. "
                + "Exit code 4 if a PACS cannot be reached, 5 if instances fail or damaged jobs were set aside.")
final class OutboxFlushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    OutboxCommand parent;

    @Mixin
    DeliveryOptions delivery;

    @Option(names = "--due-only", description = "Only jobs whose retry back-off has run out (for scheduled flushes).")
    boolean dueOnly;

    @Override
    public Integer call() {
        PacsExport export = new PacsExport(UserHome.fromEnvironment(), System.getenv());
        List<SendReport> reports = export.flush(dueOnly, delivery.options(), parent.parent.progress(), Cancellation.NONE);
        List<Outbox.DamagedJob> damaged = export.damaged();
        PrintWriter out = spec.commandLine().getOut();
        if (reports.isEmpty() && damaged.isEmpty() && !delivery.json) {
            out.println("nothing to send: the outbox is empty, or its jobs are being sent by another process");
            out.flush();
            return ExitCodes.OK;
        }
        delivery.report(reports, damaged, out);
        return ExitCodes.OK;
    }
}
