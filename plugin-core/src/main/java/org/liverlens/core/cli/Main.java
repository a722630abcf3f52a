package org.liverlens.core.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ServiceLoader;

import org.liverlens.core.volume.MemoryBudget;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.PrintableText;
import org.liverlens.core.work.UserHome;

import picocli.CommandLine;

/** Entry point of {@code ./liverlens}: runs one command and exits with the code of CLI.md. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        UserHome.fromEnvironment().makePrivate();
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        try {
            return commandLine(args).execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(e);
        }
    }

    /** The command line with every sub-command and its error handling; tests reach into sub-commands. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: with only the sub-command they name when it is a known one
     * (a cold start then builds one command's model), with all of them otherwise (usage, typos).
     */
    static CommandLine commandLine(String[] args) {
        LiverLensCommand root = new LiverLensCommand();
        CommandLine cli = new CommandLine(root);
        String named = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        boolean known = LiverLensCommand.SUBCOMMANDS.stream().anyMatch(c -> nameOf(c).equals(named));
        for (Class<?> sub : LiverLensCommand.SUBCOMMANDS) {
            if (!known || nameOf(sub).equals(named)) {
                cli.addSubcommand(sub);
            }
        }
        if (!known) {
            addExtraCommands(cli);
        }
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, root.debug));
        cli.setParameterExceptionHandler((ex, args2) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("liverlens: " + PrintableText.escape(ex.getMessage()));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cli;
    }

    /**
     * Adds the commands that come from outside the product ({@link ExtraCommand}, the tools module's
     * {@code bench}); without the tools jar, {@code bench} says that it is not installed (exit 3).
     */
    private static void addExtraCommands(CommandLine cli) {
        for (ExtraCommand extra : ServiceLoader.load(ExtraCommand.class, Main.class.getClassLoader())) {
            cli.addSubcommand(extra.command());
        }
        if (!cli.getSubcommands().containsKey("bench")) {
            cli.addSubcommand(new ToolsNotInstalledCommand());
        }
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(CommandLine.Command.class).name();
    }

    static int handle(Exception ex, boolean debug) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return outOfMemory(oom);
            }
        }
        if (ex instanceof LiverLensException l) {
            System.err.println("liverlens: " + PrintableText.escape(l.userMessage()));
            if (debug) {
                ex.printStackTrace();
            }
            return l.exitCode();
        }
        Path log = writeLog(ex);
        System.err.println("liverlens: internal error (a bug in LiverLens): " + PrintableText.escape(ex)
                + (log != null ? "; details in " + log : "") + ". Please report it with that file.");
        if (debug) {
            ex.printStackTrace();
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    /**
     * An allocation that the checks on declared sizes did not foresee: the input asked for more memory
     * than the process has. That is the input's fault (exit 3), and the log says where it happened.
     */
    static int outOfMemory(OutOfMemoryError e) {
        Path log = writeLog(e);
        System.err.println("liverlens: out of memory: the input asks for more than the "
                + MemoryBudget.mb(Runtime.getRuntime().maxMemory())
                + " Java heap this process has (" + e.getMessage() + ")" + (log != null ? "; details in " + log : "")
                + ". Check the sizes the input declares (Rows, Columns, NumberOfFrames, label map dimensions, "
                + "model.json sizes), or give LiverLens more memory (LIVERLENS_JAVA_OPTS=-Xmx…).");
        return ExitCodes.INVALID_INPUT;
    }

    private static Path writeLog(Throwable ex) {
        try {
            StringWriter sw = new StringWriter();
            sw.append(Instant.now().toString()).append('\n');
            ex.printStackTrace(new PrintWriter(sw));
            Path log = AtomicFiles.privateFolder(UserHome.fromEnvironment().logs()).resolve("last-error.log");
            try {
                AtomicFiles.writePrivateString(log, sw.toString());
            } catch (RuntimeException | OutOfMemoryError e) {
                // Out of direct memory (NIO buffers), say: plain stream I/O needs none.
                try (OutputStream out = new FileOutputStream(log.toFile())) {
                    out.write(sw.toString().getBytes(StandardCharsets.UTF_8));
                }
                Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
            }
            return log;
        } catch (RuntimeException | IOException | OutOfMemoryError e) {
            return null;
        }
    }
}
