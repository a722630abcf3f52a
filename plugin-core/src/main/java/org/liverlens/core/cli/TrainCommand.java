package org.liverlens.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.liverlens.core.segment.DefaultModel;
import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.Training;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code liverlens train -o DIR}: trains the default network from synthetic CT and the licensed real
 * cases and writes a model package (docs/models.md gives the recipe behind the shipped weights).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the default liver/tumour network (2.5D U-Net) and write a model package.",
            "Uses synthetic CT from the generator and the real cases whose licence allows training "
                    + "(TotalSegmentator, dcmqi); never radcttaceomics.",
            "With --fine-tune: start from a package and train on your own labelled cases (--case DIR: a CT "
                    + "series and its liver/tumour SEG); the package written is for local use only.",
            "A run from weights (--fine-tune, --resume) is watched: when the loss of a fixed probe batch rises "
                    + "over 1.5 times its start, it restarts at half the learning rate; after two restarts it "
                    + "fails (exit 3) and writes no package."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Package folder to write.")
    Path output;

    @Option(names = "--steps", description = "Optimiser steps (default 2000; 300 when fine-tuning).")
    Integer steps;

    @Option(names = "--batch", defaultValue = "16", description = "Crops per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--crop", defaultValue = "160", description = "Crop size in 2 mm pixels, a multiple of 16 (default ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--seed", defaultValue = "1000", description = "First synthetic seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--synthetic", description = "Synthetic cases (default 100; 20 when fine-tuning).")
    Integer synthetic;

    @Option(names = "--real-share", description = "Share of crops from real cases (default 0.15; 0.7 from the --case "
            + "folders when fine-tuning).")
    Double realShare;

    @Option(names = "--faint-share", defaultValue = "0", description = "Share of the synthesised tumours made faint: "
            + "5–25 HU from the liver, ill-defined (default ${DEFAULT-VALUE}, the recipe of the shipped model).")
    double faintShare;

    @Option(names = "--test-data", paramLabel = "DIR",
            description = "Shared test data folder with the real cases (default: $LIVERLENS_TEST_DATA or ../shared/test-data).")
    Path testData;

    @Option(names = "--no-real", description = "Synthetic data only.")
    boolean noReal;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/liverlens-train",
            description = "Checkpoint folder (default ${DEFAULT-VALUE}).")
    Path checkpoints;

    @Option(names = "--resume", paramLabel = "PARAMS", description = "Continue an interrupted run from its checkpoint unet-stepN.params (same options; the run goes on after step N), or start a new run from these weights (a package's unet.params).")
    Path resume;

    @Option(names = "--lr", description = "Initial learning rate (default 0.002; 0.0005 when fine-tuning).")
    Float learningRate;

    @Option(names = "--model-version", defaultValue = "1.0.0", description = "Version written into model.json.")
    String version;

    @Option(names = "--fine-tune", paramLabel = "PKG", arity = "0..1", fallbackValue = "default",
            description = "Fine-tune this package (folder, zip, installed name; 'default' when no value) on --case folders.")
    String fineTune;

    @Option(names = "--case", paramLabel = "DIR", description = "A labelled case for --fine-tune: a folder with one CT "
            + "series and its SEG(s) (liver: type SCT 10200004; tumour: category SCT 49755003). Repeatable.")
    List<Path> cases = new ArrayList<>();

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
            converter = SegmentCommand.DeviceConverter.class,
            description = "Where training runs (default: ${DEFAULT-VALUE}: the GPU when one passes its self-test, else the CPU).")
    org.liverlens.core.segment.Device device;

    @Option(names = "--name", paramLabel = "NAME", description = "Package name when fine-tuning (default: the base "
            + "name + '-local').")
    String name;

    @Override
    public Integer call() throws Exception {
        OutputTarget.folder(output, "-o", ModelPackage.MODEL_JSON, DefaultModel.WEIGHTS); // before hours of work
        OutputTarget.folder(checkpoints, "--checkpoints");
        boolean tuning = fineTune != null;
        if (tuning != !cases.isEmpty()) {
            throw new ParameterException(spec.commandLine(), tuning ? "--fine-tune needs at least one --case DIR"
                    : "--case is for --fine-tune");
        }
        Training.FineTune ft = null;
        Path data = null;
        if (tuning) {
            UserHome home = UserHome.fromEnvironment();
            ModelPackage base = "default".equals(fineTune) ? ModelPackage.defaultModel(home)
                    : ModelPackage.resolve(fineTune, home);
            DefaultModel.requireSameArchitecture(base);
            for (Path c : cases) {
                if (!Files.isDirectory(c)) {
                    throw new InvalidInputException("no such case folder", c, "give a folder with a CT series and its SEG");
                }
            }
            ft = new Training.FineTune(base, List.copyOf(cases), name != null ? name : base.spec().name() + "-local");
        } else {
            data = SharedTestData.forTraining(testData, noReal);
        }
        // every number is checked here, before the folders are made and the engine starts
        Training training = new Training(new Training.Options(output, or(steps, tuning ? 300 : 2000), batch, crop, seed,
                or(synthetic, tuning ? 20 : 100), or(realShare, tuning ? 0.7 : 0.15), data, checkpoints, resume,
                or(learningRate, tuning ? 5e-4f : 2e-3f), version, ft, faintShare), spec.commandLine().getOut());
        training.checkBeforeStart();
        Files.createDirectories(output);
        Files.createDirectories(checkpoints);
        // Ctrl-C: the run stops at its next step (no checkpoint or package is left half-written), then the JVM exits
        try (CancelOnExit onExit = new CancelOnExit("train-cancel")) {
            training.on(device).run(onExit.cancellation());
        }
        return ExitCodes.OK;
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    static Path defaultTestData() {
        return SharedTestData.ifPresent();
    }
}
