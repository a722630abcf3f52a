package org.liverlens.core.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.liverlens.core.work.InvalidInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code liverlens view [DIR] [--seg SEG] [--compare DIR2] [--screenshot PNG]}: the viewer. It runs
 * in the Felix runtime (docs/osgi.md, "The viewer"), not on the CLI's class path: this command
 * checks the arguments, then starts a child JVM on {@code felix/} with {@code FelixRuntime FOLDER
 * --launch view ARGS} and returns its exit code.
 */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = {"Open the viewer: the CT under DIR in axial, coronal and sagittal views with crosshair, "
                + "window presets and HU readout, and the SEG's segments as overlays with their findings.",
            "With --seg it starts on the largest lesion's RECIST slice. With --screenshot it renders the window "
                + "to a PNG and exits (no display needed). Needs a display otherwise (DISPLAY; xvfb-run works). "
                + "See docs/viewer.md."})
final class ViewCommand implements Callable<Integer> {
    /** System property naming the runtime folder's {@code felix/} (default: beside the CLI's {@code lib/}). */
    static final String FELIX_PROPERTY = "liverlens.felix";

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder with the CT series.")
    Path dir;

    @Option(names = "--seg", paramLabel = "SEG", description = "A DICOM SEG of the CT to overlay.")
    Path seg;

    @Option(names = "--compare", paramLabel = "DIR2", description = "A second CT folder on the same grid (a "
            + "counterfactual, or the same CT with another SEG): both axial views side by side with one slice, "
            + "crosshair, window, zoom and pan.")
    Path compare;

    @Option(names = "--screenshot", paramLabel = "PNG", description = "Render the viewer to this PNG and exit.")
    Path screenshot;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        if (dir != null) {
            folder(dir, "DIR");
            args.add(dir.toAbsolutePath().toString());
        } else if (seg != null || screenshot != null) {
            throw new InvalidInputException("--seg and --screenshot need the CT folder DIR", seg != null ? seg : screenshot,
                    "give it first: liverlens view DIR --seg SEG --screenshot out.png");
        }
        if (seg != null) {
            if (!Files.isRegularFile(seg)) {
                throw new InvalidInputException("the SEG file does not exist", seg, "give the path of a DICOM SEG file");
            }
            args.add("--seg");
            args.add(seg.toAbsolutePath().toString());
        }
        if (compare != null) {
            if (dir == null) {
                throw new InvalidInputException("--compare needs the first CT folder DIR", compare,
                        "give both: liverlens view DIR --compare DIR2");
            }
            folder(compare, "--compare");
            args.add("--compare");
            args.add(compare.toAbsolutePath().toString());
        }
        if (screenshot != null) {
            OutputTarget.file(screenshot, "--screenshot", "viewer.png");
            args.add("--screenshot");
            args.add(screenshot.toAbsolutePath().toString());
        }
        Path felix = felixFolder();
        boolean display = System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank();
        if (!display && screenshot == null) {
            throw new InvalidInputException("no display for the viewer (DISPLAY is not set)", null,
                    "run it on a desktop, under 'xvfb-run -a', or with --screenshot PNG");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Duser.home=" + System.getProperty("user.home"));
        command.add("-Dliverlens.launch.started=" + System.currentTimeMillis());
        if (!display) {
            command.add("-Djava.awt.headless=true"); // --screenshot paints off screen
        }
        command.add("-cp");
        command.add(felix.toAbsolutePath() + "/*");
        command.add("org.liverlens.runtime.FelixRuntime");
        command.add(felix.toAbsolutePath().toString());
        command.add("--launch");
        command.add("view");
        command.addAll(args);
        Process viewer = new ProcessBuilder(command).inheritIO().start();
        return viewer.waitFor();
    }

    private static void folder(Path p, String what) {
        if (!Files.isDirectory(p)) {
            throw new InvalidInputException(what + " is not a folder", p, "give the folder that holds the CT series");
        }
    }

    /** The runtime's {@code felix/} folder: the property, else {@code ../felix} beside the jar of this class. */
    static Path felixFolder() {
        String property = System.getProperty(FELIX_PROPERTY);
        Path felix;
        if (property != null) {
            felix = Path.of(property);
        } else {
            try {
                Path jar = Path.of(ViewCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                felix = jar.getParent().resolveSibling("felix");
            } catch (URISyntaxException | RuntimeException e) {
                felix = Path.of("felix");
            }
        }
        if (!Files.isDirectory(felix.resolve("bundle"))) {
            throw new InvalidInputException("the viewer's OSGi runtime is not assembled", felix,
                    "build it with ./liverlens bootstrap (it makes bundles/runtime/target/liverlens/felix)");
        }
        return felix;
    }
}
