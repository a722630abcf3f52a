package org.liverlens.testdicom.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.TestData;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.SliceRef;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.SegDocument;
import org.liverlens.core.seg.SegFrame;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.testdicom.LesionSpec;
import org.liverlens.testdicom.LesionType;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;

/**
 * {@code liverlens segment} end to end on a small synthetic CT, with a segmenter that answers the
 * generator's ground truth: the SEG is valid and lies on the CT's slices, findings.json agrees with
 * truth.json and with voxel counts, the preview is written, and bad input gives clear results.
 */
class SegmentCommandTest {
    @TempDir
    static Path tmp;

    static SyntheticCt ct;
    static Path ctDir;
    static Path out;
    static CliRun.Result run;
    static JsonNode findings;
    static JsonNode truth;

    @BeforeAll
    static void segmentSyntheticCase() throws Exception {
        SyntheticCt.Params p = SyntheticCt.Params.defaults().withSeed(5).withSize(128, 112, 28)
                .withSpacing(3.0, 5.0).withLesions(List.of(LesionSpec.random(LesionType.HYPODENSE, 36),
                        LesionSpec.random(LesionType.HYPERDENSE, 22), LesionSpec.random(LesionType.HYPODENSE, 16)));
        ct = new SyntheticCt(p);
        ctDir = tmp.resolve("ct");
        new SyntheticCtWriter(2).write(ct, ctDir, tmp.resolve("ground-truth"), Progress.NONE);
        out = tmp.resolve("out");
        run = CliRun.run(new KnownLabelsSegmenter(ct), "segment", ctDir.toString(), "-o", out.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        ObjectMapper mapper = new ObjectMapper();
        findings = mapper.readTree(out.resolve("findings.json").toFile());
        truth = mapper.readTree(tmp.resolve("ground-truth/truth.json").toFile());
    }

    @Test
    void writesSegFindingsAndPreviewAndSaysWhere() throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(Set.of("seg.dcm", "findings.json", "preview.png"),
                    new HashSet<>(files.map(f -> f.getFileName().toString()).toList()), "and no temporary files");
        }
        assertTrue(run.out().contains(out.resolve("seg.dcm").toString()), run.out());
        assertTrue(run.out().contains(out.resolve("findings.json").toString()), run.out());
        assertTrue(run.out().contains(out.resolve("preview.png").toString()), run.out());
        assertTrue(run.out().contains("lesions:  3"), run.out());
        assertTrue(ImageIO.read(out.resolve("preview.png").toFile()).getWidth() > 300);
    }

    @Test
    void findingsAgreeWithTheGeneratorsTruth() {
        JsonNode lesions = findings.get("lesions");
        assertEquals(truth.get("lesions").size(), findings.get("lesionCount").asInt());
        double voxelMl = findings.get("voxelVolumeMl").asDouble();
        assertEquals(truth.get("geometry").get("voxelVolumeMl").asDouble(), voxelMl, 1e-12);
        assertEquals(truth.get("liver").get("voxels").asLong(), findings.get("liver").get("voxels").asLong());
        assertEquals(truth.get("liver").get("volumeMl").asDouble(), findings.get("liver").get("volumeMl").asDouble(),
                0.001);
        for (JsonNode t : truth.get("lesions")) {
            // Our lesion with the same voxel count; numbering is by volume, the generator's by spec.
            JsonNode ours = null;
            for (JsonNode l : lesions) {
                if (l.get("voxels").asLong() == t.get("voxels").asLong()) {
                    ours = l;
                }
            }
            assertTrue(ours != null, "no lesion of " + t.get("voxels") + " voxels in " + lesions);
            assertEquals(t.get("volumeMl").asDouble(), ours.get("volumeMl").asDouble(), 0.001);
            double[] centre = {t.get("centreMm").get(0).asDouble(), t.get("centreMm").get(1).asDouble(),
                t.get("centreMm").get(2).asDouble()};
            JsonNode c = ours.get("centroid").get("mm");
            double d = Math.hypot(Math.hypot(c.get(0).asDouble() - centre[0], c.get(1).asDouble() - centre[1]),
                    c.get(2).asDouble() - centre[2]);
            assertTrue(d < 3.0, "centroid " + c + " is " + d + " mm from the lesion centre " + t.get("centreMm")
                    + " (the lesions are lobulated, voxels 3 × 3 × 5 mm)");
            double diameter = t.get("diameterMm").asDouble();
            double longMm = ours.get("recist").get("longMm").asDouble();
            assertTrue(longMm > 0.7 * diameter && longMm < 1.6 * diameter,
                    "RECIST " + longMm + " mm for a lesion of nominal diameter " + diameter + " mm");
        }
    }

    @Test
    void volumesAreVoxelCountsTimesVoxelVolume() {
        double voxelMl = findings.get("voxelVolumeMl").asDouble();
        long tumour = 0;
        for (JsonNode l : findings.get("lesions")) {
            assertEquals(l.get("voxels").asLong() * voxelMl, l.get("volumeMl").asDouble(), 0.0005);
            tumour += l.get("voxels").asLong();
        }
        assertEquals(findings.get("liver").get("voxels").asLong() * voxelMl,
                findings.get("liver").get("volumeMl").asDouble(), 0.0005);
        assertEquals(tumour * voxelMl, findings.get("tumourVolumeMl").asDouble(), 0.0005);
        assertEquals(100.0 * tumour / findings.get("liver").get("voxels").asLong(),
                findings.get("tumourBurdenPercent").asDouble(), 0.0005);
    }

    @Test
    void segPassesDciodvfy() throws Exception {
        Dciodvfy.Report report = Dciodvfy.validate(out.resolve("seg.dcm"));
        assertEquals(List.of(), report.errors(), report.output());
    }

    @Test
    void segHasLiverAndOneSegmentPerLesionOnTheCtSlices() {
        Stack stack = new DicomScanner(2).scan(ctDir, Progress.NONE, Cancellation.NONE).series().get(0).primaryStack()
                .orElseThrow();
        SegReader reader = new SegReader();
        SegDocument seg = reader.read(out.resolve("seg.dcm"));
        int lesions = findings.get("lesionCount").asInt();
        assertEquals(1 + lesions, seg.segments().size());
        assertTrue(seg.segments().get(0).type().sameConceptAs(Codes.LIVER));
        for (int n = 1; n <= lesions; n++) {
            assertEquals("Lesion " + n, seg.segments().get(n).label());
            assertTrue(seg.segments().get(n).type().sameConceptAs(Codes.NEOPLASM));
            assertEquals("ground-truth", seg.segments().get(n).algorithmName());
        }
        // Every frame lies exactly on a CT slice position and references that slice.
        Set<String> ctPositions = new HashSet<>();
        for (SliceRef s : stack.slices()) {
            ctPositions.add(java.util.Arrays.toString(s.positionMm()));
        }
        SegMapping mapping = reader.mapOnto(seg, stack);
        assertEquals(List.of(), mapping.warnings(), "references and positions agree");
        int[] kOfFrame = mapping.sliceOfFrame();
        for (int f = 0; f < seg.frames().size(); f++) {
            SegFrame frame = seg.frames().get(f);
            assertTrue(ctPositions.contains(java.util.Arrays.toString(frame.positionMm())),
                    "frame " + f + " at " + java.util.Arrays.toString(frame.positionMm()));
            assertArrayEquals(stack.slices().get(kOfFrame[f]).positionMm(), frame.positionMm(), 1e-9);
        }
        // The SEG's voxels are the labels: liver segment = liver without lesions, lesion n = findings lesion n.
        var set = mapping.segments();
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        long liver = 0;
        for (int k = 0; k < stack.geometry().slices(); k++) {
            ct.renderSlice(k, b);
            for (int p = 0; p < b.labels.length; p++) {
                boolean isLiver = b.labels[p] == org.liverlens.testdicom.Label.LIVER.value();
                assertEquals(isLiver, set.mask(1).getIndex(k, p), "liver voxel " + p + " of slice " + k);
                liver += isLiver ? 1 : 0;
            }
        }
        assertEquals(liver, set.mask(1).count());
        for (JsonNode l : findings.get("lesions")) {
            assertEquals(l.get("voxels").asLong(), set.mask(l.get("segmentNumber").asInt()).count());
        }
    }

    @Test
    void measuringTheWrittenSegGivesTheSameFindings() throws Exception {
        CliRun.Result r = CliRun.run(null, "measure", ctDir.toString(), "--seg", out.resolve("seg.dcm").toString(),
                "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode again = new ObjectMapper().readTree(r.out());
        assertEquals(findings.get("liver").get("voxels"), again.get("liver").get("voxels"));
        assertEquals(findings.get("lesions").size(), again.get("lesions").size());
        for (int n = 0; n < findings.get("lesions").size(); n++) {
            JsonNode a = findings.get("lesions").get(n);
            JsonNode b = again.get("lesions").get(n);
            for (String key : new String[] {"id", "segmentNumber", "voxels", "volumeMl", "recist", "hu", "centroid"}) {
                assertEquals(a.get(key), b.get(key), key + " of lesion " + (n + 1));
            }
        }
        assertEquals("ground-truth", again.get("model").get("name").asText(), "the SEG's algorithm names the model");
    }

    @Test
    void ctWithoutLiverInViewIsAClearEmptyResult() throws Exception {
        Path empty = tmp.resolve("out-empty");
        CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(null), "segment", ctDir.toString(), "-o",
                empty.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("no liver in view"), r.out());
        JsonNode f = new ObjectMapper().readTree(empty.resolve("findings.json").toFile());
        assertEquals(0, f.get("lesionCount").asInt());
        assertEquals(0.0, f.get("liver").get("volumeMl").asDouble());
        assertEquals(0.0, f.get("tumourBurdenPercent").asDouble());
        assertEquals(0, f.get("skipped").size(), "findings.json lists skipped files, here none");
        assertTrue(f.get("messages").get(0).asText().contains("no liver in view"));
        assertEquals(List.of(), Dciodvfy.validate(empty.resolve("seg.dcm")).errors());
        assertTrue(Files.size(empty.resolve("preview.png")) > 1000);
    }

    @Test
    void nonCtInputIsRefusedWithExitCode3() throws Exception {
        Path mr = Files.createDirectories(tmp.resolve("mr"));
        Files.copy(TestData.path("pydicom-data/MR_small.dcm"), mr.resolve("MR_small.dcm"));
        CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(ct), "segment", mr.toString(), "-o",
                tmp.resolve("out-mr").toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("no CT series found (found 1 MR series)"), r.err());
        assertTrue(!Files.exists(tmp.resolve("out-mr")), "nothing written");
    }

    @Test
    void missingSliceIsRefusedUnlessGapsAreAllowed() throws Exception {
        SyntheticCt small = new SyntheticCt(SyntheticCt.Params.defaults().withSeed(5).withSize(96, 84, 20)
                .withSpacing(4.0, 5.0).withRandomLesions(2).withLesionDiameterRange(15, 30));
        Path dir = tmp.resolve("gap/ct");
        new SyntheticCtWriter(2).write(small, dir, tmp.resolve("gap/ground-truth"), Progress.NONE);
        Files.delete(dir.resolve("slice-0010.dcm"));
        Path gapOut = tmp.resolve("gap/out");
        CliRun.Result refused = CliRun.run(new KnownLabelsSegmenter(small), "segment", dir.toString(), "-o",
                gapOut.toString());
        assertEquals(3, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("--allow-gaps"), refused.err());

        CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(small), "--allow-gaps", "segment", dir.toString(), "-o",
                gapOut.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("interpolated onto the regular grid: k = 9"), r.err());
        // Frames on the interpolated slice have no source image: an empty (Type 2) derivation sequence.
        Dciodvfy.Report report = Dciodvfy.validate(gapOut.resolve("seg.dcm"));
        assertEquals(List.of(), report.errors(), report.output());
    }

    @Test
    void truncatedSliceInsideTheStackIsAGapAndIsListedAsSkipped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("truncated/ct"));
        try (Stream<Path> files = Files.list(ctDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Path cut = dir.resolve("slice-0014.dcm");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(cut,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(cut) - 5000);
        }
        CliRun.Result refused = CliRun.run(new KnownLabelsSegmenter(ct), "segment", dir.toString(), "-o",
                tmp.resolve("truncated/refused").toString());
        assertEquals(3, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains(cut + ": cannot be used (truncated"), refused.err());
        assertTrue(refused.err().contains("--allow-gaps"), refused.err());

        Path allowed = tmp.resolve("truncated/allowed");
        CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(ct), "--allow-gaps", "segment", dir.toString(), "-o",
                allowed.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("note: skipped " + cut + ": truncated"), r.err());
        JsonNode skipped = new ObjectMapper().readTree(allowed.resolve("findings.json").toFile()).get("skipped");
        assertEquals(1, skipped.size(), skipped.toString());
        assertEquals(cut.toString(), skipped.get(0).get("file").asText());
        // The slice is interpolated, not closed up: the grid keeps every slice, so volumes keep their scale.
        assertEquals(findings.get("voxelVolumeMl").asDouble(), new ObjectMapper().readTree(allowed.resolve(
                "findings.json").toFile()).get("voxelVolumeMl").asDouble(), 1e-12);
        assertTrue(r.err().contains("interpolated onto the regular grid: k = 13"), r.err());
    }

    @Test
    void unknownDeviceIsAUsageError() {
        CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(ct), "segment", ctDir.toString(), "-o",
                tmp.resolve("x").toString(), "--device", "tpu");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("device must be auto, cpu or gpu"), r.err());
    }
}
