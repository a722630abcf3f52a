package org.liverlens.testdicom.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.SliceRef;
import org.liverlens.core.edit.BurnedInMark;
import org.liverlens.core.edit.ClassicalBackend;
import org.liverlens.core.edit.EditBackend;
import org.liverlens.core.edit.EditOutput;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.SyntheticCt;

/**
 * The derived series of a counterfactual on a synthetic CT: the source files keep their checksums,
 * the new series is DERIVED, marked and referenced, loads back to the edited voxels, passes
 * dciodvfy and pydicom, and its edit-seg.dcm marks exactly the changed voxels. With the classical
 * backend here; a subclass runs the same checks on another backend's output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DerivedSeriesTest {
    static final String INSTRUCTION = "remove lesion 1 and add a 12 mm hypodense lesion near lesion 2";

    Path tmp;
    SyntheticEditCase c;
    EditResult result;
    EditOutput.Written written;
    Map<String, String> checksumsBefore;

    /** The backend whose output is checked. */
    EditBackend backend() {
        return new ClassicalBackend();
    }

    @BeforeAll
    void edit() throws Exception {
        tmp = Files.createTempDirectory("liverlens-derived-series");
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSeed(4242).withSize(192, 160, 24)
                .withSpacing(2.0, 5.0).withRandomLesions(2).withLesionDiameterRange(18, 30);
        c = new SyntheticEditCase(p, tmp);
        checksumsBefore = checksums(tmp.resolve("ct"));
        result = backend().apply(c.scene, new EditParser().parse(INSTRUCTION), 9);
        written = EditOutput.write(c.loaded.stack(), c.scene, result, tmp.resolve("out"));
    }

    @AfterAll
    void deleteFiles() throws Exception {
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void theSourceFilesAreNotTouched() throws Exception {
        assertEquals(checksumsBefore, checksums(tmp.resolve("ct")));
    }

    @Test
    void everyInstanceIsANewDerivedMarkedImageOfTheSameStudy() throws Exception {
        List<SliceRef> source = c.loaded.stack().slices();
        Set<String> sourceUids = new HashSet<>();
        for (SliceRef s : source) {
            sourceUids.add(s.header().sopInstanceUid());
        }
        List<Path> files = files(written.seriesFolder());
        assertEquals(source.size(), files.size());
        Set<String> seen = new HashSet<>();
        for (Path f : files) {
            AttributeList a = DicomFiles.readHeader(f).attributes();
            String uid = a.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString();
            assertTrue(seen.add(uid) && !sourceUids.contains(uid), "new SOP Instance UID " + uid);
            assertEquals(written.seriesInstanceUid(), a.get(TagFromName.SeriesInstanceUID).getSingleStringValueOrEmptyString());
            assertNotEquals(source.get(0).header().seriesInstanceUid(), written.seriesInstanceUid());
            assertEquals(source.get(0).header().studyInstanceUid(),
                    a.get(TagFromName.StudyInstanceUID).getSingleStringValueOrEmptyString());
            String[] type = a.get(TagFromName.ImageType).getStringValues();
            assertEquals("DERIVED", type[0]);
            assertEquals("SECONDARY", type[1]);
            assertTrue(a.get(TagFromName.SeriesDescription).getSingleStringValueOrEmptyString().startsWith("COUNTERFACTUAL"));
            assertTrue(a.get(new AttributeTag(0x0008, 0x2111)).getSingleStringValueOrEmptyString().contains(INSTRUCTION));
            assertEquals("YES", a.get(new AttributeTag(0x0028, 0x0301)).getSingleStringValueOrEmptyString());
            SequenceAttribute src = (SequenceAttribute) a.get(TagFromName.SourceImageSequence);
            String ref = src.getItem(0).getAttributeList().get(TagFromName.ReferencedSOPInstanceUID)
                    .getSingleStringValueOrEmptyString();
            assertTrue(sourceUids.contains(ref), "Source Image Sequence points at an original: " + ref);
        }
    }

    @Test
    void theDerivedSeriesLoadsBackAsTheEditedVoxelsPlusTheMarking() {
        LoadedVolume back = CtSeries.load(written.seriesFolder(), null, LoadOptions.STRICT, Progress.NONE,
                Cancellation.NONE);
        VolumeGeometry g = back.volume().geometry();
        int[] box = BurnedInMark.box(g.columns(), g.rows());
        long inMark = 0;
        for (int k = 0; k < g.slices(); k++) {
            short[] a = back.volume().slice(k);
            short[] e = result.edited().slice(k);
            for (int q = 0; q < a.length; q++) {
                int i = q % g.columns();
                int j = q / g.columns();
                boolean mark = i >= box[0] && i <= box[2] && j >= box[1] && j <= box[3];
                if (mark) {
                    inMark += a[q] == BurnedInMark.LETTER_HU ? 1 : 0;
                } else {
                    assertEquals(e[q], a[q], "voxel " + i + "," + j + "," + k);
                }
            }
        }
        assertTrue(inMark > 100 * g.slices(), inMark + " letter pixels");
    }

    @Test
    void dciodvfyReportsNoErrorsOnDerivedImages() throws Exception {
        List<Path> files = files(written.seriesFolder());
        for (Path f : List.of(files.get(0), files.get(files.size() / 2))) {
            Dciodvfy.Report r = Dciodvfy.validate(f);
            assertTrue(r.errors().isEmpty(), f + ":\n" + r.output());
        }
    }

    @Test
    void pydicomReadsTheDerivedPixels() throws Exception {
        Path f = files(written.seriesFolder()).get(0);
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import sys,pydicom; d=pydicom.dcmread(sys.argv[1]); "
                + "a=d.pixel_array; print(d.ImageType[0], d.BurnedInAnnotation, a.shape[0], a.shape[1], int(a.max()))",
                f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals("DERIVED YES 160 192 " + BurnedInMark.LETTER_HU, out);
    }

    @Test
    void editSegMarksExactlyTheChangedVoxelsOnTheDerivedSeries() {
        LoadedVolume back = CtSeries.load(written.seriesFolder(), null, LoadOptions.STRICT, Progress.NONE,
                Cancellation.NONE);
        SegReader reader = new SegReader();
        SegMapping m = reader.mapOnto(reader.read(written.seg()), back.stack());
        assertEquals(result.changed(), m.segments().mask(1));
        assertTrue(result.changed().count() > 500);
    }

    @Test
    void editJsonHoldsTheInstructionBackendSeedAndCounts() throws Exception {
        JsonNode j = new ObjectMapper().readTree(written.json().toFile());
        assertEquals(INSTRUCTION, j.get("instruction").asText());
        assertEquals(backend().name(), j.get("backend").asText());
        assertEquals(9, j.get("seed").asLong());
        assertEquals(result.changed().count(), j.get("changedVoxels").asLong());
        assertEquals(2, j.get("edits").size());
        assertEquals("remove", j.get("stats").get(0).get("kind").asText());
        assertEquals("add", j.get("stats").get(1).get("kind").asText());
    }

    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    static Map<String, String> checksums(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
