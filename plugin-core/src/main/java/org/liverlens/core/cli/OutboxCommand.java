package org.liverlens.core.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code liverlens outbox list|flush|clear}: the jobs waiting for a PACS. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "The persistent outbox (~/.liverlens/outbox): jobs stay there until the PACS has confirmed every "
                + "instance.",
        subcommands = {OutboxListCommand.class, OutboxFlushCommand.class, OutboxClearCommand.class})
final class OutboxCommand {
    @ParentCommand
    LiverLensCommand parent;
}
