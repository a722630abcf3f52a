package org.liverlens.tools.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.liverlens.core.prompt.Prompt;
import org.liverlens.core.prompt.PromptResult;
import org.liverlens.core.prompt.PromptSegmenter;
import org.liverlens.core.service.PromptMethods;
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
 * {@code liverlens bench prompt}: click-to-mask latency of a prompt segmenter (the classical one, or
 * {@code --method learned}: the shipped network), warm, on
 * synthetic 512 × 512 × 120 CT (0.8 mm pixels, 2.5 mm slices) with one hypodense lesion (40 HU) of each
 * size (10, 30 and 80 mm by default; from 60 mm painted into the liver, where the generator finds no
 * room), and
 * of one corrective click (negative at the mask's edge, positive beside it) on the 30 mm mask. No peer:
 * no promptable 3D tool runs on this machine (docs/benchmarks.md).
 */
@Command(name = "prompt", mixinStandardHelpOptions = true,
        description = "Latency of a click → 3D lesion mask and of a corrective click, warm, median and p95.")
final class BenchPromptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** From this diameter the lesion is painted into the liver (the generator finds no room for it). */
    static final double PAINTED_FROM_MM = 60;

    @Option(names = "--sizes", split = ",", defaultValue = "10,30,80", description = "Lesion diameters in mm "
            + "(default ${DEFAULT-VALUE}).")
    List<Double> sizes;

    @Option(names = "--runs", defaultValue = "20", description = "Measured runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up runs (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Option(names = "--method", defaultValue = PromptMethods.DEFAULT, description = "Prompt method: classical or "
            + "learned (default ${DEFAULT-VALUE}).")
    String method;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PromptSegmenter segmenter = PromptMethods.byName(method, null);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("method", method);
        report.put("grid", "512 x 512 x 120, 0.8 x 0.8 x 2.5 mm");
        report.put("cpus", Runtime.getRuntime().availableProcessors());
        for (double size : sizes) {
            Case c = synthetic(size);
            Prompt.Click click = Prompt.Click.atCentroid(c.truth);
            Prompt prompt = Prompt.click(click.i(), click.j(), click.k());
            PromptResult[] last = new PromptResult[1];
            Map<String, Object> row = timed(() -> last[0] = segmenter.segment(c.ct, c.liver, prompt));
            PromptResult r = last[0];
            row.put("dice", r.mask().dice(c.truth));
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

    private Map<String, Object> corrections(PromptSegmenter segmenter, Case c, BitMask mask, Prompt.Click click) {
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

    /**
     * Wall time (median, p95) and the calling thread's CPU time (median): on a shared machine the CPU
     * time is what the click costs when the cores are free (the method is single-threaded).
     */
    private Map<String, Object> timed(Runnable r) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int q = 0; q < warmup + runs; q++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            r.run();
            if (q >= warmup) {
                ms.add((System.nanoTime() - t0) / 1e6);
                cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e6);
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("medianMs", BenchSupport.median(ms));
        row.put("p95Ms", BenchSupport.percentile(ms, 95));
        row.put("cpuMedianMs", BenchSupport.median(cpu));
        return row;
    }

    /**
     * A synthetic CT with one hypodense lesion (40 HU) of this diameter, placed at random in the liver
     * (fixed seed); from 60 mm, where the generator finds no room for it, a ball painted at the liver's
     * centroid instead (40 HU plus the generator's 12 HU noise, clipped to the liver).
     */
    private static Case synthetic(double diameterMm) {
        if (diameterMm >= PAINTED_FROM_MM) {
            return painted(synthetic(10), diameterMm);
        }
        return render(new SyntheticCt(SyntheticCt.Params.defaults().withSeed(4242).withSize(512, 512, 120)
                .withSpacing(0.8, 2.5).withLesions(List.of(new LesionSpec(LesionType.HYPODENSE, diameterMm, 40,
                        null)))));
    }

    private static Case painted(Case base, double diameterMm) {
        var g = base.ct.geometry();
        double[] sp = g.spacingMm();
        Prompt.Click c = Prompt.Click.atCentroid(base.liver);
        double r2 = diameterMm * diameterMm / 4;
        java.util.Random noise = new java.util.Random(4242);
        BitMask truth = new BitMask(g);
        for (int k = 0; k < g.slices(); k++) {
            for (int j = 0; j < g.rows(); j++) {
                for (int i = 0; i < g.columns(); i++) {
                    double dx = (i - c.i()) * sp[0];
                    double dy = (j - c.j()) * sp[1];
                    double dz = (k - c.k()) * sp[2];
                    if (dx * dx + dy * dy + dz * dz <= r2 && base.liver.get(i, j, k)) {
                        base.ct.slice(k)[j * g.columns() + i] = (short) Math.round(40 + 12 * noise.nextGaussian());
                        truth.set(i, j, k, true);
                    }
                }
            }
        }
        return new Case(base.ct, base.liver, truth);
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
}
