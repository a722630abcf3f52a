package org.liverlens.testdicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** labels.nrrd, lesions.nrrd and truth.json agree with each other and with the DICOM series. */
class GroundTruthTest {
    @TempDir
    static Path tmp;
    static NrrdFile labels;
    static NrrdFile lesions;
    static JsonNode truth;
    static Stack stack;

    @BeforeAll
    static void write() throws Exception {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSeed(77).withSize(128, 100, 30).withSpacing(3, 6)
                .withRandomLesions(4).withLesionDiameterRange(8, 35);
        new SyntheticCtWriter(2).write(new SyntheticCt(p), tmp.resolve("ct"), tmp.resolve("ground-truth"),
                Progress.NONE);
        labels = NrrdFile.read(tmp.resolve("ground-truth/labels.nrrd"));
        lesions = NrrdFile.read(tmp.resolve("ground-truth/lesions.nrrd"));
        truth = new ObjectMapper().readTree(tmp.resolve("ground-truth/truth.json").toFile());
        stack = new DicomScanner(2).scan(tmp.resolve("ct"), Progress.NONE, Cancellation.NONE).series().get(0)
                .primaryStack().orElseThrow();
    }

    @Test
    void nrrdHeadersMatchTheDicomGeometry() {
        VolumeGeometry g = stack.geometry();
        for (NrrdFile n : new NrrdFile[] {labels, lesions}) {
            assertEquals("uint8", n.fields().get("type"));
            assertEquals("3", n.fields().get("dimension"));
            assertEquals("left-posterior-superior", n.fields().get("space"));
            assertEquals("gzip", n.fields().get("encoding"));
            assertArrayEquals(g.size(), n.sizes());
            assertArrayEquals(g.originMm(), n.spaceOrigin(), 1e-6);
            double[][] d = n.spaceDirections();
            for (int axis = 0; axis < 3; axis++) {
                double[] expected = g.direction(axis);
                for (int c = 0; c < 3; c++) {
                    expected[c] *= g.spacingMm()[axis];
                }
                assertArrayEquals(expected, d[axis], 1e-6, "space direction of axis " + axis);
            }
            assertEquals((long) g.columns() * g.rows() * g.slices(), n.data().length);
        }
    }

    @Test
    void truthGeometryMatchesTheDicomGeometry() {
        VolumeGeometry g = stack.geometry();
        JsonNode geo = truth.get("geometry");
        for (int a = 0; a < 3; a++) {
            assertEquals(g.size()[a], geo.get("size").get(a).asInt());
            assertEquals(g.spacingMm()[a], geo.get("spacingMm").get(a).asDouble(), 1e-6);
            assertEquals(g.originMm()[a], geo.get("originMm").get(a).asDouble(), 1e-6);
        }
        assertEquals(stack.first().seriesInstanceUid(), truth.get("dicom").get("seriesInstanceUid").asText());
        assertEquals("../ct", truth.get("dicom").get("folder").asText());
    }

    @Test
    void lesionVoxelCountsInTruthEqualTheLesionMap() {
        long[] counts = new long[256];
        for (byte b : lesions.data()) {
            counts[b & 0xff]++;
        }
        JsonNode list = truth.get("lesions");
        assertEquals(4, list.size());
        long sum = 0;
        double voxelMl = truth.get("geometry").get("voxelVolumeMl").asDouble();
        for (JsonNode l : list) {
            int id = l.get("id").asInt();
            long voxels = l.get("voxels").asLong();
            assertEquals(counts[id], voxels, "voxels of lesion " + id);
            assertTrue(voxels > 0, "lesion " + id + " has voxels");
            assertEquals(voxels * voxelMl, l.get("volumeMl").asDouble(), 1e-3);
            sum += voxels;
            // the lesion's centre voxel carries its id
            JsonNode c = l.get("centreVoxel");
            assertEquals(id, lesions.voxel(c.get(0).asInt(), c.get(1).asInt(), c.get(2).asInt()));
        }
        for (int id = list.size() + 1; id < 256; id++) {
            assertEquals(0, counts[id], "no voxels with unknown lesion id " + id);
        }
        assertEquals(sum, countLabel(Label.LIVER_LESION.value()), "label 2 is exactly the union of the lesions");
    }

    @Test
    void liverVolumeInTruthEqualsTheLabelCount() {
        double voxelMl = truth.get("geometry").get("voxelVolumeMl").asDouble();
        long liver = countLabel(Label.LIVER.value()) + countLabel(Label.LIVER_LESION.value());
        assertEquals(liver, truth.get("liver").get("voxels").asLong());
        assertEquals(liver * voxelMl, truth.get("liver").get("volumeMl").asDouble(), 1e-2);
        assertTrue(liver * voxelMl > 300, "the liver is in view: " + liver * voxelMl + " mL");
    }

    @Test
    void legendListsEveryLabelValueUsed() {
        long[] counts = new long[256];
        for (byte b : labels.data()) {
            counts[b & 0xff]++;
        }
        JsonNode legend = truth.get("legend");
        assertEquals(Label.values().length, legend.size());
        for (int v = 0; v < 256; v++) {
            if (counts[v] > 0) {
                int value = v;
                assertTrue(Label.of(value).value() == value);
                assertEquals(counts[v], legend.get(value).get("voxels").asLong(), "voxels of label " + v);
            }
        }
        assertEquals("liver", labels.fields().get("label_1"));
    }

    private static long countLabel(int value) {
        long n = 0;
        for (byte b : labels.data()) {
            if ((b & 0xff) == value) {
                n++;
            }
        }
        return n;
    }
}
