package org.liverlens.tools.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.liverlens.core.prompt.PromptSegmenter;
import org.liverlens.core.prompt.Refiner;
import org.liverlens.core.seg.LabelMapIo;
import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.service.PromptMethods;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;


import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens bench refine}: tumour Dice of a model's segmentation with and without
 * {@link Refiner} (each automatic lesion re-segmented from a centroid click and a box, kept where it
 * scores better) by the classical or the learned prompt method ({@code --method}), on synthetic
 * evaluation seeds and the real evaluation cases with a tumour reference. The figures behind docs/models.md "Refining automatic lesions".
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

    @Option(names = "--max-growth", split = ",", defaultValue = "2", description = "Growth limits to compare "
            + "(refined voxels / automatic voxels; 'Infinity' for none; default ${DEFAULT-VALUE}).")
    List<Double> growths;

    @Option(names = "--method", defaultValue = PromptMethods.DEFAULT, description = "Prompt method that re-segments "
            + "each lesion: classical or learned (the shipped network; default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--labels-cache", paramLabel = "DIR", description = "Keep the model's labels of each case here "
            + "(NRRD) and reuse them on the next run: the model runs once per case.")
    Path cache;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        UserHome home = UserHome.fromEnvironment();
        ModelPackage p = "default".equals(pkg) ? ModelPackage.defaultModel(home) : ModelPackage.resolve(pkg, home);
        PromptSegmenter segmenter = PromptMethods.byName(method, null);
        out.println("model " + p.spec().name() + " " + p.spec().version() + "; prompt method " + method
                + "; growth limits " + growths);
        int n = growths.size();
        long[] before = new long[3];
        long[][] after = new long[n][3];
        double sumBefore = 0;
        double[] sumAfter = new double[n];
        int scored = 0;
        ModelSegmenter s = null;
        try {
            TrainingCases source = synthetic > 0 ? TrainingCases.find() : null;
            // the real cases first: they decide whether segment refines
            for (int c = -1; c < synthetic; c++) {
                List<LabelledCt> batch = new ArrayList<>();
                if (c >= 0) {
                    batch.add(source.synthetic(seed + c));
                } else if (!noReal) {
                    for (LabelledCt real : ReferenceCases.find().evaluation(BenchSupport.testData(testData))) {
                        if (real.tumourLabelled()) {
                            batch.add(real);
                        }
                    }
                }
                for (LabelledCt kase : batch) {
                    Path cached = cache == null ? null : BenchSupport.caseFile(cache, kase.name(), ".nrrd");
                    LabelVolume auto;
                    if (cached != null && Files.isRegularFile(cached)) {
                        auto = LabelMapIo.read(cached);
                    } else {
                        if (s == null) {
                            s = ModelSegmenter.open(p, new SegmenterOptions(null, Device.CPU, false, m -> { }));
                        }
                        auto = s.segment(kase.ct(), Progress.NONE, Cancellation.NONE).labels();
                        if (cached != null) {
                            Files.createDirectories(cache);
                            LabelMapIo.write(auto, cached);
                        }
                    }
                    BitMask ref = kase.labels().mask(Segmenter.TUMOUR);
                    long[] oa = overlap(ref, auto.mask(Segmenter.TUMOUR));
                    add(before, oa);
                    double da = dice(oa);
                    sumBefore += da;
                    scored++;
                    String name = kase.name().length() > 40 ? kase.name().substring(0, 37) + "..." : kase.name();
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-40s without %.4f", name, da));
                    for (int q = 0; q < n; q++) {
                        long t0 = System.nanoTime();
                        Refiner.Result r = new Refiner(segmenter, growths.get(q))
                                .refine(kase.ct(), auto, Segmenter.LIVER, Segmenter.TUMOUR);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        long[] ob = overlap(ref, r.labels().mask(Segmenter.TUMOUR));
                        add(after[q], ob);
                        sumAfter[q] += dice(ob);
                        long kept = r.lesions().stream().filter(Refiner.Lesion::kept).count();
                        row.append(String.format(Locale.ROOT, " | growth<=%s %.4f (%d/%d kept, %.0f ms)", growths.get(q),
                                dice(ob), kept, r.lesions().size(), ms));
                        if (q == n - 1) {
                            for (Refiner.Lesion l : r.lesions()) {
                                row.append(String.format(Locale.ROOT, "%n    lesion at %s: %d -> %d voxels, score %.2f -> "
                                        + "%.2f%s", l.click(), l.autoVoxels(), l.refinedVoxels(), l.autoScore(),
                                        l.refinedScore(), l.kept() ? " (refined kept)" : l.reason() != null ? " ("
                                                + l.reason() + ")" : ""));
                            }
                        }
                    }
                    out.println(row);
                    out.flush();
                }
            }
        } finally {
            if (s != null) {
                s.close();
            }
        }
        out.printf(Locale.ROOT, "cases %d; mean tumour Dice without refine %.4f, pooled %.4f%n", scored,
                sumBefore / Math.max(1, scored), dice(before));
        for (int q = 0; q < n; q++) {
            out.printf(Locale.ROOT, "  with refine, growth <= %s: mean %.4f, pooled %.4f%n", growths.get(q),
                    sumAfter[q] / Math.max(1, scored), dice(after[q]));
        }
        out.flush();
        return 0;
    }

    private static void add(long[] sum, long[] o) {
        for (int q = 0; q < 3; q++) {
            sum[q] += o[q];
        }
    }

    /** Dice of {both, reference, output}; 1 when both are empty. */
    private static double dice(long[] o) {
        return o[1] + o[2] == 0 ? 1 : 2.0 * o[0] / (o[1] + o[2]);
    }

    /** {both, reference, output} voxel counts. */
    private static long[] overlap(BitMask ref, BitMask out) {
        long a = ref.count();
        long b = out.count();
        return new long[] {a + b == 0 ? 0 : Math.round(ref.dice(out) * (a + b) / 2), a, b};
    }
}
