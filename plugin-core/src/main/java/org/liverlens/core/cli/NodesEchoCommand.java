package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.liverlens.core.export.PacsClient;
import org.liverlens.core.export.PacsExport;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liverlens nodes echo NAME}: C-ECHO, or a QIDO-RS probe for DICOMweb. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Check that a node answers: C-ECHO for DICOM, a QIDO-RS query for DICOMweb. Exit code 4 when it does not.")
final class NodesEchoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NODE", description = "A configured node, dicom://AET@host:port or a DICOMweb URL.")
    String node;

    @Override
    public Integer call() {
        PacsClient.EchoResult r = new PacsExport(UserHome.fromEnvironment(), System.getenv()).echo(node);
        PrintWriter out = spec.commandLine().getOut();
        PrintableText.printf(out, "%s: %s (%d ms)%n", r.node().name(), r.detail(), r.milliseconds());
        out.flush();
        return ExitCodes.OK;
    }
}
