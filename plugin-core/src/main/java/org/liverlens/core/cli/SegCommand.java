package org.liverlens.core.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code liverlens seg ...}: DICOM Segmentation objects (see CLI.md, "Segmentations"). */
@Command(name = "seg", mixinStandardHelpOptions = true,
        description = "DICOM Segmentation (SEG) objects: inspect them on their CT, import label maps (NIfTI, NRRD) as SEG, "
                + "export SEG as label maps.",
        subcommands = {SegInfoCommand.class, SegImportCommand.class, SegExportCommand.class})
final class SegCommand {
    @ParentCommand
    LiverLensCommand parent;
}
