package org.liverlens.core.cli;

import picocli.CommandLine.Command;

/** {@code liverlens bench ...}: the benchmarks behind docs/benchmarks.md, each beside its peer. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks behind docs/benchmarks.md; each prints medians and the peer tool run beside it.",
        subcommands = {BenchLoadCommand.class, BenchSegCommand.class, BenchSendCommand.class, BenchSegmentCommand.class})
final class BenchCommand {
}
