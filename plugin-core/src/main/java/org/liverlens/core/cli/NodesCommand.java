package org.liverlens.core.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code liverlens nodes ...}: the PACS nodes in config.json (see CLI.md, "PACS"). */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "PACS nodes in ~/.liverlens/config.json: DICOM (AE title, host, port) or DICOMweb (base URL). "
                + "Credentials are never stored, only the names of the environment variables that hold them.",
        subcommands = {NodesAddCommand.class, NodesListCommand.class, NodesRemoveCommand.class, NodesEchoCommand.class})
final class NodesCommand {
    @ParentCommand
    LiverLensCommand parent;
}
