package org.liverlens.tools.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.liverlens.core.work.AtomicFiles;

/**
 * A private Orthanc (Debian's {@code orthanc} + {@code orthanc-dicomweb}) for {@code bench send}
 * and the tests: a generated configuration in a temporary folder, free ports picked at start,
 * loopback clients only ({@code RemoteAccessAllowed false}; Orthanc 1.10 cannot bind one address,
 * so DICOM accepts only the registered AE titles from 127.0.0.1), the called AE title checked,
 * the DICOMweb plugin enabled, storage in the folder; stopped by its PID and the folder deleted.
 */
public final class LocalOrthanc implements AutoCloseable {
    /** The AE title our clients call. */
    public static final String DEFAULT_AET = "LLPACS";

    /**
     * @param aet         Orthanc's own AE title
     * @param callingAets AE titles registered in DicomModalities (at 127.0.0.1); any other is rejected
     * @param luaScript   an optional Lua script (e.g. an IncomingHttpRequestFilter), or null
     * @param dicomPort   the DICOM port, or 0 to pick a free one
     * @param httpPort    the HTTP port, or 0 to pick a free one
     */
    public record Options(String aet, List<String> callingAets, String luaScript, int dicomPort, int httpPort) {
        public static Options defaults() {
            return new Options(DEFAULT_AET, List.of("LIVERLENS"), null, 0, 0);
        }

        public Options withLua(String script) {
            return new Options(aet, callingAets, script, dicomPort, httpPort);
        }

        /** Fixed ports, e.g. to start a PACS where a node already points. */
        public Options withPorts(int dicom, int http) {
            return new Options(aet, callingAets, luaScript, dicom, http);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Options options;
    private final Path folder;
    private final Process process;
    private final int dicomPort;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread killer;
    private final long startMillis;

    private LocalOrthanc(Options options, Path folder, Process process, int dicomPort, int httpPort, long startMillis) {
        this.options = options;
        this.folder = folder;
        this.process = process;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.startMillis = startMillis;
        // If the JVM dies without close(), Orthanc must not outlive it.
        this.killer = new Thread(process::destroyForcibly, "liverlens-orthanc-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Starts Orthanc and returns once its HTTP port answers. */
    public static LocalOrthanc start(Options options) throws IOException {
        Path executable = executable();
        Path plugin = dicomWebPlugin();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path folder = Files.createTempDirectory("liverlens-orthanc");
            int dicomPort = options.dicomPort() > 0 ? options.dicomPort() : freePort();
            int httpPort = options.httpPort() > 0 ? options.httpPort() : freePort();
            Path config = folder.resolve("orthanc.json");
            AtomicFiles.writeString(config, config(options, folder, dicomPort, httpPort, plugin));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(executable.toString(), "--logdir=" + folder, config.toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("stdout.log").toFile()).start();
            try {
                waitUntilUp(p, httpPort);
                return new LocalOrthanc(options, folder, p, dicomPort, httpPort, (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException e) {
                // most likely a port taken between picking and binding it: try other ports
                last = new IOException(e.getMessage() + "; Orthanc said: " + tail(folder), e);
                p.destroyForcibly();
                waitFor(p);
                deleteTree(folder);
            }
        }
        throw last;
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public String aet() {
        return options.aet();
    }

    public long pid() {
        return process.pid();
    }

    /** How long start-up took, until the HTTP port answered. */
    public long startMillis() {
        return startMillis;
    }

    public Path folder() {
        return folder;
    }

    /** Orthanc's REST API root, e.g. http://127.0.0.1:PORT. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The DICOMweb root (STOW-RS at {@code /studies}). */
    public URI dicomWebUrl() {
        return URI.create("http://127.0.0.1:" + httpPort + "/dicom-web");
    }

    /** {@code dicom://AET@127.0.0.1:PORT}. */
    public String dicomUri() {
        return "dicom://" + aet() + "@127.0.0.1:" + dicomPort;
    }

    /** The SOP Instance UIDs Orthanc holds (REST {@code /instances?expand}). */
    public Set<String> sopInstanceUids() {
        Set<String> uids = new LinkedHashSet<>();
        for (JsonNode i : getJson("/instances?expand")) {
            uids.add(i.path("MainDicomTags").path("SOPInstanceUID").asText());
        }
        return uids;
    }

    /** Deletes every patient, so that the next store is a new one. */
    public void clear() {
        for (JsonNode id : getJson("/patients")) {
            request(HttpRequest.newBuilder(restUrl().resolve("/patients/" + id.asText())).DELETE());
        }
    }

    /** What Orthanc wrote to its log so far. */
    public String log() {
        return tail(folder);
    }

    /** Stops Orthanc by its PID (SIGTERM, then SIGKILL after 15 s) and deletes its folder. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                waitFor(process);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down already
        }
        deleteTree(folder);
    }

    private JsonNode getJson(String path) {
        try {
            return JSON.readTree(request(HttpRequest.newBuilder(restUrl().resolve(path)).GET()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String request(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Orthanc REST " + b.build().uri() + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String config(Options options, Path folder, int dicomPort, int httpPort, Path plugin) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("Name", "liverlens-local");
        c.put("StorageDirectory", folder.resolve("storage").toString());
        c.put("IndexDirectory", folder.resolve("storage").toString());
        c.put("DicomAet", options.aet());
        c.put("DicomPort", dicomPort);
        c.put("HttpPort", httpPort);
        c.put("RemoteAccessAllowed", false);
        c.put("AuthenticationEnabled", false);
        c.put("DicomCheckCalledAet", true);
        c.put("DicomCheckModalityHost", true);
        for (String k : List.of("Echo", "Store", "Find", "Get", "Move")) {
            c.put("DicomAlwaysAllow" + k, false);
        }
        c.put("UnknownSopClassAccepted", false);
        ObjectNode modalities = c.putObject("DicomModalities");
        for (String aet : options.callingAets()) {
            ArrayNode m = modalities.putArray(aet.toLowerCase(java.util.Locale.ROOT));
            m.add(aet).add("127.0.0.1").add(104);
        }
        c.putArray("Plugins").add(plugin.toString());
        ObjectNode web = c.putObject("DicomWeb");
        web.put("Enable", true);
        web.put("Root", "/dicom-web/");
        web.put("EnableWado", false);
        c.put("LoadPrivateDictionary", false);
        c.put("SaveJobs", false);
        c.put("HttpThreadsCount", 8);
        c.put("DicomThreadsCount", 4);
        if (options.luaScript() != null) {
            Path lua = folder.resolve("filter.lua");
            AtomicFiles.writeString(lua, options.luaScript());
            c.putArray("LuaScripts").add(lua.toString());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c);
    }

    private static void waitUntilUp(Process p, int httpPort) throws IOException {
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/system"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("Orthanc exited with code " + p.exitValue() + " while starting");
            }
            try {
                if (probe.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Orthanc", e);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Orthanc", e);
            }
        }
        throw new IOException("Orthanc did not answer on port " + httpPort + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** Debian's Orthanc: /usr/sbin/Orthanc, or Orthanc on the PATH. */
    static Path executable() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/sbin/Orthanc")));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "Orthanc"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "Orthanc is not installed: install Debian's orthanc and orthanc-dicomweb (./liverlens does)"));
    }

    /** The DICOMweb plugin, found through the files of the Debian package orthanc-dicomweb. */
    static Path dicomWebPlugin() throws IOException {
        Process p = new ProcessBuilder("dpkg", "-L", "orthanc-dicomweb").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        waitFor(p);
        return out.lines().filter(l -> l.endsWith("libOrthancDicomWeb.so")).map(Path::of).filter(Files::exists)
                .findFirst().orElseThrow(() -> new IllegalStateException("the Orthanc DICOMweb plugin is not installed "
                        + "(dpkg -L orthanc-dicomweb lists no libOrthancDicomWeb.so): install orthanc-dicomweb"));
    }

    /** A port nothing listens on right now (127.0.0.1). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path folder) {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(folder)) {
            for (Path f : files.filter(x -> x.getFileName().toString().contains(".log")).sorted().toList()) {
                String s = Files.readString(f, StandardCharsets.ISO_8859_1);
                sb.append(s.length() > 4000 ? s.substring(s.length() - 4000) : s);
            }
        } catch (IOException e) {
            sb.append("(no log: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder: the OS cleans it eventually
        }
    }

    /** For messages: the ports and PID. */
    @Override
    public String toString() {
        return "Orthanc pid " + pid() + " (DICOM " + aet() + "@127.0.0.1:" + dicomPort + ", HTTP " + httpPort + ")";
    }
}
