package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.liverlens.core.export.NodeConfig;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liverlens nodes remove NAME}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove a PACS node. Jobs queued for it stay in the outbox until it is added again or they are cleared.")
final class NodesRemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the node.")
    String name;

    @Override
    public Integer call() {
        NodeConfig config = NodeConfig.of(UserHome.fromEnvironment());
        if (!config.remove(name)) {
            throw new InvalidInputException("no PACS node named '" + name + "'", config.file(), "see 'liverlens nodes list'");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("removed node '" + PrintableText.escape(name) + "'");
        out.flush();
        return ExitCodes.OK;
    }
}
