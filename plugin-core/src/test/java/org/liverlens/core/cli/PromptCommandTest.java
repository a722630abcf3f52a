package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.Peers;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.promptnet.PromptNet;
import org.liverlens.core.promptnet.PromptNetTraining;
import org.liverlens.core.seg.AlgorithmType;
import org.liverlens.core.seg.CieLab;
import org.liverlens.core.seg.Codes;
import org.liverlens.core.seg.SegMasks;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.seg.SegWriter;
import org.liverlens.core.seg.SegWriterOptions;
import org.liverlens.core.seg.Segment;
import org.liverlens.core.seg.SegmentSet;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.LocalCases;
import org.liverlens.core.segment.Segmenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code liverlens prompt} on a real CT: SEG (dciodvfy-clean), findings.json with the lesion, preview; bad prompts exit 3. */
class PromptCommandTest {
    private static final String CASE = "radcttaceomics/1720/";

    private static String ct() {
        return TestData.path(CASE + "31_EQP_Ax5.00mm").toString();
    }

    @Test
    void clickAddsTheLesionAsANewSegmentToACopyOfAnotherToolsSeg(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path liverSeg = TestData.path(CASE + "31_EQP_Ax5.00mm_ManualROI_Liver.dcm");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "--seg",
                liverSeg.toString(), "-o", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("segment 2"), r.out());

        JsonNode f = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertEquals("prompt", f.get("source").get("kind").asText());
        assertEquals(1, f.get("lesionCount").asInt());
        JsonNode lesion = f.get("lesions").get(0);
        assertEquals(2, lesion.get("segmentNumber").asInt());
        assertTrue(lesion.get("volumeMl").asDouble() > 10 && lesion.get("volumeMl").asDouble() < 60, lesion.toString());
        assertTrue(f.get("liver").get("volumeMl").asDouble() > 1500, f.toString());
        assertTrue(Files.size(out.resolve("preview.png")) > 1000);

        assertValid(out.resolve("seg.dcm"));
        Segment lesionSegment = new SegReader().read(out.resolve("seg.dcm")).segments().get(1);
        assertEquals(RegionCompetition.ALGORITHM, lesionSegment.algorithmName(), "the SEG says which method drew it");
        // The input SEG is left as it was: its liver is segment 1 of the copy, unchanged.
        InfoCommandTest.Run m = InfoCommandTest.run("measure", ct(), "--seg", out.resolve("seg.dcm").toString(),
                "--json", "--quiet");
        assertEquals(0, m.exitCode(), m.err());
        JsonNode again = new ObjectMapper().readTree(m.out());
        assertEquals(f.get("liver").get("volumeMl").asDouble(), again.get("liver").get("volumeMl").asDouble(), 1e-9);
    }

    @Test
    void theLearnedMethodsLesionIsWrittenWithTheNetworksNameAndVersion(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "--method", "learned",
                "-o", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        Segment lesion = new SegReader().read(out.resolve("seg.dcm")).segments().get(0);
        try (PromptNet shipped = PromptNet.shipped()) {
            assertEquals(PromptNetTraining.NAME, shipped.spec().name());
            assertEquals("LiverLens prompt network " + PromptNetTraining.NAME + " " + shipped.spec().version(),
                    lesion.algorithmName(), "the SEG names the network and its version");
        }
        assertValid(out.resolve("seg.dcm"));
    }

    @Test
    void clickWithoutSegWritesTheLesionAlone(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "-o", out.toString(),
                "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("segment 1"), r.out());
        JsonNode f = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertEquals(1, f.get("lesionCount").asInt());
        assertValid(out.resolve("seg.dcm"));
    }

    @Test
    void clickOutsideTheSeriesExitsWith3AndWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,99", "-o", out.toString(),
                "--quiet");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("outside the series"), r.err());
        assertFalse(Files.exists(out.resolve("seg.dcm")));
    }

    @Test
    void clickInAirExitsWith3WithTheReasonAndWritesNothing(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "5,5,20", "-o", out.toString(),
                "--quiet");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("no lesion found") && r.err().contains("air"), r.err());
        assertFalse(Files.exists(out.resolve("seg.dcm")));
    }

    @Test
    void zeroSizeBoxExitsWith3(@TempDir Path tmp) {
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--box", "100,300,100,320,30", "-o",
                tmp.resolve("out").toString(), "--quiet");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("zero size"), r.err());
    }

    @Test
    void malformedPointIsAUsageError(@TempDir Path tmp) {
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309", "-o",
                tmp.resolve("out").toString(), "--quiet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("X,Y,Z"), r.err());
    }

    @Test
    void boxInMillimetresFindsTheLesion(@TempDir Path tmp) throws Exception {
        // Lesion 2 of 1720 spans about i 100-140, j 290-330 on k 30; to mm: x = -202.881 + 0.744141 i,
        // y = -200.918 + 0.744141 j, z = -228.875 + 5 k.
        double x0 = -202.881058 + 0.744141 * 95;
        double y0 = -200.917969 + 0.744141 * 285;
        double x1 = -202.881058 + 0.744141 * 145;
        double y1 = -200.917969 + 0.744141 * 335;
        double z = -228.875 + 5 * 30;
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--mm", "--box",
                x0 + "," + y0 + "," + x1 + "," + y1 + "," + z, "-o", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode f = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertEquals(1, f.get("lesionCount").asInt());
        assertTrue(f.get("lesions").get(0).get("volumeMl").asDouble() > 5, f.toString());
    }

    @Test
    void clickAddsTheLesionToAnotherToolsTumourOnlySegWithoutLiver(@TempDir Path tmp) throws Exception {
        // highdicom's manual SEG of 1720: one "Tumor" segment (two lesions), no liver
        Path out = tmp.resolve("out");
        Path tumourSeg = TestData.path(CASE + "31_EQP_Ax5.00mm_ManualROI_Tumor.dcm");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "175,196,28", "--seg",
                tumourSeg.toString(), "-o", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertValid(out.resolve("seg.dcm"));

        // pydicom reads the input's segment unchanged and the new one beside it
        Map<Integer, SegMasks.Summary> input = SegMasks.of(Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py",
                tumourSeg.toString(), ct()));
        Map<Integer, SegMasks.Summary> output = SegMasks.of(Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py",
                out.resolve("seg.dcm").toString(), ct()));
        assertEquals(input.keySet(), java.util.Set.of(1));
        assertEquals(input.get(1), output.get(1));
        assertEquals(java.util.Set.of(1, 2), output.keySet());

        // findings: the tool's tumour segment and the prompted lesion, with the voxels pydicom counts
        JsonNode f = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertEquals(2, f.get("lesionCount").asInt(), f.toString());
        JsonNode prompted = null;
        for (JsonNode l : f.get("lesions")) {
            if (l.get("segmentNumber").asInt() == 2) {
                prompted = l;
            }
        }
        assertTrue(prompted != null, f.toString());
        double voxelMl = 0.744141 * 0.744141 * 5 / 1000;
        assertEquals(output.get(2).count() * voxelMl, prompted.get("volumeMl").asDouble(), 0.01);
        assertTrue(prompted.get("recist").get("longMm").asDouble() > 20, prompted.toString());
    }

    @Test
    void clickOnALesionOfALiverLensSegCountsAsInsideTheLiver(@TempDir Path tmp) throws Exception {
        // A SEG laid out as 'segment' writes it: segment 1 the liver WITHOUT its lesions, segment 2 a lesion.
        Stack stack = CtSeries.choose(new DicomScanner().scan(Path.of(ct()), Progress.NONE, Cancellation.NONE), null,
                Path.of(ct()));
        SegReader reader = new SegReader();
        SegmentSet liver = reader.mapOnto(reader.read(TestData.path(CASE + "31_EQP_Ax5.00mm_ManualROI_Liver.dcm")),
                stack).segments();
        SegmentSet tumour = reader.mapOnto(reader.read(TestData.path(CASE + "31_EQP_Ax5.00mm_ManualROI_Tumor.dcm")),
                stack).segments();
        BitMask lesion = tumour.mask(1);
        SegmentSet layout = SegmentSet.binary(liver.geometry());
        BitMask liverOnly = layout.addBinary(new Segment(1, "Liver", Codes.ANATOMICAL_STRUCTURE, Codes.LIVER,
                AlgorithmType.MANUAL, null, null, CieLab.fromRgb(200, 120, 100), null));
        BitMask l = liver.mask(1);
        for (int k = 0; k < l.geometry().slices(); k++) {
            for (int p = 0; p < l.geometry().columns() * l.geometry().rows(); p++) {
                if (l.getIndex(k, p) && !lesion.getIndex(k, p)) {
                    liverOnly.setIndex(k, p);
                }
            }
        }
        layout.addBinary(new Segment(2, "Lesion 1", Codes.MORPHOLOGICALLY_ALTERED_STRUCTURE, Codes.NEOPLASM,
                AlgorithmType.MANUAL, null, null, CieLab.fromRgb(250, 200, 0), null)).addAll(lesion);
        Path seg = tmp.resolve("liverlens-layout.dcm");
        new SegWriter().write(layout, stack, SegWriterOptions.defaults(), seg);

        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "--seg", seg.toString(),
                "-o", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("segment 3"), r.out());
    }

    @Test
    void acceptSavesTheCtAndSegAsALocalCaseThatFineTuningReads(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path cases = tmp.resolve("cases");
        Path liverSeg = TestData.path(CASE + "31_EQP_Ax5.00mm_ManualROI_Liver.dcm");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "--seg",
                liverSeg.toString(), "--accept", cases.toString(), "-o", out.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        List<Path> saved;
        try (java.util.stream.Stream<Path> s = Files.list(cases)) {
            saved = s.toList();
        }
        assertEquals(1, saved.size(), saved.toString());
        Path caseDir = saved.get(0);
        assertEquals("1801040320200103051513090319.1720.3.4", caseDir.getFileName().toString());
        assertEquals(Files.size(out.resolve("seg.dcm")), Files.size(caseDir.resolve("seg.dcm")));
        try (java.util.stream.Stream<Path> s = Files.list(caseDir.resolve("ct"))) {
            assertEquals(52, s.count(), "the axial slices only, not the coronal reformat");
        }

        List<String> notes = new java.util.ArrayList<>();
        LabelledCt c = LocalCases.read(caseDir, notes::add);
        assertTrue(c.tumourLabelled());
        assertEquals(List.of(), notes);
        assertEquals(SegMasks.of(Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py",
                out.resolve("seg.dcm").toString(), ct())).get(2).count(), c.labels().count(Segmenter.TUMOUR));
    }

    @Test
    void acceptingTheSameSeriesAgainReplacesItsSegOnly(@TempDir Path tmp) throws Exception {
        Path cases = tmp.resolve("cases");
        Path liverSeg = TestData.path(CASE + "31_EQP_Ax5.00mm_ManualROI_Liver.dcm");
        assertEquals(0, InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "--seg", liverSeg.toString(),
                "--accept", cases.toString(), "-o", tmp.resolve("one").toString(), "--quiet").exitCode());
        Path second = tmp.resolve("two");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "175,196,28", "--seg",
                tmp.resolve("one/seg.dcm").toString(), "--accept", cases.toString(), "-o", second.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        Path caseDir = cases.resolve("1801040320200103051513090319.1720.3.4");
        try (java.util.stream.Stream<Path> s = Files.list(cases)) {
            assertEquals(1, s.count());
        }
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(second.resolve("seg.dcm")),
                Files.readAllBytes(caseDir.resolve("seg.dcm"))));
        LabelledCt c = LocalCases.read(caseDir, n -> { });
        Map<Integer, SegMasks.Summary> peer = SegMasks.of(Peers.pydicom("/org/liverlens/core/cli/pydicom_seg.py",
                second.resolve("seg.dcm").toString(), ct()));
        assertEquals(3, peer.size(), "liver and both prompted lesions");
    }

    @Test
    void acceptWithoutALiverIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path cases = tmp.resolve("cases");
        Path out = tmp.resolve("out");
        InfoCommandTest.Run r = InfoCommandTest.run("prompt", ct(), "--point", "120,309,30", "--seg",
                TestData.path(CASE + "31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString(), "--accept", cases.toString(),
                "-o", out.toString(), "--quiet");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("no liver segment"), r.err());
        assertFalse(Files.exists(cases));
        assertFalse(Files.exists(out.resolve("seg.dcm")));
    }

    /**
     * dciodvfy finds no error of ours. The SEG must carry the CT's StudyInstanceUID and reference its
     * SeriesInstanceUID, whose roots are illegal in this case (test-data README): those two are the source's.
     */
    private static void assertValid(Path seg) throws Exception {
        String study = "1801040320200103051513090319.1720.3";
        String series = "1801040320200103051513090319.1720.3.4";
        Dciodvfy.Report report = Dciodvfy.validate(seg);
        List<String> ours = report.errors().stream().filter(e -> !(e.contains("Illegal root for UID")
                && (e.endsWith("<" + study + ">") || e.endsWith("<" + series + ">")))).toList();
        assertEquals(List.of(), ours, report.output());
    }
}
