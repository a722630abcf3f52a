package org.liverlens.testdicom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test help for resumed training runs: a checkpoint of an earlier step made from a later one of the same run. */
public final class EarlierCheckpoint {
    private EarlierCheckpoint() {
    }

    /**
     * Copies {@code PREFIX-stepFROM.params} and its record in {@code ck} as {@code PREFIX-stepTO}, the
     * record saying step {@code to}; returns the weights of the copy.
     */
    public static Path of(Path ck, String prefix, int from, int to) throws IOException {
        Path copy = ck.resolve(prefix + "-step" + to + ".params");
        Files.copy(ck.resolve(prefix + "-step" + from + ".params"), copy);
        ObjectNode record = (ObjectNode) new ObjectMapper().readTree(ck.resolve(prefix + "-step" + from + ".json").toFile());
        record.put("step", to);
        Files.writeString(ck.resolve(prefix + "-step" + to + ".json"), record.toString());
        return copy;
    }
}
