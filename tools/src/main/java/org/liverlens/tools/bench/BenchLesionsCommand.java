package org.liverlens.tools.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.segment.Device;
import org.liverlens.core.segment.Evaluation;
import org.liverlens.core.segment.EvaluationSummary;
import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.LesionDetection;
import org.liverlens.core.segment.LesionFeatures;
import org.liverlens.core.segment.LesionFilter;
import org.liverlens.core.segment.LesionOutline;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.segment.TrainingCases;
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
 * {@code liverlens bench lesions}: the network runs once per evaluation case (the cases of
 * {@code models evaluate}) and its labels and tumour probability are kept in {@code --cache}; then the
 * lesion rules applied after the network are scored on them in seconds, side by side, with the figures
 * of {@code models evaluate} (docs/models.md, "Lesion filter").
 */
@Command(name = "lesions", mixinStandardHelpOptions = true,
        description = "Score lesion rules applied after the network on cached network outputs of the evaluation cases.")
final class BenchLesionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PKG", defaultValue = "default",
            description = "Model package folder, zip, installed name, or 'default'.")
    String pkg;

    @Option(names = "--synthetic", defaultValue = "20", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--seed", defaultValue = "900000", description = "First synthetic seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--test-data", paramLabel = "DIR", description = "Shared test data (default ../shared/test-data "
            + "or LIVERLENS_TEST_DATA).")
    Path testData;

    @Option(names = "--no-real", description = "Synthetic cases only.")
    boolean noReal;

    @Option(names = "--cache", paramLabel = "DIR", required = true,
            description = "Folder of the cached network outputs (made on the first run, reused after).")
    Path cache;

    @Option(names = "--cached-only", description = "Score only the cases already in the cache; run no network.")
    boolean cachedOnly;

    @Option(names = "--variant", paramLabel = "STEPS", description = "A rule to score beside the network's lesions "
            + "(repeatable): steps separated by ';', each 'filter=P,F,V,S' (LesionFilter: least peak probability, least "
            + "Fisher ratio, most vessel fraction, least liver surround) or 'split=L1/L2/..,ML' (LesionOutline: probability levels, least core mL), or "
            + "'shape=D1/D2/..,ML' (LesionOutline by depth in mm).")
    List<String> variantSpecs = new ArrayList<>();

    @Option(names = "--detail", description = "Also print every reference lesion: long axis, the matched "
            + "predicted long axis, covered share.")
    boolean detail;

    @Option(names = "--features", paramLabel = "CSV", description = "Also write every network lesion's features "
            + "and whether it hits a reference lesion.")
    Path features;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(cache);
        List<String> names = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int n = 0; n < synthetic; n++) {
            names.add("synthetic-" + (seed + n));
            groups.add("synthetic");
        }
        ModelSegmenter segmenter = null;
        List<LabelledCt> real = null;
        try {
            // the network's outputs first, each case once
            for (int n = 0; n < synthetic; n++) {
                Path f = EvaluationCache.file(cache, names.get(n));
                if (!Files.isRegularFile(f) && !cachedOnly) {
                    segmenter = segmenter != null ? segmenter : open();
                    cacheOne(segmenter, TrainingCases.find().synthetic(seed + n), f, out);
                }
            }
            if (!noReal && cachedOnly) {
                try (var files = Files.list(cache)) {
                    for (Path f : files.sorted().toList()) {
                        String file = f.getFileName().toString();
                        if (file.endsWith(".llec.gz") && !file.startsWith("synthetic-")) {
                            names.add(EvaluationCache.read(f).kase().name());
                            groups.add("real");
                        }
                    }
                }
            } else if (!noReal) {
                real = ReferenceCases.find().evaluation(BenchSupport.testData(testData));
                for (LabelledCt c : real) {
                    names.add(c.name());
                    groups.add("real");
                    Path f = EvaluationCache.file(cache, c.name());
                    if (!Files.isRegularFile(f) && !cachedOnly) {
                        segmenter = segmenter != null ? segmenter : open();
                        cacheOne(segmenter, c, f, out);
                    }
                }
                real = null;
            }
        } finally {
            if (segmenter != null) {
                segmenter.close();
            }
        }
        Map<String, Map<String, List<Evaluation.CaseScore>>> scores = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("case,group,id,voxels,volumeMl,diameterMm,meanHu,sdHu,ringMeanHu,ringSdHu,"
                + "ringVoxels,contrastHu,fisher,meanP,maxP,vesselFraction,depthMm,liverSurround,sphericity,refOverlap,"
                + "falsePositive\n");
        for (int n = 0; n < names.size(); n++) {
            if (!Files.isRegularFile(EvaluationCache.file(cache, names.get(n)))) {
                continue;
            }
            EvaluationCache c = EvaluationCache.read(EvaluationCache.file(cache, names.get(n)));
            LabelledCt kase = c.kase();
            LesionFeatures.Measured m = features == null ? null : LesionFeatures.of(kase.ct(), c.labels(), c.tumour());
            if (m != null && kase.tumourLabelled()) {
                long[] overlap = referenceOverlap(m.components().ids(), m.lesions().size(), kase.labels());
                for (LesionFeatures.Lesion l : m.lesions()) {
                    csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.1f,%.3f,%.3f,%.3f,"
                            + "%.3f,%.1f,%.3f,%.3f,%d,%d%n", names.get(n), groups.get(n), l.id(), l.voxels(), l.volumeMl(),
                            l.diameterMm(), l.meanHu(), l.sdHu(), l.ringMeanHu(), l.ringSdHu(), l.ringVoxels(),
                            l.contrastHu(), l.fisher(), l.meanProbability(), l.maxProbability(), l.vesselFraction(),
                            l.depthMm(), l.liverSurround(), l.sphericity(), overlap[l.id()], overlap[l.id()] == 0 ? 1 : 0));
                }
            }
            Map<String, LabelVolume> variants = new LinkedHashMap<>();
            variants.put("network", c.labels());
            for (String v : variantSpecs) {
                variants.put(v, applyVariant(v, kase, c));
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-36s", names.get(n)));
            for (Map.Entry<String, LabelVolume> v : variants.entrySet()) {
                Evaluation.CaseScore s = Evaluation.score(kase, v.getValue(), Map.of());
                scores.computeIfAbsent(v.getKey(), x -> new LinkedHashMap<>())
                        .computeIfAbsent(groups.get(n), x -> new ArrayList<>()).add(s);
                row.append(String.format(Locale.ROOT, " | %s liver %.3f tumour %.3f fp %s", v.getKey(), s.liverDice(),
                        s.tumourDice(), s.detection() == null ? "-" : String.valueOf(s.detection().falsePositives())));
                if (detail && s.detection() != null) {
                    for (LesionDetection.ReferenceLesion r : s.detection().reference()) {
                        row.append(String.format(Locale.ROOT, "%n    %s ref %d: %.1f mL long %.1f mm, covered %.2f, "
                                + "predicted long %.1f mm", v.getKey(), r.id(), r.volumeMl(), r.longMm(),
                                (double) r.overlapVoxels() / r.voxels(), r.predictedLongMm()));
                    }
                }
            }
            out.println(row);
            out.flush();
        }
        if (features != null) {
            Files.writeString(features, csv);
        }
        for (Map.Entry<String, Map<String, List<Evaluation.CaseScore>>> v : scores.entrySet()) {
            for (Map.Entry<String, List<Evaluation.CaseScore>> e : v.getValue().entrySet()) {
                out.println(v.getKey() + " " + e.getKey() + ": " + describe(EvaluationSummary.of(e.getValue())));
            }
        }
        out.flush();
        return 0;
    }

    /** Applies the steps of a variant, in order, to the cached network labels. */
    static LabelVolume applyVariant(String spec, LabelledCt kase, EvaluationCache c) {
        LabelVolume labels = c.labels();
        for (String step : spec.split(";")) {
            String[] kv = step.trim().split("=", 2);
            LesionFeatures.Measured m = LesionFeatures.of(kase.ct(), labels, c.tumour(),
                    "filter".equals(kv[0]) && (Double.parseDouble(kv[1].split(",")[2]) < 1
                            || Double.parseDouble(kv[1].split(",")[1]) > 0));
            switch (kv[0]) {
                case "filter" -> {
                    String[] a = kv[1].split(",");
                    labels = new LesionFilter(Double.parseDouble(a[0]), Double.parseDouble(a[1]),
                            Double.parseDouble(a[2]), Double.parseDouble(a[3])).apply(labels, m);
                }
                case "split", "shape" -> {
                    String[] a = kv[1].split(",");
                    double[] levels = java.util.Arrays.stream(a[0].split("/")).mapToDouble(Double::parseDouble).toArray();
                    labels = new LesionOutline(levels, Double.parseDouble(a[1]), "shape".equals(kv[0]))
                            .split(labels, c.tumour(), m);
                }
                default -> throw new IllegalArgumentException("unknown step " + step + " of variant " + spec);
            }
        }
        return labels;
    }

    /** One line of the pooled figures {@code models evaluate} prints. */
    static String describe(EvaluationSummary s) {
        return String.format(Locale.ROOT, "cases %d liver %.3f tumour %.3f recall<10 %s 10-20 %s >20 %s >=10 %.2f "
                + "fp/case %.2f long-axis error %+.1f (abs %.1f)", s.cases(), s.liverDice(), s.tumourDice(),
                found(s, LesionDetection.SizeBin.SMALL), found(s, LesionDetection.SizeBin.MEDIUM),
                found(s, LesionDetection.SizeBin.LARGE), s.recallFrom10Mm(), s.falsePositivesPerCase(),
                s.longAxisErrorMm(), s.longAxisAbsErrorMm());
    }

    private static String found(EvaluationSummary s, LesionDetection.SizeBin b) {
        return s.detected().get(b) + "/" + s.lesions().get(b);
    }

    /** Reference tumour voxels under each predicted lesion id (index = id). */
    private static long[] referenceOverlap(LabelVolume ids, int n, LabelVolume reference) {
        long[] o = new long[n + 1];
        for (int k = 0; k < ids.geometry().slices(); k++) {
            if (ids.isSliceEmpty(k) || reference.isSliceEmpty(k)) {
                continue;
            }
            short[] a = ids.slice(k);
            short[] r = reference.slice(k);
            for (int p = 0; p < a.length; p++) {
                if (a[p] != 0 && r[p] == Segmenter.TUMOUR) {
                    o[a[p] & 0xffff]++;
                }
            }
        }
        return o;
    }

    private ModelSegmenter open() {
        UserHome home = UserHome.fromEnvironment();
        ModelPackage p = "default".equals(pkg) ? ModelPackage.defaultModel(home) : ModelPackage.resolve(pkg, home);
        return ModelSegmenter.open(p, new SegmenterOptions(null, Device.CPU, false, m -> { }));
    }

    private static void cacheOne(ModelSegmenter s, LabelledCt c, Path file, PrintWriter out) throws java.io.IOException {
        long t0 = System.nanoTime();
        ModelSegmenter.NetworkOutput n = s.network(c.ct(), Progress.NONE, Cancellation.NONE, new LinkedHashMap<>());
        new EvaluationCache(c, n.labels(), n.tumour()).write(file);
        out.printf(Locale.ROOT, "cached %s (%.1f s)%n", c.name(), (System.nanoTime() - t0) / 1e9);
        out.flush();
    }
}
