package org.liverlens.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.InvalidInputException;

/**
 * A queued job as its journal {@code job.json} records it: written once, before anything is
 * sent, and never changed afterwards (progress lives in {@code state.json}, see {@link JobState}).
 * Instance files are the job's own copies under {@code instances/}, each with its size and
 * SHA-256 ({@code checksums}; null for jobs queued by format 1, which recorded none).
 */
public record OutboxJob(Path dir, String id, Instant created, String destination, List<DicomInstance> instances,
                        List<Path> sources, List<String> checksums) {
    static final String FORMAT = "liverlens-outbox-job/2";
    /** Jobs queued before checksums were recorded (their files may be hard links to the sources). */
    static final String FORMAT_1 = "liverlens-outbox-job/1";
    static final String FILE = "job.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public OutboxJob {
        instances = List.copyOf(instances);
        sources = List.copyOf(sources);
        checksums = java.util.Collections.unmodifiableList(new ArrayList<>(checksums));
        if (sources.size() != instances.size() || checksums.size() != instances.size()) {
            throw new IllegalArgumentException(sources.size() + " sources and " + checksums.size() + " checksums for "
                    + instances.size() + " instances");
        }
    }

    /** Total size of the instance files. */
    public long bytes() {
        return instances.stream().mapToLong(DicomInstance::bytes).sum();
    }

    void write() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("id", id);
        o.put("created", created.toString());
        o.put("destination", destination);
        ArrayNode list = o.putArray("instances");
        for (int i = 0; i < instances.size(); i++) {
            DicomInstance d = instances.get(i);
            ObjectNode n = list.addObject();
            n.put("file", dir.relativize(d.file()).toString());
            n.put("source", sources.get(i).toString());
            n.put("sopClassUid", d.sopClassUid());
            n.put("sopInstanceUid", d.sopInstanceUid());
            n.put("transferSyntaxUid", d.transferSyntaxUid());
            n.put("studyInstanceUid", d.studyInstanceUid());
            n.put("seriesInstanceUid", d.seriesInstanceUid());
            n.put("datasetOffset", d.datasetOffset());
            n.put("part10", d.part10());
            n.put("bytes", d.bytes());
            n.put("sha256", checksums.get(i));
        }
        AtomicFiles.writePrivate(dir.resolve(FILE), out -> out.write(JSON.writeValueAsBytes(o)));
    }

    /**
     * Reads and checks a journal. Anything that does not hold together (not JSON, cut short, an
     * unknown format, an id that is not the folder's, a missing UID, a file outside the job's
     * {@code instances/} folder) is an {@link InvalidInputException} naming the file and the field.
     */
    static OutboxJob read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            JsonNode o = JSON.readTree(file.toFile());
            if (o == null || !o.isObject()) {
                throw new IOException("empty, or not a JSON object");
            }
            String format = o.path("format").asText();
            if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
                throw new InvalidInputException("unknown outbox journal format '" + format + "'", file,
                        "this job was queued by another LiverLens version");
            }
            String id = text(o, "id", file);
            if (!id.equals(dir.getFileName().toString())) {
                throw bad(file, "its id '" + id + "' is not its folder's name");
            }
            JsonNode list = o.path("instances");
            if (!list.isArray() || list.isEmpty()) {
                throw bad(file, "it lists no instances");
            }
            Path own = dir.resolve("instances").normalize();
            List<DicomInstance> instances = new ArrayList<>();
            List<Path> sources = new ArrayList<>();
            List<String> checksums = new ArrayList<>();
            for (JsonNode n : list) {
                Path f = dir.resolve(text(n, "file", file)).normalize();
                if (!f.startsWith(own) || f.equals(own)) {
                    throw bad(file, "instance file '" + n.path("file").asText() + "' lies outside the job's instances/ folder");
                }
                long bytes = n.path("bytes").asLong(-1);
                long offset = n.path("datasetOffset").asLong(-1);
                if (bytes < 0 || offset < 0 || offset > bytes) {
                    throw bad(file, "instance '" + n.path("file").asText() + "' has no valid bytes/datasetOffset");
                }
                instances.add(new DicomInstance(f, text(n, "sopClassUid", file), text(n, "sopInstanceUid", file),
                        text(n, "transferSyntaxUid", file), n.path("studyInstanceUid").asText(null),
                        n.path("seriesInstanceUid").asText(null), offset, n.path("part10").asBoolean(), bytes));
                sources.add(Path.of(text(n, "source", file)));
                String sha = n.path("sha256").asText(null);
                if (FORMAT.equals(format) && (sha == null || !SHA256.matcher(sha).matches())) {
                    throw bad(file, "instance '" + n.path("file").asText() + "' has no valid sha256");
                }
                checksums.add(FORMAT.equals(format) ? sha : null);
            }
            return new OutboxJob(dir, id, Instant.parse(text(o, "created", file)), text(o, "destination", file),
                    instances, sources, checksums);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("cannot read the outbox journal: " + JsonErrors.describe(e), file,
                    "remove the job with 'liverlens outbox clear --yes " + dir.getFileName() + "'", e);
        }
    }

    private static String text(JsonNode o, String field, Path file) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw bad(file, "field '" + field + "' is missing or empty");
        }
        return v.asText();
    }

    private static InvalidInputException bad(Path file, String what) {
        return new InvalidInputException("damaged outbox journal: " + what, file,
                "remove the job with 'liverlens outbox clear --yes " + file.getParent().getFileName() + "'");
    }
}
