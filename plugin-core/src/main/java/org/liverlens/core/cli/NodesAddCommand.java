package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.liverlens.core.export.HttpAuth;
import org.liverlens.core.export.NodeConfig;
import org.liverlens.core.export.PacsNode;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code liverlens nodes add NAME (--aet AET --host H --port P | --url URL ...)}. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a PACS node: DICOM with --aet/--host/--port, or DICOMweb with --url. Secrets are given "
                + "as the NAMES of environment variables (--user-env/--password-env or --token-env), never as values.")
final class NodesAddCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the node (letters, digits, '.', '_', '-').")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    @Option(names = "--replace", description = "Replace a node of the same name.")
    boolean replace;

    static final class Kind {
        @ArgGroup(exclusive = false, heading = "DICOM (DIMSE) node:%n")
        Dimse dimse;

        @ArgGroup(exclusive = false, heading = "DICOMweb node:%n")
        Web web;
    }

    static final class Dimse {
        @Option(names = "--aet", required = true, paramLabel = "AET", description = "The PACS's AE title (called AE).")
        String aet;

        @Option(names = "--host", required = true, paramLabel = "HOST", description = "Host name or IP address.")
        String host;

        @Option(names = "--port", required = true, paramLabel = "PORT", description = "DICOM port (often 104 or 11112).")
        int port;

        @Option(names = "--calling-aet", paramLabel = "AET", description = "Our AE title (default LIVERLENS).")
        String callingAet;

        @Option(names = "--tls", description = "DICOM over TLS (the JDK trust store, or javax.net.ssl.trustStore).")
        boolean tls;

        @Option(names = "--associations", defaultValue = "4", paramLabel = "N",
                description = "Associations C-STORE may open at once (default ${DEFAULT-VALUE}; 1 for a PACS that allows one).")
        int associations;
    }

    static final class Web {
        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "DICOMweb base URL, e.g. https://pacs.example.org/dicom-web ({URL}/studies is STOW-RS).")
        URI url;

        @ArgGroup(exclusive = true)
        Auth auth;

        @Option(names = "--trust", paramLabel = "FILE",
                description = "Trust only these certificates for https: PEM file of CA certificates, or a PKCS#12/JKS trust store.")
        Path trust;

        @Option(names = "--trust-password-env", paramLabel = "VAR", description = "Environment variable with the trust store's password.")
        String trustPasswordEnv;
    }

    static final class Auth {
        @ArgGroup(exclusive = false)
        Basic basic;

        @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding a bearer token.")
        String tokenEnv;
    }

    static final class Basic {
        @Option(names = "--user-env", required = true, paramLabel = "VAR", description = "Environment variable holding the user name.")
        String userEnv;

        @Option(names = "--password-env", required = true, paramLabel = "VAR", description = "Environment variable holding the password.")
        String passwordEnv;
    }

    @Override
    public Integer call() {
        if (PacsNode.isUri(name)) {
            throw new InvalidInputException("a node name cannot be a URI: " + name, null, "e.g. 'liverlens nodes add pacs ...'");
        }
        PacsNode node;
        if (kind.dimse != null) {
            Dimse d = kind.dimse;
            node = new PacsNode.Dimse(name, d.aet, d.host, d.port, d.callingAet, d.tls, d.associations);
        } else {
            Web w = kind.web;
            HttpAuth auth = HttpAuth.NONE;
            if (w.auth != null && w.auth.tokenEnv != null) {
                auth = new HttpAuth.Bearer(w.auth.tokenEnv);
            } else if (w.auth != null && w.auth.basic != null) {
                auth = new HttpAuth.Basic(w.auth.basic.userEnv, w.auth.basic.passwordEnv);
            }
            node = new PacsNode.DicomWeb(name, w.url, auth, w.trust == null ? null : w.trust.toAbsolutePath(),
                    w.trustPasswordEnv);
        }
        NodeConfig config = NodeConfig.of(UserHome.fromEnvironment());
        config.add(node, replace);
        PrintWriter out = spec.commandLine().getOut();
        out.println(PrintableText.escape("added node '" + node.name() + "': " + NodesListCommand.describe(node) + " (" + config.file() + ")"));
        out.flush();
        return ExitCodes.OK;
    }
}
