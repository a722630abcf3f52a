package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.liverlens.core.export.PacsExport;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liverlens outbox clear --yes [JOB...]}: drop queued work, deliberately. */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = "Delete queued jobs, damaged ones included (all, or the ones named), without sending them. Needs --yes: what is deleted "
                + "will not reach the PACS.")
final class OutboxClearCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--yes", description = "Confirm that the jobs are to be deleted unsent.")
    boolean yes;

    @Parameters(arity = "0..*", paramLabel = "JOB", description = "Job ids (or unique prefixes); all jobs when none.")
    List<String> ids = List.of();

    @Override
    public Integer call() {
        if (!yes) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "outbox clear deletes queued work unsent; add --yes to confirm");
        }
        PacsExport export = new PacsExport(UserHome.fromEnvironment(), System.getenv());
        List<String> removed = export.clear(ids);
        PrintWriter out = spec.commandLine().getOut();
        out.println("removed " + removed.size() + " job(s) from the outbox" + (removed.isEmpty() ? "" : ": "
                + PrintableText.escape(String.join(", ", removed))));
        long left = export.list().size() + export.damaged().size();
        if (left > 0) {
            out.println(left + " job(s) left (being sent by another process, or not named)");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
