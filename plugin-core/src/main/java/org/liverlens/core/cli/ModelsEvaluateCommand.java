package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.Evaluation;
import org.liverlens.core.segment.EvaluationSummary;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.segment.Training;
import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code liverlens models evaluate [PKG...]}: every package on the same cases, side by side: the
 * synthetic evaluation seeds (never trained on) and the real cases of the shared test data with a
 * reference. Prints one Markdown row per case and package as it goes, then the pooled table
 * (docs/models.md, "Scores"); {@code --json FILE} writes every figure, lesion by lesion.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score packages side by side: liver and tumour Dice, liver volume error, lesion detection by size "
                + "(recall, false positives per case, RECIST long-axis error) on synthetic cases (seeds never used by "
                + "'train') and on the real cases of the shared test data that no shipped model is trained on."})
final class ModelsEvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PKG", arity = "0..*",
            description = "Packages to compare (folder, zip, installed name, or 'default'); default: the default model.")
    List<String> packages = new ArrayList<>();

    @Option(names = "--synthetic", defaultValue = "20", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--seed", defaultValue = "900000",
            description = "First synthetic seed (default ${DEFAULT-VALUE}; training uses 1000 upwards).")
    long seed;

    @Option(names = "--test-data", paramLabel = "DIR", description = "Shared test data (default: as train).")
    Path testData;

    @Option(names = "--no-real", description = "Synthetic cases only.")
    boolean noReal;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu.")
    String device;

    @Option(names = "--lesions", paramLabel = "network|detector|combined", defaultValue = "network",
            converter = SegmentCommand.LesionSourceConverter.class,
            description = "Where lesions come from, as segment --lesions (default: ${DEFAULT-VALUE}).")
    org.liverlens.core.segment.LesionSource lesions;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every score, lesion by lesion, as JSON.")
    Path json;

    /** One evaluated case: its name, group and each package's score (in package order). */
    record Row(String name, String group, List<Evaluation.CaseScore> scores) {
    }

    @Override
    public Integer call() {
        if (synthetic < 0 || synthetic > Training.Options.MAX_SYNTHETIC) {
            throw new InvalidInputException("--synthetic is " + synthetic + ", allowed 0…" + Training.Options.MAX_SYNTHETIC,
                    null, "give the number of synthetic cases to score, e.g. --synthetic 20 (0: real cases only)");
        }
        if (json != null) {
            OutputTarget.file(json, "--json", "evaluation.json");
        }
        PrintWriter out = spec.commandLine().getOut();
        // before any work: the real cases come with the tools jar, which may be missing
        ReferenceCases realCases = noReal ? null : ReferenceCases.find();
        Path data = null;
        if (!noReal) {
            data = testData != null ? testData : TrainCommand.defaultTestData();
            if (data == null) {
                throw new InvalidInputException("the shared test data folder is missing", null,
                        "give --test-data DIR or --no-real");
            }
        }
        UserHome home = UserHome.fromEnvironment();
        List<String> names = packages.isEmpty() ? List.of("default") : packages;
        List<ModelPackage> pkgs = new ArrayList<>();
        for (String n : names) {
            pkgs.add("default".equals(n) ? ModelPackage.defaultModel(home) : ModelPackage.resolve(n, home));
        }
        List<String> labels = EvaluationTable.modelLabels(pkgs);
        for (int m = 0; m < pkgs.size(); m++) {
            out.println("model " + labels.get(m) + ": " + PrintableText.escape(ModelsCommand.describe(pkgs.get(m))));
        }
        List<Callable<List<LabelledCt>>> tasks = new ArrayList<>();
        if (synthetic > 0) {
            TrainingCases source = TrainingCases.find();
            for (int n = 0; n < synthetic; n++) {
                long s = seed + n;
                tasks.add(() -> List.of(source.synthetic(s)));
            }
        }
        if (realCases != null) {
            Path d = data;
            tasks.add(() -> realCases.evaluation(d));
        }
        List<Row> rows = new ArrayList<>();
        List<ModelSegmenter> segmenters = new ArrayList<>();
        // the next case is made (generated or loaded) while the current one is segmented
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "evaluation-cases");
            t.setDaemon(true);
            return t;
        });
        try {
            SegmenterOptions options = new SegmenterOptions(null, Device.parse(device), false,
                    msg -> out.println("note: " + PrintableText.escape(msg)), lesions);
            for (ModelPackage p : pkgs) {
                segmenters.add(ModelSegmenter.open(p, options));
            }
            out.println("engine " + segmenters.get(0).describeEngine() + "; lesions: " + lesions.cliName());
            EvaluationTable.printCaseHeader(out);
            Future<List<LabelledCt>> next = tasks.isEmpty() ? null : prefetch.submit(tasks.get(0));
            for (int t = 0; t < tasks.size(); t++) {
                List<LabelledCt> cases = await(next);
                next = t + 1 < tasks.size() ? prefetch.submit(tasks.get(t + 1)) : null;
                String group = t < synthetic ? "synthetic" : "real";
                for (LabelledCt c : cases) {
                    List<Evaluation.CaseScore> scores = new ArrayList<>();
                    for (int m = 0; m < segmenters.size(); m++) {
                        Evaluation.CaseScore score = Evaluation.evaluate(segmenters.get(m), c);
                        scores.add(score);
                        EvaluationTable.printCase(out, c.name(), labels.get(m), score);
                    }
                    rows.add(new Row(c.name(), group, scores));
                }
            }
        } finally {
            prefetch.shutdownNow();
            for (ModelSegmenter s : segmenters) {
                s.close();
            }
        }
        Map<String, List<EvaluationSummary>> summaries = summaries(rows, pkgs.size());
        out.println();
        EvaluationTable.printSummary(out, labels, summaries);
        if (json != null) {
            AtomicFiles.writeString(json, EvaluationTable.json(pkgs, labels, rows, summaries));
            out.println("wrote " + PrintableText.escape(json.toAbsolutePath()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Per group ("synthetic", "real", "all"), one summary per package. Groups without cases are left out. */
    static Map<String, List<EvaluationSummary>> summaries(List<Row> rows, int models) {
        Map<String, List<EvaluationSummary>> out = new LinkedHashMap<>();
        for (String group : List.of("synthetic", "real", "all")) {
            List<Row> in = rows.stream().filter(r -> "all".equals(group) || r.group().equals(group)).toList();
            if (in.isEmpty() || ("all".equals(group) && in.size() == rows.stream().filter(r -> r.group()
                    .equals(in.get(0).group())).count())) {
                continue; // "all" only when both groups are there
            }
            List<EvaluationSummary> perModel = new ArrayList<>();
            for (int m = 0; m < models; m++) {
                int mm = m;
                perModel.add(EvaluationSummary.of(in.stream().map(r -> r.scores().get(mm)).toList()));
            }
            out.put(group, perModel);
        }
        return out;
    }

    private static List<LabelledCt> await(Future<List<LabelledCt>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making an evaluation case", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LiverLensException l) {
                throw l;
            }
            throw new IllegalStateException("making an evaluation case failed: " + e.getCause(), e.getCause());
        }
    }
}
