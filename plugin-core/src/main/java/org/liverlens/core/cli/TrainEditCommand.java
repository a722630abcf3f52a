package org.liverlens.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.liverlens.core.inpaint.InpaintNetwork;
import org.liverlens.core.inpaint.InpaintTraining;
import org.liverlens.core.work.ExitCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens train-edit -o DIR}: trains the learned edit model (the inpainting diffusion model of
 * {@code edit --backend learned}) and writes {@code DIR/edit-unet.params} and {@code DIR/model.json}.
 */
@Command(name = "train-edit", mixinStandardHelpOptions = true,
        description = {"Train the learned edit model (conditional diffusion inpainting, docs/models.md) from synthetic "
                + "CT and the licensed real cases, and write DIR/" + InpaintNetwork.WEIGHTS + " and DIR/model.json. "
                + "Use them with 'liverlens edit --backend learned --weights DIR/" + InpaintNetwork.WEIGHTS + "'."})
final class TrainEditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder to write.")
    Path output;

    @Option(names = "--steps", defaultValue = "6000", description = "Optimiser steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "16", description = "Pairs per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "5000", description = "First synthetic seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--synthetic", defaultValue = "40", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--slabs", defaultValue = "100", description = "Slabs cut per synthetic case; a real case gives "
            + "four times as many (default ${DEFAULT-VALUE}).")
    int slabs;

    @Option(names = "--real-share", defaultValue = "0.4", description = "Share of pairs from real cases (default "
            + "${DEFAULT-VALUE}).")
    double realShare;

    @Option(names = "--test-data", paramLabel = "DIR", description = "The shared test data folder (licensed real "
            + "cases; default $LIVERLENS_TEST_DATA or ../shared/test-data).")
    Path testData;

    @Option(names = "--no-real", description = "Synthetic data only.")
    boolean noReal;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/liverlens-train-edit",
            description = "Checkpoint folder (default ${DEFAULT-VALUE}).")
    Path checkpoints;

    @Option(names = "--resume", paramLabel = "PARAMS", description = "Continue from a checkpoint edit-stepN.params "
            + "(same options).")
    Path resume;

    @Option(names = "--lr", defaultValue = "0.001", description = "Initial learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--model-version", defaultValue = "1.0.0", description = "Version written into model.json.")
    String version;

    @Override
    public Integer call() throws Exception {
        OutputTarget.folder(output, "-o", InpaintNetwork.MODEL_JSON, InpaintNetwork.WEIGHTS);
        OutputTarget.folder(checkpoints, "--checkpoints");
        Path data = SharedTestData.forTraining(testData, noReal);
        InpaintTraining training = new InpaintTraining(new InpaintTraining.Options(output, steps, batch, seed, synthetic,
                slabs, noReal ? 0 : realShare, data, checkpoints, resume, learningRate, version),
                spec.commandLine().getOut());
        training.checkBeforeStart();
        Files.createDirectories(output);
        Files.createDirectories(checkpoints);
        try (CancelOnExit onExit = new CancelOnExit("train-edit-cancel")) {
            training.run(onExit.cancellation());
        }
        return ExitCodes.OK;
    }
}
