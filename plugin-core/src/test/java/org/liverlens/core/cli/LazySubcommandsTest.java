package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.liverlens.core.TestData;

/**
 * A command line registers only the sub-command it names (picocli reflects over every registered
 * class at start-up, a cold-start cost: docs/benchmarks.md), and that command still gets the global
 * options; without a known name every sub-command is there, for usage and suggestions.
 */
class LazySubcommandsTest {

    @Test
    void namedSubcommandIsTheOnlyOneRegistered() {
        assertEquals(Set.of("info"), Main.commandLine(new String[] {"--quiet", "info", "x"}).getSubcommands().keySet());
    }

    @Test
    void withoutAKnownNameEverySubcommandIsRegistered() {
        // every built-in one, and bench (from the tools jar, or the stand-in that says it is not installed)
        int all = LiverLensCommand.SUBCOMMANDS.size() + 1;
        assertEquals(all, Main.commandLine(new String[] {"--help"}).getSubcommands().size());
        assertEquals(all, Main.commandLine(new String[] {"infoo"}).getSubcommands().size());
        assertEquals(2, Main.run("infoo"), "an unknown sub-command is a usage error");
    }

    @Test
    void lazilyRegisteredSubcommandTakesGlobalOptionsBeforeAndAfterItsName() {
        String file = TestData.path("derived/ct_128_explicit_le.dcm").toString();
        assertEquals(0, Main.run("--quiet", "info", "--no-hu", file));
        assertEquals(0, Main.run("info", "--quiet", "--no-hu", file));
    }
}
