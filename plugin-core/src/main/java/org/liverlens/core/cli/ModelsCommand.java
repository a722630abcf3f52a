package org.liverlens.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.liverlens.core.segment.ModelPackage;
import org.liverlens.core.segment.ModelSpec;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code liverlens models list | install PKG | verify PKG}: model packages (docs/models.md). */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Model packages: list the default and installed ones, install or verify a package folder or zip.",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.InstallCommand.class, ModelsCommand.VerifyCommand.class,
            ModelsCommand.EvaluateCommand.class})
final class ModelsCommand {

    static String describe(ModelPackage p) {
        ModelSpec s = p.spec();
        return String.format(Locale.ROOT, "%s %s  %s, %s, %s, %s at %s mm, weights sha256 %s…  (%s)", s.name(), s.version(),
                s.task(), s.modality(), s.input().dimensionality(), s.network().architecture(),
                spacing(s.input().spacingMm()), s.info().sha256().substring(0, 12), p.folder());
    }

    private static String spacing(double[] mm) {
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < 3; d++) {
            b.append(d == 0 ? "" : "×").append(Double.isNaN(mm[d]) ? "native" : java.math.BigDecimal.valueOf(mm[d]).stripTrailingZeros().toPlainString());
        }
        return b.toString();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The default model and the installed packages.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            UserHome home = UserHome.fromEnvironment();
            try {
                out.println("default    " + PrintableText.escape(describe(ModelPackage.defaultModel(home))));
            } catch (LiverLensException e) {
                out.println("default    (unavailable: " + PrintableText.escape(e.userMessage()) + ")");
            }
            for (Path p : ModelPackage.installed(home)) {
                try {
                    out.println("installed  " + PrintableText.escape(describe(ModelPackage.open(p, home))));
                } catch (LiverLensException e) {
                    out.println("installed  " + PrintableText.escape(p.getFileName()) + "  BROKEN: " + PrintableText.escape(e.userMessage()));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Verify a package (folder or zip) and copy it into ~/.liverlens/models/NAME-VERSION.")
    static final class InstallCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PKG", description = "Package folder or zip.")
        Path pkg;

        @Override
        public Integer call() {
            ModelPackage p = ModelPackage.install(pkg, UserHome.fromEnvironment());
            spec.commandLine().getOut().println("installed " + PrintableText.escape(describe(p)));
            spec.commandLine().getOut().println("use it with: liverlens segment DIR -o OUT --model "
                    + PrintableText.escape(p.folder().getFileName()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a package: every field of model.json against its range, the SHA-256 of every file, a known "
                    + "architecture, weights that fit it, and the memory one batch needs (exit 3 if not).")
    static final class VerifyCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PKG", description = "Package folder, zip, installed name, or 'default'.")
        String pkg;

        @Override
        public Integer call() {
            UserHome home = UserHome.fromEnvironment();
            ModelPackage p = "default".equals(pkg) ? ModelPackage.defaultModel(home) : ModelPackage.resolve(pkg, home);
            spec.commandLine().getOut().println("ok " + PrintableText.escape(describe(p)) + ": " + p.spec().files().size()
                    + " file(s) match their SHA-256");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Dice of liver and tumour on synthetic cases (seeds never used by 'train') and on the real "
                    + "cases of the shared test data that no shipped model is trained on."})
    static final class EvaluateCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PKG", defaultValue = "default",
                description = "Package folder, zip, installed name, or 'default'.")
        String pkg;

        @picocli.CommandLine.Option(names = "--synthetic", defaultValue = "5", description = "Synthetic cases (default ${DEFAULT-VALUE}).")
        int synthetic;

        @picocli.CommandLine.Option(names = "--seed", defaultValue = "900000",
                description = "First synthetic seed (default ${DEFAULT-VALUE}; training uses 1000 upwards).")
        long seed;

        @picocli.CommandLine.Option(names = "--test-data", paramLabel = "DIR", description = "Shared test data (default: as train).")
        Path testData;

        @picocli.CommandLine.Option(names = "--no-real", description = "Synthetic cases only.")
        boolean noReal;

        @picocli.CommandLine.Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu.")
        String device;

        @picocli.CommandLine.Option(names = "--lesions", paramLabel = "network|detector|combined", defaultValue = "network",
                converter = SegmentCommand.LesionSourceConverter.class,
                description = "Where lesions come from, as segment --lesions (default: ${DEFAULT-VALUE}).")
        org.liverlens.core.segment.LesionSource lesions;

        @Override
        public Integer call() {
            if (synthetic < 0 || synthetic > org.liverlens.core.segment.Training.Options.MAX_SYNTHETIC) {
                throw new org.liverlens.core.work.InvalidInputException("--synthetic is " + synthetic + ", allowed 0…"
                        + org.liverlens.core.segment.Training.Options.MAX_SYNTHETIC, null, "give the number of synthetic "
                        + "cases to score, e.g. --synthetic 5 (0: real cases only)");
            }
            PrintWriter out = spec.commandLine().getOut();
            // before any work: the real cases come with the tools jar, which may be missing
            org.liverlens.core.segment.ReferenceCases realCases = noReal ? null
                    : org.liverlens.core.segment.ReferenceCases.find();
            UserHome home = UserHome.fromEnvironment();
            ModelPackage p = "default".equals(pkg) ? ModelPackage.defaultModel(home) : ModelPackage.resolve(pkg, home);
            out.println("model " + PrintableText.escape(describe(p)));
            java.util.List<org.liverlens.core.segment.Evaluation.CaseScore> scores = new java.util.ArrayList<>();
            try (org.liverlens.core.segment.ModelSegmenter s = org.liverlens.core.segment.ModelSegmenter.open(p,
                    new org.liverlens.core.segment.SegmenterOptions(null,
                            org.liverlens.core.segment.Device.parse(device), false, m -> out.println("note: " + PrintableText.escape(m)),
                            lesions))) {
                out.println("engine " + s.describeEngine() + "; lesions: " + lesions.cliName());
                out.printf(Locale.ROOT, "%-70s %7s %7s %9s %9s %8s %8s %7s%n", "case (Dice; voxels: ours / reference)",
                        "liver", "tumour", "liver", "ref", "tumour", "ref", "seconds");
                out.flush();
                if (synthetic > 0) {
                    org.liverlens.core.segment.TrainingCases source = org.liverlens.core.segment.TrainingCases.find();
                    for (int n = 0; n < synthetic; n++) {
                        scores.add(print(out, org.liverlens.core.segment.Evaluation.evaluate(s, source.synthetic(seed + n))));
                    }
                }
                if (!noReal) {
                    Path data = testData != null ? testData : TrainCommand.defaultTestData();
                    if (data == null) {
                        throw new org.liverlens.core.work.InvalidInputException("the shared test data folder is missing",
                                null, "give --test-data DIR or --no-real");
                    }
                    for (org.liverlens.core.segment.LabelledCt c : realCases.evaluation(data)) {
                        scores.add(print(out, org.liverlens.core.segment.Evaluation.evaluate(s, c)));
                    }
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        private static org.liverlens.core.segment.Evaluation.CaseScore print(PrintWriter out,
                org.liverlens.core.segment.Evaluation.CaseScore c) {
            String name = PrintableText.escape(c.name().length() > 70 ? c.name().substring(0, 67) + "..." : c.name());
            double seconds = c.stageSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
            out.printf(Locale.ROOT, "%-70s %7.4f %7s %9d %9d %8d %8s %7.1f%n", name, c.liverDice(),
                    c.tumourLabelled() ? String.format(Locale.ROOT, "%.4f", c.tumourDice()) : "n/a", c.liverVoxelsOut(),
                    c.liverVoxelsRef(), c.tumourVoxelsOut(), c.tumourLabelled() ? String.valueOf(c.tumourVoxelsRef()) : "n/a",
                    seconds);
            out.flush();
            return c;
        }
    }
}
