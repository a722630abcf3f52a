package org.liverlens.testdicom.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.cli.CliRun;
import org.liverlens.testdicom.DefaultDemoData;
import org.liverlens.testdicom.SyntheticCt;

/** {@code liverlens demo}: the bundled case segmented and measured, its ground truth measured and labelled as such. */
class DemoCommandTest {

    /**
     * With a segmenter (here one that answers the phantom's truth), demo writes what 'segment' writes
     * and scores it against the truth; the ground truth is measured beside it, labelled as such.
     */
    @Test
    void demoSegmentsMeasuresAndComparesWithTheGroundTruth(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("demo");
        CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(new SyntheticCt(DefaultDemoData.params())), "demo", "-o",
                out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("Segmentation by model ground-truth test"), r.out());
        assertTrue(r.out().contains("vs truth: liver Dice 1.000, tumour Dice 1.000"), r.out());
        assertTrue(r.out().contains("not a model result"), r.out());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode model = mapper.readTree(out.resolve("findings.json").toFile());
        assertEquals("model", model.get("source").get("kind").asText());
        assertEquals(3, model.get("lesionCount").asInt());
        assertTrue(Files.size(out.resolve("seg.dcm")) > 1000);
        assertTrue(Files.size(out.resolve("preview.png")) > 10_000);

        JsonNode f = mapper.readTree(out.resolve("ground-truth/findings.json").toFile());
        JsonNode truth = mapper.readTree(out.resolve("ground-truth/truth.json").toFile());
        assertEquals("ground-truth", f.get("source").get("kind").asText());
        assertTrue(f.get("model").isNull(), "no model made these labels");
        assertEquals(truth.get("liver").get("voxels").asLong(), f.get("liver").get("voxels").asLong());
        assertEquals(3, f.get("lesionCount").asInt());
        List<Long> ours = new ArrayList<>();
        List<Long> theirs = new ArrayList<>();
        f.get("lesions").forEach(l -> ours.add(l.get("voxels").asLong()));
        truth.get("lesions").forEach(l -> theirs.add(l.get("voxels").asLong()));
        theirs.sort((a, b) -> Long.compare(b, a));
        assertEquals(theirs, ours, "the demo's three lesions, largest first");
        assertTrue(Files.size(out.resolve("ground-truth/preview.png")) > 10_000);
    }

    /**
     * Demo clicks once on the model's lesion 1 and writes what 'prompt --seg seg.dcm' writes into
     * prompt/: the model's segments and the prompted lesion, its findings and preview.
     */
    @Test
    void demoAddsOnePromptedLesionClickedOnLesionOne(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("demo");
        CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(new SyntheticCt(DefaultDemoData.params())), "demo", "-o",
                out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("Prompted lesion (liverlens prompt "), r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Dice against the model's lesion 1: ([0-9.]+); "
                + "against the true lesion there: ([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(2)) > 0.7, "the click finds the true lesion: " + m.group());

        JsonNode f = new ObjectMapper().readTree(out.resolve("prompt/findings.json").toFile());
        assertEquals("prompt", f.get("source").get("kind").asText());
        assertEquals(4, f.get("lesionCount").asInt(), "the model's three lesions and the prompted one");
        assertEquals(5, f.get("lesions").findValues("segmentNumber").stream().mapToInt(JsonNode::asInt).max().orElse(0),
                "the prompted lesion is segment 5, after the model's liver and three lesions");
        assertTrue(Files.size(out.resolve("prompt/seg.dcm")) > 1000);
        assertTrue(Files.size(out.resolve("prompt/preview.png")) > 10_000);
    }

    /** A -o where a result file is a folder is refused before the CT is generated, not after the work. */
    @Test
    void anOutputThatCannotTakeTheResultsIsRefusedBeforeTheCtIsGenerated(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("demo").resolve("seg.dcm")).getParent();
        CliRun.Result r = CliRun.run(new KnownLabelsSegmenter(new SyntheticCt(DefaultDemoData.params())), "demo", "-o",
                out.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("-o: seg.dcm inside the output folder is a folder"), r.err());
        assertFalse(Files.exists(out.resolve("ct")), "the CT was generated before the output was checked");
    }
}
