package org.liverlens.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.export.Outbox;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liverlens outbox list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the queued jobs and how far each has got, and the damaged jobs set aside.")
final class OutboxListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the jobs as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PacsExport export = new PacsExport(UserHome.fromEnvironment(), System.getenv());
        List<PacsExport.JobSummary> jobs = export.list();
        List<Outbox.DamagedJob> damaged = export.damaged();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Object> list = new ArrayList<>();
            for (PacsExport.JobSummary j : jobs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", j.id());
                m.put("destination", j.destination());
                m.put("created", j.created().toString());
                m.put("instances", j.instances());
                m.put("bytes", j.bytes());
                m.put("confirmed", j.confirmed());
                m.put("failed", j.failed());
                m.put("attempts", j.attempts());
                m.put("lastAttempt", j.lastAttempt() == null ? null : j.lastAttempt().toString());
                m.put("nextAttempt", j.nextAttempt() == null ? null : j.nextAttempt().toString());
                m.put("lastError", j.lastError());
                m.put("beingSent", j.beingSent());
                m.put("folder", j.dir().toString());
                list.add(m);
            }
            for (Outbox.DamagedJob d : damaged) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", d.id());
                m.put("damaged", d.problem());
                m.put("folder", d.dir().toString());
                list.add(m);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
        } else if (jobs.isEmpty() && damaged.isEmpty()) {
            out.println("the outbox is empty (" + PrintableText.escape(export.outbox().dir()) + ")");
        } else {
            for (PacsExport.JobSummary j : jobs) {
                out.printf(Locale.ROOT, "%s → %s: %d instance(s), %.1f MiB, %d confirmed, %d failed, %d attempt(s)%s%n",
                        PrintableText.of(j.id()), PrintableText.of(j.destination()), j.instances(), j.bytes() / (1024.0 * 1024.0), j.confirmed(), j.failed(),
                        j.attempts(), j.beingSent() ? ", being sent now" : "");
                if (j.lastError() != null) {
                    out.printf(Locale.ROOT, "    last error: %s%n", PrintableText.of(j.lastError()));
                }
                if (j.nextAttempt() != null) {
                    out.printf(Locale.ROOT, "    next automatic attempt not before %s%n", j.nextAttempt());
                }
            }
            SendReportPrinter.printDamaged(damaged, out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
