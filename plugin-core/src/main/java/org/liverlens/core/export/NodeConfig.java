package org.liverlens.core.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.UserHome;

/**
 * The PACS nodes in {@code config.json} of the user folder, under {@code "nodes"} (keyed by name).
 * Other top-level entries of the file are kept as they are. A node entry that holds a secret in
 * clear (a key such as {@code password} or {@code token}) is refused rather than used.
 */
public final class NodeConfig {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Keys that would hold a secret in clear: config.json stores environment variable names only. */
    private static final Set<String> SECRET_KEYS = Set.of("password", "passwd", "secret", "token", "apikey", "api_key",
            "accesstoken", "access_token", "credentials");

    private final Path file;

    public NodeConfig(Path file) {
        this.file = file;
    }

    public static NodeConfig of(UserHome home) {
        return new NodeConfig(home.config());
    }

    public Path file() {
        return file;
    }

    /** Every configured node, in the order of the file. */
    public List<PacsNode> nodes() {
        ObjectNode root = read();
        List<PacsNode> nodes = new ArrayList<>();
        JsonNode n = root.path("nodes");
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            nodes.add(fromJson(e.getKey(), e.getValue()));
        }
        return nodes;
    }

    public Optional<PacsNode> find(String name) {
        return nodes().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * The node a {@code send --to} value means: a configured name, {@code dicom://AET@host:port}
     * or an http(s) URL (which then uses {@code callingAet} or no credentials).
     */
    public PacsNode resolve(String destination, String callingAet) {
        if (PacsNode.isUri(destination)) {
            return PacsNode.fromUri(destination, callingAet);
        }
        return find(destination).orElseThrow(() -> {
            List<String> names = nodes().stream().map(PacsNode::name).toList();
            return new InvalidInputException("no PACS node named '" + destination + "' in " + file, null,
                    names.isEmpty() ? "add one with 'liverlens nodes add NAME ...', or give dicom://AET@host:port"
                            : "configured nodes: " + String.join(", ", names));
        });
    }

    /** Adds a node; refuses a name that exists unless {@code replace}. */
    public void add(PacsNode node, boolean replace) {
        if (PacsNode.isUri(node.name())) {
            throw new InvalidInputException("a node name cannot be a URI: " + node.name(), null, null);
        }
        ObjectNode root = read();
        ObjectNode nodes = root.has("nodes") && root.get("nodes").isObject() ? (ObjectNode) root.get("nodes")
                : root.putObject("nodes");
        if (nodes.has(node.name()) && !replace) {
            throw new InvalidInputException("a node named '" + node.name() + "' exists already", file,
                    "remove it first ('liverlens nodes remove " + node.name() + "') or add --replace");
        }
        nodes.set(node.name(), toJson(node));
        write(root);
    }

    /** Removes a node; returns false when there was none of that name. */
    public boolean remove(String name) {
        ObjectNode root = read();
        JsonNode nodes = root.get("nodes");
        if (nodes instanceof ObjectNode o && o.has(name)) {
            o.remove(name);
            write(root);
            return true;
        }
        return false;
    }

    static ObjectNode toJson(PacsNode node) {
        ObjectNode o = JSON.createObjectNode();
        if (node instanceof PacsNode.Dimse d) {
            o.put("type", "dimse");
            o.put("aet", d.calledAet());
            o.put("host", d.host());
            o.put("port", d.port());
            o.put("callingAet", d.callingAet());
            if (d.tls()) {
                o.put("tls", true);
            }
            if (d.associations() != PacsNode.Dimse.DEFAULT_ASSOCIATIONS) {
                o.put("associations", d.associations());
            }
        } else if (node instanceof PacsNode.DicomWeb w) {
            o.put("type", "dicomweb");
            o.put("url", w.baseUrl().toString());
            if (w.auth() instanceof HttpAuth.Basic b) {
                o.put("userEnv", b.userEnv());
                o.put("passwordEnv", b.passwordEnv());
            } else if (w.auth() instanceof HttpAuth.Bearer t) {
                o.put("tokenEnv", t.tokenEnv());
            }
            if (w.trustStore() != null) {
                o.put("trustStore", w.trustStore().toString());
            }
            if (w.trustStorePasswordEnv() != null) {
                o.put("trustStorePasswordEnv", w.trustStorePasswordEnv());
            }
        }
        return o;
    }

    PacsNode fromJson(String name, JsonNode o) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                throw new InvalidInputException("node '" + name + "' has a '" + key + "' entry: LiverLens never reads "
                        + "secrets from config.json", file, "delete that entry, put the secret in an environment variable "
                        + "and name the variable (passwordEnv, tokenEnv)");
            }
        }
        String type = o.path("type").asText("");
        try {
            return switch (type) {
                case "dimse" -> new PacsNode.Dimse(name, o.path("aet").asText(null), o.path("host").asText(null),
                        o.path("port").asInt(-1), o.path("callingAet").asText(null), o.path("tls").asBoolean(false),
                        o.path("associations").asInt(PacsNode.Dimse.DEFAULT_ASSOCIATIONS));
                case "dicomweb" -> {
                    HttpAuth auth = HttpAuth.NONE;
                    if (o.hasNonNull("tokenEnv")) {
                        auth = new HttpAuth.Bearer(o.get("tokenEnv").asText());
                    } else if (o.hasNonNull("userEnv") || o.hasNonNull("passwordEnv")) {
                        auth = new HttpAuth.Basic(o.path("userEnv").asText(null), o.path("passwordEnv").asText(null));
                    }
                    String url = o.path("url").asText("");
                    yield new PacsNode.DicomWeb(name, URI.create(url), auth,
                            o.hasNonNull("trustStore") ? Path.of(o.get("trustStore").asText()) : null,
                            o.path("trustStorePasswordEnv").asText(null));
                }
                default -> throw new InvalidInputException("node '" + name + "' has type '" + type
                        + "'; expected \"dimse\" or \"dicomweb\"", file, "fix or remove it ('liverlens nodes remove " + name + "')");
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("node '" + name + "': " + e.getMessage(), file, null, e);
        } catch (InvalidInputException e) {
            if (e.file().isPresent()) {
                throw e;
            }
            throw new InvalidInputException("node '" + name + "': " + e.getMessage(), file, e.hint().orElse(null), e);
        }
    }

    private ObjectNode read() {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || n.isMissingNode()) {
                return JSON.createObjectNode();
            }
            if (!(n instanceof ObjectNode o)) {
                throw new InvalidInputException("config.json must hold a JSON object", file, "fix or remove the file");
            }
            return o;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("config.json is not valid JSON: " + JsonErrors.describe(e), file, "fix or remove the file", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read config.json: " + e.getMessage(), file, null, e);
        }
    }

    private void write(ObjectNode root) {
        AtomicFiles.writePrivate(file, out -> out.write(JSON.writeValueAsBytes(root)));
    }
}
