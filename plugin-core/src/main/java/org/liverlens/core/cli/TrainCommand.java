package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.liverlens.core.segment.Training;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code liverlens train -o DIR}: trains the default network from synthetic CT and the licensed real
 * cases and writes a model package (docs/models.md gives the recipe behind the shipped weights).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the default liver/tumour network (2.5D U-Net) and write a model package.",
            "Uses synthetic CT from the generator and the real cases whose licence allows training "
                    + "(TotalSegmentator, dcmqi); never radcttaceomics."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Package folder to write.")
    Path output;

    @Option(names = "--steps", defaultValue = "2000", description = "Optimiser steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "16", description = "Crops per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--crop", defaultValue = "160", description = "Crop size in 2 mm pixels, a multiple of 16 (default ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--seed", defaultValue = "1000", description = "First synthetic seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--synthetic", defaultValue = "100", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--real-share", defaultValue = "0.15", description = "Share of crops from real cases (default ${DEFAULT-VALUE}).")
    double realShare;

    @Option(names = "--test-data", paramLabel = "DIR",
            description = "Shared test data folder with the real cases (default: $LIVERLENS_TEST_DATA or ../shared/test-data).")
    Path testData;

    @Option(names = "--no-real", description = "Synthetic data only.")
    boolean noReal;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/liverlens-train",
            description = "Checkpoint folder (default ${DEFAULT-VALUE}).")
    Path checkpoints;

    @Option(names = "--resume", paramLabel = "PARAMS", description = "Start from these weights.")
    Path resume;

    @Option(names = "--lr", defaultValue = "0.002", description = "Initial learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--model-version", defaultValue = "1.0.0", description = "Version written into model.json.")
    String version;

    @Override
    public Integer call() throws Exception {
        if (crop % 16 != 0 || crop < 32) {
            throw new InvalidInputException("--crop must be a multiple of 16 and at least 32, got " + crop, null, null);
        }
        Path data = null;
        if (!noReal) {
            data = testData != null ? testData : defaultTestData();
            if (data == null || !Files.isDirectory(data)) {
                throw new InvalidInputException("the shared test data folder is missing", data,
                        "give --test-data DIR, set LIVERLENS_TEST_DATA, or train with --no-real");
            }
        }
        Files.createDirectories(output);
        Files.createDirectories(checkpoints);
        PrintWriter out = spec.commandLine().getOut();
        new Training(new Training.Options(output, steps, batch, crop, seed, synthetic, realShare, data, checkpoints, resume,
                learningRate, version), out).run(Cancellation.NONE);
        return ExitCodes.OK;
    }

    static Path defaultTestData() {
        String env = System.getenv("LIVERLENS_TEST_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path p = Path.of("..", "shared", "test-data").toAbsolutePath().normalize();
        return Files.isDirectory(p) ? p : null;
    }
}
