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

import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.InvalidInputException;

/**
 * A queued job as its journal {@code job.json} records it: written once, before anything is
 * sent, and never changed afterwards (progress lives in {@code state.json}, see {@link JobState}).
 * Instance files are the job's own copies (hard links where possible) under {@code instances/}.
 */
public record OutboxJob(Path dir, String id, Instant created, String destination, List<DicomInstance> instances,
                        List<Path> sources) {
    static final String FORMAT = "liverlens-outbox-job/1";
    static final String FILE = "job.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public OutboxJob {
        instances = List.copyOf(instances);
        sources = List.copyOf(sources);
        if (sources.size() != instances.size()) {
            throw new IllegalArgumentException(sources.size() + " sources for " + instances.size() + " instances");
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
        }
        AtomicFiles.write(dir.resolve(FILE), out -> out.write(JSON.writeValueAsBytes(o)));
    }

    static OutboxJob read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            JsonNode o = JSON.readTree(file.toFile());
            if (!FORMAT.equals(o.path("format").asText())) {
                throw new InvalidInputException("unknown outbox journal format '" + o.path("format").asText() + "'", file,
                        "this job was queued by another LiverLens version");
            }
            List<DicomInstance> instances = new ArrayList<>();
            List<Path> sources = new ArrayList<>();
            for (JsonNode n : o.path("instances")) {
                instances.add(new DicomInstance(dir.resolve(n.path("file").asText()), n.path("sopClassUid").asText(),
                        n.path("sopInstanceUid").asText(), n.path("transferSyntaxUid").asText(),
                        n.path("studyInstanceUid").asText(null), n.path("seriesInstanceUid").asText(null),
                        n.path("datasetOffset").asLong(), n.path("part10").asBoolean(), n.path("bytes").asLong()));
                sources.add(Path.of(n.path("source").asText()));
            }
            return new OutboxJob(dir, o.path("id").asText(), Instant.parse(o.path("created").asText()),
                    o.path("destination").asText(), instances, sources);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("cannot read the outbox journal: " + e.getMessage(), file,
                    "remove the job with 'liverlens outbox clear --yes " + dir.getFileName() + "'", e);
        }
    }
}
