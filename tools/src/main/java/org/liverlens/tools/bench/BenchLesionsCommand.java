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
import org.liverlens.core.segment.LesionDetector;
import org.liverlens.core.segment.LesionEdge;
import org.liverlens.core.segment.LesionFeatures;
import org.liverlens.core.segment.LesionFilter;
import org.liverlens.core.segment.LesionOutline;
import org.liverlens.core.segment.LesionRules;
import org.liverlens.core.segment.LesionSource;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSegmenter;
import org.liverlens.core.segment.ReferenceCases;
import org.liverlens.core.segment.Segmenter;
import org.liverlens.core.segment.SegmenterOptions;
import org.liverlens.core.segment.TrainingCases;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.liverlens.core.work.UserHome;
import org.liverlens.tools.cases.RealCases;

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
    /** Name prefix of the cases without a reference. */
    private static final String UNLABELLED = "unlabelled-";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PKG", defaultValue = "default",
            description = "Model package folder, zip, installed name, or 'default'.")
    String pkg;

    @Option(names = "--synthetic", defaultValue = "20", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--seed", defaultValue = "900000", description = "First synthetic seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", description = "These synthetic seeds instead of "
            + "--seed/--synthetic (e.g. the arterial calibration seeds of the vessel rule, docs/models.md).")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--unlabelled", paramLabel = "DIR", description = "A CT series folder without a reference "
            + "(repeatable), e.g. licensed-unlabelled/hcc-tace-seg-015: cached as the others; each variant's lesions are "
            + "listed (volume, HU, peak probability) and written with --features, nothing is scored.")
    List<Path> unlabelled = new ArrayList<>();

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

    @Option(names = "--cases-from", paramLabel = "DIR", description = "Another model's cache: a case found there is "
            + "taken from it (CT and reference) instead of being generated or loaded again.")
    Path casesFrom;

    @Option(names = "--variant", paramLabel = "STEPS", description = "A rule to score beside the network's lesions "
            + "(repeatable): steps separated by ';', the first may be 'rules' (the package's own postprocess.lesionRules, "
            + "as segment applies them), each other 'filter=P,F,V,S[,VS,VR[,VX]]' (LesionFilter: least peak probability, least Fisher ratio, "
            + "most vessel fraction, least liver surround[, the vessel rule's least share on vessels, most rest HU[, most "
            + "rest spread]]) or "
            + "'split=L1/L2/..,ML' (LesionOutline: probability levels, least core mL), or 'shape=D1/D2/..,ML' (LesionOutline "
            + "by depth in mm), or 'outline=P' (tumour voxels under probability P become liver), or 'edge=SHELL,F' (LesionEdge: "
            + "shrink each lesion's outer SHELL mm where the CT looks like the liver around it, F of the step), or "
            + "'lesions=SOURCE' (segment --lesions: detector or combined, after the steps before it; 'rules;lesions=detector' is "
            + "what segment --lesions detector gives).")
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
        List<Long> syntheticSeeds = new ArrayList<>(seeds);
        for (int n = 0; seeds.isEmpty() && n < synthetic; n++) {
            syntheticSeeds.add(seed + n);
        }
        for (long s : syntheticSeeds) {
            names.add("synthetic-" + s);
            groups.add("synthetic");
        }
        ModelSegmenter segmenter = null;
        List<LabelledCt> real = null;
        try {
            // the network's outputs first, each case once
            for (int n = 0; n < syntheticSeeds.size(); n++) {
                Path f = EvaluationCache.file(cache, names.get(n));
                if (!Files.isRegularFile(f) && !cachedOnly) {
                    segmenter = segmenter != null ? segmenter : open();
                    LabelledCt made = fromOtherCache(names.get(n));
                    cacheOne(segmenter, made != null ? made : TrainingCases.find().synthetic(syntheticSeeds.get(n)), f, out);
                }
            }
            if (!noReal && cachedOnly) {
                try (var files = Files.list(cache)) {
                    for (Path f : files.sorted().toList()) {
                        String file = f.getFileName().toString();
                        if (file.endsWith(".llec.gz") && !file.startsWith("synthetic-") && !file.startsWith(UNLABELLED)) {
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
            for (Path dir : unlabelled) {
                String name = UNLABELLED + dir.getFileName();
                names.add(name);
                groups.add("unlabelled");
                Path f = EvaluationCache.file(cache, name);
                if (!Files.isRegularFile(f) && !cachedOnly) {
                    segmenter = segmenter != null ? segmenter : open();
                    LabelledCt made = fromOtherCache(name);
                    HuVolume ct = made != null ? made.ct() : RealCases.loadCt(dir);
                    cacheOne(segmenter, new LabelledCt(name, ct, new LabelVolume(ct.geometry()), false), f, out);
                }
            }
        } finally {
            if (segmenter != null) {
                segmenter.close();
            }
        }
        Map<String, Map<String, List<Evaluation.CaseScore>>> scores = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("case,group,id,voxels,volumeMl,diameterMm,meanHu,sdHu,ringMeanHu,ringSdHu,"
                + "ringVoxels,contrastHu,fisher,meanP,maxP,vesselFraction,depthMm,liverSurround,sphericity,vesselShare,"
                + "vesselExcessHu,vesselRestHu,refOverlap,"
                + "falsePositive\n");
        for (int n = 0; n < names.size(); n++) {
            if (!Files.isRegularFile(EvaluationCache.file(cache, names.get(n)))) {
                continue;
            }
            EvaluationCache c = EvaluationCache.read(EvaluationCache.file(cache, names.get(n)));
            LabelledCt kase = c.kase();
            if ("unlabelled".equals(groups.get(n))) {
                listUnlabelled(names.get(n), kase, c, out, csv);
                continue;
            }
            LesionFeatures.Measured m = features == null ? null : LesionFeatures.of(kase.ct(), c.labels(), c.tumour());
            if (m != null && kase.tumourLabelled()) {
                long[] overlap = referenceOverlap(m.components().ids(), m.lesions().size(), kase.labels());
                for (LesionFeatures.Lesion l : m.lesions()) {
                    csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d%n", names.get(n), groups.get(n), featureColumns(l),
                            overlap[l.id()], overlap[l.id()] == 0 ? 1 : 0));
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
                row.append(String.format(Locale.ROOT, " | %s liver %.3f (%+.1f %%) tumour %.3f fp %s", v.getKey(),
                        s.liverDice(), s.liverVolumeErrorPercent(), s.tumourDice(),
                        s.detection() == null ? "-" : String.valueOf(s.detection().falsePositives())));
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

    /**
     * Lists the lesions of a case without a reference under the network and each variant (one line per
     * lesion: id, mL, mean HU, contrast against its ring, peak probability, vessel measures), and adds the
     * network's lesions to the features (reference columns empty).
     */
    private void listUnlabelled(String name, LabelledCt kase, EvaluationCache c, PrintWriter out, StringBuilder csv) {
        Map<String, LabelVolume> variants = new LinkedHashMap<>();
        variants.put("network", c.labels());
        for (String v : variantSpecs) {
            variants.put(v, applyVariant(v, kase, c));
        }
        for (Map.Entry<String, LabelVolume> v : variants.entrySet()) {
            LesionFeatures.Measured m = LesionFeatures.of(kase.ct(), v.getValue(), c.tumour());
            double ml = m.lesions().stream().mapToDouble(LesionFeatures.Lesion::volumeMl).sum();
            out.printf(Locale.ROOT, "%-36s | %s: %d lesion(s), %.1f mL%n", name, v.getKey(), m.lesions().size(), ml);
            for (LesionFeatures.Lesion l : m.lesions()) {
                out.printf(Locale.ROOT, "    #%d %.2f mL mean %.0f HU contrast %+.1f maxP %.3f tubes %.3f on vessels %.3f, "
                        + "excess %+.1f HU, rest %+.1f HU, at voxel (%.0f, %.0f, %.0f)%n", l.id(), l.volumeMl(), l.meanHu(),
                        l.contrastHu(), l.maxProbability(), l.vesselFraction(), l.vesselShare(), l.vesselExcessHu(),
                        l.vesselRestHu(), l.centre()[0], l.centre()[1], l.centre()[2]);
                if (features != null && "network".equals(v.getKey())) {
                    csv.append(String.format(Locale.ROOT, "%s,unlabelled,%s,,%n", name, featureColumns(l)));
                }
            }
        }
        out.flush();
    }

    /**
     * Applies the steps of a variant, in order, to the cached network labels; a first step 'rules' is
     * the package's own lesion rules, as segment applies them.
     */
    LabelVolume applyVariant(String spec, LabelledCt kase, EvaluationCache c) {
        String[] first = spec.trim().split(";", 2);
        if ("rules".equals(first[0].trim())) {
            LesionRules rules = packageRules();
            LabelVolume labels = rules == null ? c.labels() : rules.apply(kase.ct(), c.labels(), c.tumour());
            return first.length == 1 ? labels : applySteps(first[1], kase, labels, c);
        }
        return applySteps(spec, kase, c.labels(), c);
    }

    /** The package's lesion rules (null: it asks for none). */
    private LesionRules packageRules() {
        UserHome home = UserHome.fromEnvironment();
        ModelPackage p = "default".equals(pkg) ? ModelPackage.defaultModel(home) : ModelPackage.resolve(pkg, home);
        return p.spec().postProcess().lesionRules();
    }

    /** Applies the ';'-separated steps of a variant, in order, to {@code start} (cached network labels, or after rules). */
    static LabelVolume applySteps(String spec, LabelledCt kase, LabelVolume start, EvaluationCache c) {
        LabelVolume labels = start;
        for (String step : spec.split(";")) {
            String[] kv = step.trim().split("=", 2);
            String[] a = kv.length > 1 ? kv[1].split(",") : new String[0];
            switch (kv[0]) {
                case "filter" -> {
                    LesionFilter f = new LesionFilter(Double.parseDouble(a[0]), Double.parseDouble(a[1]),
                            Double.parseDouble(a[2]), Double.parseDouble(a[3]),
                            a.length > 4 ? Double.parseDouble(a[4]) : Double.POSITIVE_INFINITY,
                            a.length > 5 ? Double.parseDouble(a[5]) : 0,
                            a.length > 6 ? Double.parseDouble(a[6]) : LesionRules.DEFAULT.filter().vesselMaxRestSpread());
                    labels = f.apply(labels, LesionFeatures.of(kase.ct(), labels, c.tumour(),
                            f.maxVesselFraction() < 1 || f.minFisher() > 0, f.vesselMinShare() <= 1));
                }
                case "split", "shape" -> {
                    double[] levels = java.util.Arrays.stream(a[0].split("/")).mapToDouble(Double::parseDouble).toArray();
                    labels = new LesionOutline(levels, Double.parseDouble(a[1]), "shape".equals(kv[0]))
                            .split(labels, c.tumour(), LesionFeatures.of(kase.ct(), labels, c.tumour(), false));
                }
                case "outline" -> labels = LesionOutline.atProbability(labels, c.tumour(), Double.parseDouble(a[0]));
                case "edge" -> labels = new LesionEdge(Double.parseDouble(a[0]), Double.parseDouble(a[1]))
                        .apply(kase.ct(), labels);
                case "lesions" -> labels = new LesionDetector().apply(kase.ct(), labels, LesionSource.parse(a[0]));
                default -> throw new IllegalArgumentException("unknown step " + step + " of variant " + spec);
            }
        }
        return labels;
    }

    /** The feature columns of one lesion, from id to sphericity. */
    private static String featureColumns(LesionFeatures.Lesion l) {
        return String.format(Locale.ROOT, "%d,%d,%.3f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%.1f,%.3f,%.3f,%.3f,%.3f,%.1f,%.3f,%.3f,"
                + "%.3f,%.1f,%.1f", l.id(), l.voxels(), l.volumeMl(), l.diameterMm(), l.meanHu(), l.sdHu(), l.ringMeanHu(),
                l.ringSdHu(), l.ringVoxels(), l.contrastHu(), l.fisher(), l.meanProbability(), l.maxProbability(),
                l.vesselFraction(), l.depthMm(), l.liverSurround(), l.sphericity(), l.vesselShare(), l.vesselExcessHu(), l.vesselRestHu());
    }

    /** One line of the pooled figures {@code models evaluate} prints. */
    static String describe(EvaluationSummary s) {
        return String.format(Locale.ROOT, "cases %d liver %.3f tumour %.3f recall<10 %s 10-20 %s >20 %s >=10 %.2f "
                + "fp/case %.2f (%d) long-axis error %+.1f (abs %.1f) liver volume error %+.1f %% (abs %.1f %%)", s.cases(),
                s.liverDice(), s.tumourDice(), found(s, LesionDetection.SizeBin.SMALL),
                found(s, LesionDetection.SizeBin.MEDIUM), found(s, LesionDetection.SizeBin.LARGE), s.recallFrom10Mm(),
                s.falsePositivesPerCase(), s.falsePositives(), s.longAxisErrorMm(), s.longAxisAbsErrorMm(),
                s.liverVolumeErrorPercent(), s.liverVolumeAbsErrorPercent());
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

    /** The case {@code name} from {@code --cases-from}, or null. */
    private LabelledCt fromOtherCache(String name) throws java.io.IOException {
        Path f = casesFrom == null ? null : EvaluationCache.file(casesFrom, name);
        return f != null && Files.isRegularFile(f) ? EvaluationCache.read(f).kase() : null;
    }

    private ModelSegmenter open() {
        UserHome home = UserHome.fromEnvironment();
        ModelPackage p = "default".equals(pkg) ? ModelPackage.defaultModel(home) : ModelPackage.resolve(pkg, home);
        return ModelSegmenter.open(p, new SegmenterOptions(null, Device.CPU, false, m -> { }));
    }

    private static void cacheOne(ModelSegmenter s, LabelledCt c, Path file, PrintWriter out) throws java.io.IOException {
        long t0 = System.nanoTime();
        ModelSegmenter.NetworkOutput n = s.beforeLesionRules(c.ct(), Progress.NONE, Cancellation.NONE, new LinkedHashMap<>());
        new EvaluationCache(c, n.labels(), n.tumour()).write(file);
        out.printf(Locale.ROOT, "cached %s (%.1f s)%n", c.name(), (System.nanoTime() - t0) / 1e9);
        out.flush();
    }
}
