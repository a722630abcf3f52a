package org.liverlens.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.segment.ModelInfo;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** findings.json carries CLI.md's fields, and its volumes are voxel counts × voxel volume. */
class FindingsJsonTest {

    @Test
    void volumesAreVoxelCountsTimesVoxelVolume(@TempDir Path tmp) throws Exception {
        VolumeGeometry g = Phantoms.grid(60, 50, 24, 0.78, 0.78, 2.5, 30, 25, 12);
        LabelVolume labels = new LabelVolume(g);
        Phantoms.ellipsoid(labels, new double[] {0, 0, 0}, 20, 17, 25, Segmenter.LIVER);
        Phantoms.ellipsoid(labels, new double[] {-6, 0, 0}, 5, 5, 6, Segmenter.TUMOUR);
        Phantoms.ellipsoid(labels, new double[] {9, 3, 8}, 3, 3, 4, Segmenter.TUMOUR);
        Findings f = Measurements.ofLabels(Phantoms.ct(g), labels, "1.2.3.4",
                new ModelInfo("unet", "0.1", "ab12"), new Findings.Source(Findings.SourceKind.MODEL, "unet 0.1"))
                .findings();
        Path file = tmp.resolve("findings.json");
        FindingsJson.write(f, file);
        JsonNode j = new ObjectMapper().readTree(Files.readString(file));

        double voxelMl = j.get("voxelVolumeMl").asDouble();
        assertEquals(0.78 * 0.78 * 2.5 / 1000, voxelMl, 1e-15);
        assertEquals("1.2.3.4", j.get("series").asText());
        assertEquals("unet", j.get("model").get("name").asText());
        assertEquals("0.1", j.get("model").get("version").asText());
        assertEquals("ab12", j.get("model").get("sha256").asText());
        long liverVoxels = labels.count(Segmenter.LIVER) + labels.count(Segmenter.TUMOUR);
        assertEquals(liverVoxels, j.get("liver").get("voxels").asLong());
        assertEquals(liverVoxels * voxelMl, j.get("liver").get("volumeMl").asDouble(), 0.0005);
        assertEquals(2, j.get("lesionCount").asInt());
        long sum = 0;
        for (JsonNode l : j.get("lesions")) {
            long v = l.get("voxels").asLong();
            sum += v;
            assertEquals(v * voxelMl, l.get("volumeMl").asDouble(), 0.0005);
            for (String key : new String[] {"longMm", "shortMm", "slice"}) {
                assertTrue(l.get("recist").has(key), key);
            }
            for (String key : new String[] {"mean", "sd", "min", "max"}) {
                assertTrue(l.get("hu").has(key), key);
            }
            assertEquals(3, l.get("centroid").get("mm").size());
            assertEquals(3, l.get("centroid").get("voxel").size());
            assertEquals(l.get("id").asInt() + 1, l.get("segmentNumber").asInt());
        }
        assertEquals(labels.count(Segmenter.TUMOUR), sum);
        assertEquals(sum * voxelMl, j.get("tumourVolumeMl").asDouble(), 0.0005);
        assertEquals(100.0 * sum / liverVoxels, j.get("tumourBurdenPercent").asDouble(), 0.0005);
        assertEquals("model", j.get("source").get("kind").asText());
    }
}
