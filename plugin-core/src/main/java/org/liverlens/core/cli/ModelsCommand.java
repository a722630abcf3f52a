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

/** {@code liverlens models list | install PKG | verify PKG | evaluate [PKG...]}: model packages (docs/models.md). */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Model packages: list the default and installed ones, install or verify a package folder or zip.",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.InstallCommand.class, ModelsCommand.VerifyCommand.class,
            ModelsEvaluateCommand.class})
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
}
