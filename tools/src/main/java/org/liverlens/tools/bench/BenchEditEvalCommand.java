package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.tools.edit.EditEvaluation;
import org.liverlens.tools.edit.EvaluationSummary;
import org.liverlens.tools.edit.NativeRange;
import org.liverlens.tools.edit.PatchClassifier;
import org.liverlens.tools.edit.RealCaseEvaluation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens bench edit-eval}: flip rates, the click at removed lesions, fill realism and the
 * edited-vs-native patch classifier of one edit backend on synthetic cases ({@link EditEvaluation},
 * {@link EvaluationSummary}); the table of docs/models.md.
 */
@Command(name = "edit-eval", mixinStandardHelpOptions = true,
        description = "Flip rates (remove / add, scored by the default model), click at removed lesions, fill realism "
                + "and patch classifier AUC of an edit backend on synthetic cases.")
final class BenchEditEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cases", defaultValue = "50", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--seed", defaultValue = "7000", description = "Seed of the first case (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backend", defaultValue = "classical",
            description = "Edit backend, by name (default ${DEFAULT-VALUE}; those of the edit service).")
    String backend;

    @Option(names = "--no-model", description = "Skip the segmentation model (no flip rates): realism and classifier only.")
    boolean noModel;

    @Option(names = "--insertions-only", description = "Score only the insertion with the model (one run per case).")
    boolean insertionsOnly;

    @Option(names = "--no-patches", description = "Skip the fill patches of every lesion (no patch classifier): "
            + "the flips of a slow backend faster.")
    boolean noPatches;

    @Option(names = "--previews", description = "Folder for before/after PNGs with the model's labels, per case.")
    Path previews;

    @Option(names = "--real", paramLabel = "DIR[=SEG]", description = "Instead of synthetic cases: a real CT series "
            + "folder, with its lesion SEG after '=' (removals and insertions) or without (insertions in the model's "
            + "liver); repeatable.")
    List<String> real;

    @Option(names = "--healthy", paramLabel = "N", description = "With --real: instead of the flip rates, remove N "
            + "lesion shapes placed on healthy liver of each series and compare the fills with the voxels that were "
            + "there, with same-shaped native places, and (across the series) by the patch classifier.")
    int healthy;

    @Option(names = "--summary", paramLabel = "FILE", description = "Rewrite the JSON summary of the cases so far "
            + "into FILE after every case (a long run stopped early keeps its figures).")
    Path summaryFile;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    private static String lesions(List<double[]> l) {
        StringBuilder b = new StringBuilder();
        for (double[] v : l) {
            b.append(String.format(Locale.ROOT, " %.0f:%.2f", v[0], v[1]));
        }
        return b.toString().trim();
    }

    private static String verdict(NativeRange.Result f) {
        return !f.scored() ? "not scored" : f.bothIn() ? "mean and SD in"
                : f.meanIn() ? "SD OUT" : f.sdIn() ? "mean OUT" : "mean and SD OUT";
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EditEvaluation evaluation;
        try {
            evaluation = new EditEvaluation(new EditEvaluation.Options(backend, !noModel, previews, !insertionsOnly,
                    !noPatches));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (real != null) {
            RealCaseEvaluation r = new RealCaseEvaluation(backend);
            List<PatchClassifier.CasePatches> patches = new ArrayList<>();
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            for (String spec : real) {
                int eq = spec.indexOf('=');
                Path dir = Path.of(eq < 0 ? spec : spec.substring(0, eq));
                Path seg = eq < 0 ? null : Path.of(spec.substring(eq + 1));
                out.println(mapper.writeValueAsString(healthy > 0 ? r.healthy(dir, seg, healthy, seed, patches)
                        : r.evaluate(dir, seg, seed)));
                out.flush();
            }
            if (healthy > 0) {
                PatchClassifier.Auc auc = PatchClassifier.evaluate(patches, 16);
                Map<String, Object> a = new java.util.LinkedHashMap<>();
                a.put("backend", backend);
                a.put("auc", auc.auc());
                a.put("ci95", new double[] {auc.lo(), auc.hi()});
                a.put("editedPatches", auc.edited());
                a.put("nativePatches", auc.nativePatches());
                a.put("cases", auc.cases());
                a.put("patchFeatureMedians", EvaluationSummary.featureMedians(patches));
                out.println(mapper.writeValueAsString(Map.of("healthyPatchClassifier", a)));
                out.flush();
            }
            return 0;
        }
        if (previews != null) {
            Files.createDirectories(previews);
        }
        List<EditEvaluation.CaseResult> results = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            EditEvaluation.CaseResult r = evaluation.evaluate(seed + c);
            results.add(r);
            out.printf(Locale.ROOT, "case %d: removal %s (coverage %.2f -> %.2f), click at its centre %s (confidence "
                            + "%.2f, %.1f mL; on native parenchyma %s %.2f %.1f mL), insertion %s (coverage %.2f, contrast %.0f HU, depth %.0f mm, in model "
                            + "liver %.2f), filled %.1f ± %.1f HU vs native %.1f ± %.1f HU (same-shaped native places: mean %.1f…%.1f, "
                            + "SD %.1f…%.1f over %d: %s; parenchyma only %.1f ± %.1f vs mean %.1f…%.1f, SD %.1f…%.1f: %s), patches %d/%d, generator lesions "
                            + "(mm:coverage) %s%n", r.seed(),
                    r.removalScored() ? r.removalFlipped() ? "flipped" : "NOT flipped" : "not scored",
                    r.removedCoverageBefore(), r.removedCoverageAfter(),
                    r.promptEmptyOrLow() ? "empty or low" : "STILL A LESION", r.promptConfidence(), r.promptMl(),
                    r.nativeClickEmptyOrLow() ? "empty or low" : "A LESION", r.nativeClickConfidence(), r.nativeClickMl(),
                    r.insertionFlipped() ? "found" : "NOT found", r.insertedCoverage(), r.insertedContrastHu(),
                    r.insertedDepthMm(), r.insertedInModelLiver(), r.filledMeanHu(), r.filledSdHu(), r.nativeMeanHu(),
                    r.nativeSdHu(), r.fillRange().meanRange()[0], r.fillRange().meanRange()[1],
                    r.fillRange().sdRange()[0], r.fillRange().sdRange()[1], r.fillRange().places(),
                    verdict(r.fillRange()), r.fillRangeParenchyma().fillMeanHu(), r.fillRangeParenchyma().fillSdHu(),
                    r.fillRangeParenchyma().meanRange()[0], r.fillRangeParenchyma().meanRange()[1],
                    r.fillRangeParenchyma().sdRange()[0], r.fillRangeParenchyma().sdRange()[1],
                    verdict(r.fillRangeParenchyma()),
                    r.editedPatches().size(), r.nativePatches().size(), lesions(r.nativeLesions()));
            out.flush();
            if (summaryFile != null) {
                Path tmp = summaryFile.resolveSibling(summaryFile.getFileName() + ".tmp");
                Files.writeString(tmp, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(EvaluationSummary.of(backend, results)));
                Files.move(tmp, summaryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Map<String, Object> summary = EvaluationSummary.of(backend, results);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else { // one line of JSON: Map.toString would print its arrays as [D@1b6d3586
            out.println("summary: " + new ObjectMapper().writeValueAsString(summary));
        }
        out.flush();
        return 0;
    }
}
