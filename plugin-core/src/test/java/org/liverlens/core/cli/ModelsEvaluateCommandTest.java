package org.liverlens.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.segment.Evaluation;
import org.liverlens.core.segment.EvaluationSummary;
import org.liverlens.core.segment.LesionDetection;

/** {@code models evaluate}: its output checks and the side-by-side table of several packages. */
class ModelsEvaluateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void jsonThatIsAFolderIsRefusedBeforeAnyWork() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("scores"));
        CliRun.Result r = CliRun.run(null, "models", "evaluate", "--synthetic", "0", "--no-real", "--json",
                folder.toString());
        assertEquals(3, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("--json"), r.err());
        assertEquals("", r.out(), "nothing loaded, nothing printed");
    }

    private static Evaluation.CaseScore score(boolean detected, int falsePositives) {
        LesionDetection.ReferenceLesion l = new LesionDetection.ReferenceLesion(1, 100, 0.1, 15, detected ? 80 : 0,
                detected, detected ? 13 : Double.NaN);
        return new Evaluation.CaseScore("case", 0.9, 0.5, 1000, 1100, 100, 90, true, Map.of("inference", 2.0),
                new LesionDetection.Result(List.of(l), falsePositives + (detected ? 1 : 0), falsePositives));
    }

    @Test
    void summaryPutsEachPackageInItsOwnColumn() {
        List<ModelsEvaluateCommand.Row> rows = List.of(
                new ModelsEvaluateCommand.Row("a", "real", List.of(score(false, 2), score(true, 0))),
                new ModelsEvaluateCommand.Row("b", "real", List.of(score(true, 1), score(true, 0))));
        Map<String, List<EvaluationSummary>> s = ModelsEvaluateCommand.summaries(rows, 2);
        StringWriter text = new StringWriter();
        EvaluationTable.printSummary(new PrintWriter(text), List.of("old 1.0.0", "new 2.0.0"), s);
        String out = text.toString();
        assertTrue(out.contains("| real (2 cases; 2 with a tumour reference) | old 1.0.0 | new 2.0.0 |"), out);
        assertTrue(out.contains("| recall 10-20 mm | 0.50 (1/2) | 1.00 (2/2) |"), out);
        assertTrue(out.contains("| false positives per case | 1.50 (3) | 0.00 (0) |"), out);
        assertTrue(out.contains("| RECIST long-axis error of detected lesions, mean (mean absolute), mm | -2.0 (2.0) |"),
                out);
    }

    @Test
    void undefinedFiguresAreNullInTheJson() {
        Evaluation.CaseScore noTumour = new Evaluation.CaseScore("liver only", 0.95, Double.NaN, 1000, 1000, 0, 0, false,
                Map.of(), null);
        List<ModelsEvaluateCommand.Row> rows = List.of(new ModelsEvaluateCommand.Row("liver only", "real",
                List.of(noTumour)));
        String json = EvaluationTable.json(List.of(), List.of("m"), rows, ModelsEvaluateCommand.summaries(rows, 1));
        assertTrue(json.contains("\"tumourDice\" : null"), json);
        assertTrue(!json.contains("NaN"), json);
    }
}
