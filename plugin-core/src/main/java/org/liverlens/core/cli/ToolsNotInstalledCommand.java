package org.liverlens.core.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.liverlens.core.work.InvalidInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Stands in for {@code bench} when the tools jar (which provides it, {@link ExtraCommand}) is not on
 * the class path: any {@code bench ...} command line is refused with exit 3 and where to get it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks behind docs/benchmarks.md: not installed here.",
            "They come with the tools module's jar (tools/), which ./liverlens puts on the class path when run "
                + "from the repository; without it every 'bench' command exits with 3."})
final class ToolsNotInstalledCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        throw new InvalidInputException("the benchmark tools are not installed: the tools module's jar "
                + "(tools-*.jar) is not on the class path", null,
                "run ./liverlens from the repository root, which builds the tools module into "
                        + "bundles/runtime/target/liverlens/lib");
    }
}
