package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code liverlens demo}: the main job on the bundled synthetic CT. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate the bundled synthetic CT (fixed seed), load it and print its summary.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    LiverLensCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "liverlens-demo",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
        DemoData data = ServiceLoader.load(DemoData.class, DemoCommand.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new InvalidInputException("the synthetic CT generator (test-dicom) is not on the class path",
                        null, "run ./liverlens from the repository root so that it builds every module"));
        ConsoleProgress progress = parent.progress();
        PrintWriter out = spec.commandLine().getOut();
        Path ctFolder = output.resolve("ct");

        long t0 = System.nanoTime();
        String description = data.writeDefaultSeries(ctFolder, progress);
        long t1 = System.nanoTime();
        ScanResult scan = new DicomScanner().scan(ctFolder, progress, Cancellation.NONE);
        SeriesInfo series = scan.series().stream().filter(s -> "CT".equals(s.modality())).findFirst()
                .orElseThrow(() -> new InvalidInputException("the generator wrote no CT series", ctFolder, "report this bug"));
        Stack stack = series.primaryStack().orElseThrow();
        LoadedVolume loaded = new VolumeLoader().load(stack, parent.loadOptions(), progress, Cancellation.NONE);
        long t2 = System.nanoTime();

        HuVolume v = loaded.volume();
        VolumeGeometry g = v.geometry();
        short[] range = v.range();
        out.println("LiverLens demo");
        out.println("  data:     " + description);
        out.println("  series:   " + series.seriesInstanceUid() + " (" + series.first().seriesDescription() + ")");
        out.printf(Locale.ROOT, "  volume:   %d × %d × %d voxels, spacing %.3f × %.3f × %.3f mm, HU %d … %d%n",
                g.columns(), g.rows(), g.slices(), g.spacingMm()[0], g.spacingMm()[1], g.spacingMm()[2], range[0], range[1]);
        double[] c = g.toMm(g.columns() / 2.0, g.rows() / 2.0, g.slices() / 2.0);
        out.printf(Locale.ROOT, "  centre:   (%.1f, %.1f, %.1f) mm LPS, HU there %d%n", c[0], c[1], c[2],
                v.get(g.columns() / 2, g.rows() / 2, g.slices() / 2));
        out.printf(Locale.ROOT, "  timings:  generate %.2f s, scan + load %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        out.println("  output:   " + ctFolder.toAbsolutePath() + " (DICOM), "
                + output.resolve("ground-truth").toAbsolutePath() + " (labels and lesion list)");
        out.flush();
        return ExitCodes.OK;
    }
}
