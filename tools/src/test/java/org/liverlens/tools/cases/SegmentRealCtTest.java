package org.liverlens.tools.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverlens.core.Dciodvfy;
import org.liverlens.core.TestData;
import org.liverlens.core.cli.CliRun;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.seg.SegMapping;
import org.liverlens.core.seg.SegReader;
import org.liverlens.core.segment.Evaluation;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.LabelVolume;

/**
 * {@code liverlens segment} with the shipped model on every real CT series of the shared test data
 * that holds a liver, end to end: exit 0, a SEG that passes dciodvfy, and that SEG read back onto
 * the CT (frames placed by position) overlaps the independent reference liver with a Dice above
 * 0.88 (docs/models.md reports the exact figures). The TotalSegmentator DICOM has empty Study and
 * Series UIDs: the SEG gets stand-ins and the user is told.
 */
class SegmentRealCtTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"totalsegmentator", "radcttaceomics/0697", "radcttaceomics/1720"})
    void theDefaultModelSegmentsTheRealCt(String name) throws Exception {
        Path data = TestData.root();
        LabelledCt reference;
        Path ctDir;
        if (name.equals("totalsegmentator")) {
            ctDir = data.resolve("totalsegmentator/tests/reference_files/example_ct_dicom");
            reference = new RealCases().evaluation(data).get(0);
        } else {
            ctDir = data.resolve(name).resolve("31_EQP_Ax5.00mm");
            reference = RealCases.radcttaceomics(data.resolve(name), name);
        }
        Path out = tmp.resolve("out");
        CliRun.Result r = CliRun.run(null, "segment", ctDir.toString(), "-o", out.toString(), "--device", "cpu");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        if (name.equals("totalsegmentator")) {
            assertTrue(r.err().contains("empty StudyInstanceUID (0020,000D)"), r.err());
        }
        Stack stack = RealCases.ctStack(ctDir);
        // radcttaceomics' own Study/Series UIDs have an invalid root; the SEG must repeat them to join
        // the CT's study, so dciodvfy's complaint about exactly those values is the source's, not ours.
        String study = stack.first().studyInstanceUid();
        String series = stack.first().seriesInstanceUid();
        Dciodvfy.Report report = Dciodvfy.validate(out.resolve("seg.dcm"));
        List<String> ours = report.errors().stream()
                .filter(e -> !(e.contains("Illegal root for UID") && (e.endsWith("<" + study + ">")
                        || e.endsWith("<" + series + ">"))))
                .toList();
        assertEquals(List.of(), ours, report.output());

        SegReader reader = new SegReader();
        SegMapping mapped = reader.mapOnto(reader.read(out.resolve("seg.dcm")), stack);
        LabelVolume organ = new LabelVolume(stack.geometry());
        for (BitMask m : mapped.segments().masks().values()) {
            organ.paint(m, Segmenter.LIVER);
        }
        Evaluation.CaseScore score = Evaluation.score(name, reference.labels(), organ, false, java.util.Map.of());
        // 0697: model 2.0.0 takes bowel beside the liver and misses the left lobe at the dome (0.891; 0.879 until
        // its gallbladder, dropped as a lesion outside the liver, stopped becoming liver: docs/models.md "Dropped
        // lesions outside the liver become background"; 1.0.0 0.933): the floor records it, not a goal
        double floor = 0.88;
        assertTrue(score.liverDice() > floor, "liver Dice of the written SEG " + score.liverDice());

        JsonNode findings = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        double voxelMl = stack.geometry().voxelVolumeMl();
        assertEquals(organ.count(Segmenter.LIVER) * voxelMl, findings.get("liver").get("volumeMl").asDouble(),
                0.05 * organ.count(Segmenter.LIVER) * voxelMl, "findings.json liver volume against the SEG's voxels");
    }
}
