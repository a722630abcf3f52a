package org.liverlens.core.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code liverlens seg ...}: DICOM Segmentation objects (see CLI.md, "Segmentations"). */
@Command(name = "seg", mixinStandardHelpOptions = true,
        description = "DICOM Segmentation (SEG) objects: inspect them and map them onto their CT.",
        subcommands = {SegInfoCommand.class, SegImportCommand.class, SegExportCommand.class})
final class SegCommand {
    @ParentCommand
    LiverLensCommand parent;
}
