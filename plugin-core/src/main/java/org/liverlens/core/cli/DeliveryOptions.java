package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.util.List;

import org.liverlens.core.export.Outbox;
import org.liverlens.core.export.OutboxSender;
import org.liverlens.core.export.SendReport;

import picocli.CommandLine.Option;

/** The options {@code send} and {@code outbox flush} share, and how both report: every instance, then the exit code. */
final class DeliveryOptions {
    @Option(names = "--verify", description = "Afterwards ask the PACS what it holds (C-FIND at IMAGE level or QIDO-RS) "
            + "and report any instance it does not have.")
    boolean verify;

    @Option(names = "--retries", defaultValue = "2", paramLabel = "N",
            description = "Further attempts, with exponential back-off, while the PACS cannot be reached (default ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    OutboxSender.Options options() {
        return OutboxSender.Options.defaults().withRetries(retries).withVerify(verify);
    }

    /**
     * Prints the reports (and the damaged jobs set aside) and throws what sets exit code 4 (PACS
     * unreachable) or 5 (instances failed, or damaged jobs not sent).
     */
    void report(List<SendReport> reports, List<Outbox.DamagedJob> damaged, PrintWriter out) {
        SendReportPrinter.print(reports, json, out);
        if (!json) {
            SendReportPrinter.printDamaged(damaged, out);
            out.flush();
        }
        SendReportPrinter.raise(reports, damaged);
    }
}
