package org.liverlens.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.liverlens.core.promptnet.PromptNet;
import org.liverlens.core.promptnet.PromptNetTraining;
import org.liverlens.core.work.ExitCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liverlens train-prompt -o DIR}: trains the learned prompt network (2.5D, slice by slice from
 * the clicked slice) and writes the prompt model package {@code DIR/promptnet.params} and
 * {@code DIR/model.json}.
 */
@Command(name = "train-prompt", mixinStandardHelpOptions = true,
        description = {"Train the learned promptable network (clicks or a box → a lesion mask, docs/models.md) on "
                + "lesions synthesised into synthetic and licensed real livers, and write the package DIR/"
                + PromptNet.WEIGHTS + " and DIR/model.json. Use it with 'liverlens prompt --method learned "
                + "--prompt-model DIR'."})
final class TrainPromptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder to write.")
    Path output;

    @Option(names = "--steps", defaultValue = "500", description = "Optimiser steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "16", description = "Crops per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "3000", description = "Seed of the run and first synthetic case seed "
            + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--synthetic", defaultValue = "8", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--real-share", defaultValue = "0.5", description = "Share of lesions pasted into real livers "
            + "(default ${DEFAULT-VALUE}).")
    double realShare;

    @Option(names = "--test-data", paramLabel = "DIR", description = "The shared test data folder (licensed real "
            + "cases; default $LIVERLENS_TEST_DATA or ../shared/test-data).")
    Path testData;

    @Option(names = "--no-real", description = "Synthetic data only.")
    boolean noReal;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/liverlens-train-prompt",
            description = "Checkpoint folder (default ${DEFAULT-VALUE}).")
    Path checkpoints;

    @Option(names = "--resume", paramLabel = "PARAMS", description = "Continue from a checkpoint prompt-stepN.params "
            + "(same options).")
    Path resume;

    @Option(names = "--lr", defaultValue = "0.002", description = "Initial learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--faint-share", defaultValue = "" + PromptNetTraining.FAINT_SHARE,
            description = "Share of the pasted lesions made faint: 5–25 HU from the liver, ill-defined "
                    + "(default ${DEFAULT-VALUE}).")
    double faintShare;

    @Option(names = "--parenchyma-share", defaultValue = "" + PromptNetTraining.PARENCHYMA_SHARE,
            description = "Share of the examples that are a click on normal parenchyma with an empty target, "
                    + "0…0.5 (default ${DEFAULT-VALUE}).")
    double parenchymaShare;

    @Option(names = "--model-version", defaultValue = "1.0.0", description = "Version written into model.json.")
    String version;

    @Override
    public Integer call() throws Exception {
        OutputTarget.folder(output, "-o", PromptNet.MODEL_JSON, PromptNet.WEIGHTS);
        OutputTarget.folder(checkpoints, "--checkpoints");
        Path data = SharedTestData.forTraining(testData, noReal);
        PromptNetTraining training = new PromptNetTraining(new PromptNetTraining.Options(output, steps, batch, seed,
                synthetic, noReal ? 0 : realShare, data, checkpoints, resume, learningRate, version,
                faintShare, parenchymaShare),
                spec.commandLine().getOut());
        training.checkBeforeStart();
        Files.createDirectories(output);
        Files.createDirectories(checkpoints);
        try (CancelOnExit onExit = new CancelOnExit("train-prompt-cancel")) {
            training.run(onExit.cancellation());
        }
        return ExitCodes.OK;
    }
}
