package org.liverlens.tools.bench;

import org.liverlens.core.cli.ExtraCommand;

import picocli.CommandLine.Command;

/**
 * {@code liverlens bench ...}: the benchmarks behind docs/benchmarks.md, each beside its peer. Added to
 * the CLI through {@link java.util.ServiceLoader} ({@link ExtraCommand}); the tools jar is never a bundle.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks behind docs/benchmarks.md; each prints medians and the peer tool run beside it.",
        subcommands = {BenchLoadCommand.class, BenchSegCommand.class, BenchSendCommand.class, BenchSegmentCommand.class,
            BenchPromptCommand.class, BenchRefineCommand.class, BenchEditCommand.class, BenchEditEvalCommand.class,
            BenchLesionsCommand.class})
public final class BenchCommand implements ExtraCommand {

    @Override
    public Object command() {
        return new BenchCommand();
    }
}
