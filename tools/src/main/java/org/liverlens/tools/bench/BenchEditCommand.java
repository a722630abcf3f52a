package org.liverlens.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.liverlens.core.dicom.CtSeries;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.edit.EditBackend;
import org.liverlens.core.edit.EditOutput;
import org.liverlens.core.edit.EditParser;
import org.liverlens.core.edit.EditResult;
import org.liverlens.core.edit.EditScene;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.service.CounterfactualEditService;
import org.liverlens.core.work.Progress;
import org.liverlens.tools.edit.SyntheticScenes;
import org.liverlens.testdicom.LesionSpec;
import org.liverlens.testdicom.LesionType;
import org.liverlens.testdicom.SyntheticCt;
import org.liverlens.testdicom.SyntheticCtWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens bench edit}: time of one lesion removal and one insertion with an edit backend on
 * a synthetic 512 × 512 × 200 series (0.8 mm pixels, 2.5 mm slices, one 30 mm hypodense lesion), each
 * end to end from the loaded series and its scene: the edit, then writing the derived series (200
 * instances), edit-seg.dcm and edit.json. Median of the runs. No peer: no other tool makes local
 * counterfactual CT edits on this machine.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Time of one removal and one insertion (--backend, default classical), edit + writing, median.")
final class BenchEditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--slices", defaultValue = "200", description = "Slices of the series (default ${DEFAULT-VALUE}).")
    int slices;

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up runs (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--backend", defaultValue = "classical", description = "Edit backend: classical or learned "
            + "(default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--weights", description = "With --backend learned: weights of 'liverlens train-edit' instead of "
            + "the shipped ones.")
    Path weights;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = Files.createTempDirectory("liverlens-bench-edit");
        try {
            SyntheticCt ct = new SyntheticCt(SyntheticCt.Params.defaults().withSeed(4242).withSize(512, 512, slices)
                    .withSpacing(0.8, 2.5).withLesions(List.of(new LesionSpec(LesionType.HYPODENSE, 30, 40, null))));
            new SyntheticCtWriter(2).write(ct, tmp.resolve("ct"), tmp.resolve("truth"), Progress.NONE);
            LoadedVolume loaded = CtSeries.load(tmp.resolve("ct"), null, LoadOptions.STRICT, Progress.NONE,
                    Cancellation.NONE);
            EditScene scene = SyntheticScenes.of(ct, loaded.volume());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("grid", "512 x 512 x " + slices + ", 0.8 x 0.8 x 2.5 mm");
            report.put("cpus", Runtime.getRuntime().availableProcessors());
            report.put("backend", backend);
            report.put("removal", time(loaded, scene, "remove lesion 1", tmp));
            report.put("insertion", time(loaded, scene, "add a 20 mm hypodense lesion near lesion 1", tmp));
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                for (Map.Entry<String, Object> e : report.entrySet()) {
                    out.println(e.getKey() + ": " + e.getValue());
                }
            }
            out.flush();
            return 0;
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private Map<String, Object> time(LoadedVolume loaded, EditScene scene, String instruction, Path tmp) {
        List<Double> edit = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        EditBackend edits = new CounterfactualEditService(weights).backend(backend); // the model loads before timing
        for (int q = 0; q < warmup + runs; q++) {
            long t0 = System.nanoTime();
            EditResult r = edits.apply(scene, new EditParser().parse(instruction), q);
            long t1 = System.nanoTime();
            EditOutput.write(loaded.stack(), scene, r, tmp.resolve("out"));
            long t2 = System.nanoTime();
            if (q >= warmup) {
                edit.add((t1 - t0) / 1e9);
                total.add((t2 - t0) / 1e9);
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("instruction", instruction);
        row.put("medianEditS", BenchSupport.median(edit));
        row.put("medianTotalS", BenchSupport.median(total));
        return row;
    }
}
