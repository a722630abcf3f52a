package org.liverlens.core.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The top-level {@code liverlens} command; sub-commands do the work. */
@Command(name = "liverlens", mixinStandardHelpOptions = true, version = "LiverLens 0.1.0",
        description = "DICOM-native liver and lesion segmentation, measurement and export.",
        footer = {"", "Exit codes: 0 success, 1 internal error, 2 usage error, 3 invalid input or refused request,",
            "4 PACS unreachable (work stays queued), 5 partial success.",
            "'./liverlens test' runs the whole test suite (handled by the entry script)."})
public final class LiverLensCommand implements Callable<Integer> {
    /**
     * The sub-commands, in usage order. {@link Main} registers only the one a command line names
     * (all of them for usage, help and typos): picocli reflects over every registered class when it
     * starts, which cost about 0.4 s of CPU per cold run (docs/benchmarks.md, "Cold start").
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(InfoCommand.class, SegCommand.class,
            SegmentCommand.class, MeasureCommand.class, PromptCommand.class, EditCommand.class, DemoCommand.class,
            NodesCommand.class,
            SendCommand.class, OutboxCommand.class, TrainCommand.class, TrainEditCommand.class, TrainPromptCommand.class, ModelsCommand.class, CheckGpuCommand.class,
            ViewCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = picocli.CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

    @Option(names = "--quiet", scope = picocli.CommandLine.ScopeType.INHERIT, description = "No progress bars.")
    boolean quiet;

    @Option(names = "--progress", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Show progress bars even when stderr is not a terminal.")
    boolean progress;

    @Option(names = "--allow-gaps", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Build volumes across missing slices or uneven spacing by interpolating onto a regular grid "
                    + "(refused by default).")
    boolean allowGaps;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** How volumes are built, from the global options. */
    org.liverlens.core.dicom.LoadOptions loadOptions() {
        return new org.liverlens.core.dicom.LoadOptions(allowGaps);
    }

    /** The progress reporter the global options ask for. */
    ConsoleProgress progress() {
        boolean show = !quiet && (progress || System.console() != null);
        return new ConsoleProgress(show);
    }
}
