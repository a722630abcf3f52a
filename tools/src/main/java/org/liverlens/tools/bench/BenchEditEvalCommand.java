package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.tools.edit.EditEvaluation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens bench edit-eval}: flip rates and realism of the classical edit backend on synthetic
 * cases, scored with the default model ({@link EditEvaluation}); the table of docs/models.md.
 */
@Command(name = "edit-eval", mixinStandardHelpOptions = true,
        description = "Flip rates (remove / add, scored by the default model) and fill realism on synthetic cases.")
final class BenchEditEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cases", defaultValue = "50", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--seed", defaultValue = "7000", description = "Seed of the first case (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EditEvaluation evaluation = new EditEvaluation();
        List<EditEvaluation.CaseResult> results = new ArrayList<>();
        for (int c = 0; c < cases; c++) {
            EditEvaluation.CaseResult r = evaluation.evaluate(seed + c);
            results.add(r);
            out.printf(Locale.ROOT, "case %d: removal %s (coverage %.2f -> %.2f), insertion %s (coverage %.2f), "
                            + "filled %.1f ± %.1f HU vs native %.1f ± %.1f HU%n", r.seed(),
                    r.removalScored() ? r.removalFlipped() ? "flipped" : "NOT flipped" : "not scored",
                    r.removedCoverageBefore(), r.removedCoverageAfter(), r.insertionFlipped() ? "found" : "NOT found",
                    r.insertedCoverage(), r.filledMeanHu(), r.filledSdHu(), r.nativeMeanHu(), r.nativeSdHu());
            out.flush();
        }
        Map<String, Object> summary = EditEvaluation.summary(results);
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            out.println(summary);
        }
        out.flush();
        return 0;
    }
}
