package org.liverlens.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverlens.core.TestData;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.work.AtomicFiles;

/**
 * The packages of issue 13 item 5 (patch 65536², batch 100000, widths 100000) and a 3D package are
 * refused by {@code models verify}, {@code models install} and {@code segment --model} with exit 3
 * and the field named, before the network is allocated (they used to pass verification, then take
 * 24 GB until the kernel killed the process). The timeout only guards against a hang.
 */
class ModelLimitsCommandTest {
    @TempDir
    Path tmp;

    private Path package_(String kind) throws IOException {
        Path pkg = TinyModels.write(tmp.resolve(kind));
        ObjectNode j = (ObjectNode) new ObjectMapper().readTree(pkg.resolve("model.json").toFile());
        ObjectNode inference = (ObjectNode) j.get("inference");
        switch (kind) {
            case "patch" -> inference.putArray("patch").add(65536).add(65536);
            case "batch" -> inference.put("batchSize", 100000);
            case "widths" -> ((ObjectNode) j.get("network")).putArray("widths").add(100000).add(100000);
            case "3D" -> {
                ((ObjectNode) j.get("input")).put("dimensionality", "3D");
                inference.putArray("patch").add(16).add(16).add(16);
            }
            default -> throw new IllegalArgumentException(kind);
        }
        AtomicFiles.writeString(pkg.resolve("model.json"), DefaultModel.toText(j));
        return pkg;
    }

    private static String field(String kind) {
        return switch (kind) {
            case "patch" -> "inference.patch[0] is 65536, allowed 1…1024";
            case "batch" -> "inference.batchSize is 100000, allowed 1…256";
            case "widths" -> "network.widths[0] is 100000, allowed 1…1024";
            default -> "runs 2D and 2.5D models only";
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"patch", "batch", "widths", "3D"})
    @Timeout(120)
    void modelsVerifyRefusesThePackage(String kind) throws IOException {
        CliRun.Result r = CliRun.run(null, "models", "verify", package_(kind).toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(field(kind)), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"patch", "batch", "widths", "3D"})
    @Timeout(120)
    void modelsInstallRefusesThePackage(String kind) throws IOException {
        CliRun.Result r = CliRun.run(null, "models", "install", package_(kind).toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(field(kind)), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"patch", "batch", "widths", "3D"})
    @Timeout(300)
    void segmentRefusesThePackageAndWritesNothing(String kind) throws IOException {
        Path out = tmp.resolve("out");
        CliRun.Result r = CliRun.run(null, "segment", TestData.path("dcmqi/data/segmentations/ct-3slice").toString(),
                "-o", out.toString(), "--model", package_(kind).toString(), "--device", "cpu");
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(field(kind)), r.err());
        assertFalse(Files.exists(out.resolve("seg.dcm")));
    }
}
