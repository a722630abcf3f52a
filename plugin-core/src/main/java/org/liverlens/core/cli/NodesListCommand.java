package org.liverlens.core.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.export.HttpAuth;
import org.liverlens.core.export.NodeConfig;
import org.liverlens.core.export.PacsNode;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liverlens nodes list}: the configured nodes, without any secret (there is none to show). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the configured PACS nodes.")
final class NodesListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the nodes as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeConfig config = NodeConfig.of(UserHome.fromEnvironment());
        List<PacsNode> nodes = config.nodes();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Object> list = new ArrayList<>();
            for (PacsNode n : nodes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", n.name());
                m.put("type", n instanceof PacsNode.Dimse ? "dimse" : "dicomweb");
                m.put("address", n.address());
                m.put("description", describe(n));
                list.add(m);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
        } else if (nodes.isEmpty()) {
            out.println("no PACS nodes in " + PrintableText.escape(config.file()) + "; add one with 'liverlens nodes add NAME ...'");
        } else {
            for (PacsNode n : nodes) {
                PrintableText.printf(out, "%-16s %s%n", n.name(), describe(n));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One line: protocol, address, our AE title or how we authenticate. */
    static String describe(PacsNode node) {
        if (node instanceof PacsNode.Dimse d) {
            return "DICOM " + d.address() + ", calling AE title " + d.callingAet() + ", up to " + d.associations()
                    + " association(s) at once";
        }
        PacsNode.DicomWeb w = (PacsNode.DicomWeb) node;
        String auth;
        if (w.auth() instanceof HttpAuth.Basic b) {
            auth = "basic auth from $" + b.userEnv() + " / $" + b.passwordEnv();
        } else if (w.auth() instanceof HttpAuth.Bearer t) {
            auth = "bearer token from $" + t.tokenEnv();
        } else {
            auth = "no authentication";
        }
        return "DICOMweb " + w.baseUrl() + ", " + auth + (w.trustStore() == null ? "" : ", trusting " + w.trustStore());
    }
}
