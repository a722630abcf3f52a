package org.liverlens.tools.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.prompt.Refiner;
import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.Evaluation;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.segment.SegmentationResult;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;
import org.liverlens.core.volume.BitMask;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens bench refine}: tumour Dice of a model's segmentation with and without
 * {@link Refiner} (each automatic lesion re-segmented from a centroid click and a box, kept where it
 * scores better), on synthetic evaluation seeds and the real evaluation cases with a tumour
 * reference. The figures behind docs/models.md "Refining automatic lesions".
 */
@Command(name = "refine", mixinStandardHelpOptions = true,
        description = "Tumour Dice of the model with and without refine(autoLabels), per case and in total.")
final class BenchRefineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PKG", defaultValue = "default",
            description = "Model package folder, zip, installed name, or 'default'.")
    String pkg;

    @Option(names = "--synthetic", defaultValue = "10", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--seed", defaultValue = "900000",
            description = "First synthetic seed (default ${DEFAULT-VALUE}, the evaluation seeds of 'models evaluate').")
    long seed;

    @Option(names = "--test-data", paramLabel = "DIR", description = "Shared test data (default ../shared/test-data "
            + "or LIVERLENS_TEST_DATA).")
    Path testData;

    @Option(names = "--no-real", description = "Synthetic cases only.")
    boolean noReal;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<LabelledCt> cases = new ArrayList<>();
        UserHome home = UserHome.fromEnvironment();
        ModelPackage p = "default".equals(pkg) ? ModelPackage.defaultModel(home) : ModelPackage.resolve(pkg, home);
        out.println("model " + p.spec().name() + " " + p.spec().version());
        Refiner refiner = new Refiner(new RegionCompetition());
        long[] before = new long[3];
        long[] after = new long[3];
        double sumBefore = 0;
        double sumAfter = 0;
        int scored = 0;
        out.printf(Locale.ROOT, "%-48s %8s %8s %7s %7s  %s%n", "case", "tumour", "refined", "lesions", "kept",
                "refine ms");
        try (ModelSegmenter s = ModelSegmenter.open(p, new SegmenterOptions(null, Device.CPU, false, m -> { }))) {
            TrainingCases source = synthetic > 0 ? TrainingCases.find() : null;
            for (int n = 0; n < synthetic + 1; n++) {
                List<LabelledCt> batch = new ArrayList<>();
                if (n < synthetic) {
                    batch.add(source.synthetic(seed + n));
                } else if (!noReal) {
                    Path data = testData != null ? testData : testData();
                    for (LabelledCt c : ReferenceCases.find().evaluation(data)) {
                        if (c.tumourLabelled()) {
                            batch.add(c);
                        }
                    }
                }
                for (LabelledCt c : batch) {
                    SegmentationResult r = s.segment(c.ct(), Progress.NONE, Cancellation.NONE);
                    long t0 = System.nanoTime();
                    Refiner.Result refined = refiner.refine(c.ct(), r.labels(), Segmenter.LIVER, Segmenter.TUMOUR);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    Evaluation.CaseScore a = Evaluation.score(c.name(), c.labels(), r.labels(), true, r.stageSeconds());
                    Evaluation.CaseScore b = Evaluation.score(c.name(), c.labels(), refined.labels(), true, r.stageSeconds());
                    long[] oa = overlap(c.labels().mask(Segmenter.TUMOUR), r.labels().mask(Segmenter.TUMOUR));
                    long[] ob = overlap(c.labels().mask(Segmenter.TUMOUR), refined.labels().mask(Segmenter.TUMOUR));
                    for (int q = 0; q < 3; q++) {
                        before[q] += oa[q];
                        after[q] += ob[q];
                    }
                    double da = Double.isNaN(a.tumourDice()) ? 1 : a.tumourDice();
                    double db = Double.isNaN(b.tumourDice()) ? 1 : b.tumourDice();
                    sumBefore += da;
                    sumAfter += db;
                    scored++;
                    long kept = refined.lesions().stream().filter(Refiner.Lesion::kept).count();
                    String name = c.name().length() > 48 ? c.name().substring(0, 45) + "..." : c.name();
                    out.printf(Locale.ROOT, "%-48s %8.4f %8.4f %7d %7d  %.0f%n", name, da, db,
                            refined.lesions().size(), kept, ms);
                    for (Refiner.Lesion l : refined.lesions()) {
                        out.printf(Locale.ROOT, "    lesion at %s: %d -> %d voxels, score %.2f -> %.2f%s%n", l.click(),
                                l.autoVoxels(), l.refinedVoxels(), l.autoScore(), l.refinedScore(),
                                l.kept() ? " (refined kept)" : l.reason() != null ? " (" + l.reason() + ")" : "");
                    }
                    out.flush();
                }
            }
        }
        out.printf(Locale.ROOT, "mean tumour Dice over %d cases: %.4f without, %.4f with refine%n", scored,
                sumBefore / Math.max(1, scored), sumAfter / Math.max(1, scored));
        out.printf(Locale.ROOT, "pooled tumour Dice (all voxels): %.4f without, %.4f with refine%n",
                2.0 * before[0] / Math.max(1, before[1] + before[2]), 2.0 * after[0] / Math.max(1, after[1] + after[2]));
        out.flush();
        return 0;
    }

    /** {both, reference, output} voxel counts. */
    private static long[] overlap(BitMask ref, BitMask out) {
        long a = ref.count();
        long b = out.count();
        return new long[] {a + b == 0 ? 0 : Math.round(ref.dice(out) * (a + b) / 2), a, b};
    }

    private static Path testData() {
        String env = System.getenv("LIVERLENS_TEST_DATA");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of("..", "shared", "test-data").toAbsolutePath().normalize();
    }
}
