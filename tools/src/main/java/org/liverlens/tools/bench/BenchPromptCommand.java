package org.liverlens.tools.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.RegionCompetition;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.testdicom.Label;
import org.liverlens.testdicom.LesionSpec;
import org.liverlens.testdicom.LesionType;
import org.liverlens.testdicom.SyntheticCt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens bench prompt}: click-to-mask latency of the classical prompt segmenter, warm, on
 * synthetic 512 × 512 × 120 CT (0.8 mm pixels, 2.5 mm slices) with one hypodense lesion (40 HU) of each
 * size (10, 30 and 50 mm by default: the generator's liver finds no room for 60 or 80 mm), and
 * of one corrective click (negative at the mask's edge, positive beside it) on the 30 mm mask. No peer:
 * no promptable 3D tool runs on this machine (docs/benchmarks.md).
 */
@Command(name = "prompt", mixinStandardHelpOptions = true,
        description = "Latency of a click → 3D lesion mask and of a corrective click, warm, median and p95.")
final class BenchPromptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "10,30,50", description = "Lesion diameters in mm "
            + "(default ${DEFAULT-VALUE}).")
    List<Double> sizes;

    @Option(names = "--runs", defaultValue = "20", description = "Measured runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up runs (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RegionCompetition segmenter = new RegionCompetition();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("grid", "512 x 512 x 120, 0.8 x 0.8 x 2.5 mm");
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        for (double size : sizes) {
            Case c = synthetic(size);
            Prompt.Click click = Prompt.Click.atCentroid(c.truth);
            Prompt prompt = Prompt.click(click.i(), click.j(), click.k());
            List<Double> ms = new ArrayList<>();
            PromptResult r = null;
            for (int q = 0; q < warmup + runs; q++) {
                long t0 = System.nanoTime();
                r = segmenter.segment(c.ct, c.liver, prompt);
                if (q >= warmup) {
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("medianMs", BenchSupport.median(ms));
            row.put("p95Ms", BenchSupport.percentile(ms, 95));
            row.put("dice", dice(r.mask(), c.truth));
            report.put(String.format(Locale.ROOT, "click %.0f mm", size), row);
            if (size == 30) {
                report.put("correction on 30 mm", corrections(segmenter, c, r.mask(), click));
            }
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            for (Map.Entry<String, Object> e : report.entrySet()) {
                out.println(e.getKey() + ": " + e.getValue());
            }
        }
        out.flush();
        return 0;
    }

    private record Case(HuVolume ct, BitMask liver, BitMask truth) {
    }

    private Map<String, Object> corrections(RegionCompetition segmenter, Case c, BitMask mask, Prompt.Click click) {
        // Negative: the mask voxel farthest from the click on its slice; positive: the lesion voxel just
        // outside the mask nearest that edge, or the edge itself when the mask already holds the lesion.
        Prompt.Click far = click;
        long best = -1;
        var g = mask.geometry();
        for (int j = 0; j < g.rows(); j++) {
            for (int i = 0; i < g.columns(); i++) {
                long d = (long) (i - click.i()) * (i - click.i()) + (long) (j - click.j()) * (j - click.j());
                if (mask.get(i, j, click.k()) && d > best) {
                    best = d;
                    far = new Prompt.Click(i, j, click.k());
                }
            }
        }
        Prompt.Click edge = far;
        BitMask cut = segmenter.correct(c.ct, c.liver, mask, edge, false).mask();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("negative", timed(() -> segmenter.correct(c.ct, c.liver, mask, edge, false)));
        row.put("positive", timed(() -> segmenter.correct(c.ct, c.liver, cut, edge, true)));
        return row;
    }

    private Map<String, Object> timed(Runnable r) {
        List<Double> ms = new ArrayList<>();
        for (int q = 0; q < warmup + runs; q++) {
            long t0 = System.nanoTime();
            r.run();
            if (q >= warmup) {
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("medianMs", BenchSupport.median(ms));
        row.put("p95Ms", BenchSupport.percentile(ms, 95));
        return row;
    }

    /** A synthetic CT with one hypodense lesion (40 HU) of this diameter, placed at random in the liver (fixed seed). */
    private static Case synthetic(double diameterMm) {
        return render(new SyntheticCt(SyntheticCt.Params.defaults().withSeed(4242).withSize(512, 512, 120)
                .withSpacing(0.8, 2.5).withLesions(List.of(new LesionSpec(LesionType.HYPODENSE, diameterMm, 40,
                        null)))));
    }

    private static Case render(SyntheticCt ct) {
        var g = ct.geometry();
        HuVolume hu = HuVolume.allocate(g, (short) -1024);
        BitMask liver = new BitMask(g);
        BitMask truth = new BitMask(g);
        SyntheticCt.SliceBuffers b = ct.newBuffers();
        for (int k = 0; k < g.slices(); k++) {
            ct.renderSlice(k, b);
            System.arraycopy(b.hu, 0, hu.slice(k), 0, b.hu.length);
            for (int q = 0; q < b.hu.length; q++) {
                if (b.labels[q] == Label.LIVER.value() || b.labels[q] == Label.LIVER_LESION.value()) {
                    liver.setIndex(k, q);
                }
                if (b.lesionIds[q] != 0) {
                    truth.setIndex(k, q);
                }
            }
        }
        return new Case(hu, liver, truth);
    }

    /** 2|A ∩ B| / (|A| + |B|), with |A ∩ B| = |A| + |B| − |A ∪ B|. */
    private static double dice(BitMask a, BitMask b) {
        BitMask union = new BitMask(a.geometry());
        union.addAll(a);
        union.addAll(b);
        long sum = a.count() + b.count();
        return sum == 0 ? 1 : 2.0 * (sum - union.count()) / sum;
    }
}
