package org.liverlens.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent peers our output is proven against: Debian's pydicom under
 * {@code /usr/bin/python3}, and dcmjs (plugin-core/src/test/dcmjs, installed by ./liverlens) under node.
 * Each prints one JSON document.
 */
public final class Peers {
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private Peers() {
    }

    /** Runs a Python script shipped as a class-path resource with Debian's python3. */
    public static JsonNode pydicom(String resource, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            throw new IllegalStateException(PYTHON + " is missing: install python3-pydicom python3-numpy (./liverlens does)");
        }
        Path script = Files.createTempFile("liverlens-peer", ".py");
        try (InputStream in = Peers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
            cmd.addAll(List.of(args));
            return run(cmd);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Runs {@code plugin-core/src/test/dcmjs/seg-masks.js} with node. */
    public static JsonNode dcmjsSegMasks(Path seg, Path ctDir) throws IOException, InterruptedException {
        Path tool = repoRoot().resolve("plugin-core/src/test/dcmjs");
        if (!Files.isDirectory(tool.resolve("node_modules/dcmjs"))) {
            throw new IllegalStateException("dcmjs is not installed in " + tool + ": run ./liverlens test (it runs npm ci there)");
        }
        return run(List.of("node", tool.resolve("seg-masks.js").toString(), seg.toString(), ctDir.toString()));
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("liverlens"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static JsonNode run(List<String> cmd) throws IOException, InterruptedException {
        Path err = Files.createTempFile("liverlens-peer", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("peer did not finish: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("peer failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                        + Files.readString(err));
            }
            return new ObjectMapper().readTree(out);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
