package org.liverlens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;

/**
 * {@code liverlens view DIR --seg SEG --screenshot PNG} as a user runs it: the CLI from {@code lib/}
 * in a child JVM, with a display from an Xvfb this test starts (and stops by PID); the CLI starts the
 * viewer in the Felix runtime of {@code felix/}. On radcttaceomics 0697 with its manual tumour SEG,
 * whose RecommendedDisplayCIELabValue is red, the PNG must show red around the crosshair in the axial
 * view (the viewer starts with the crosshair on the largest lesion) and none in the view's corner.
 */
class ViewerScreenshotIT {
    private static final Path CASE = TestData.path("radcttaceomics/0697");
    private static Process xvfb;
    private static String display;

    @BeforeAll
    static void startXvfb() throws IOException, InterruptedException {
        for (int n = 91; n < 120 && xvfb == null; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int wait = 0; wait < 50 && p.isAlive() && !Files.exists(Path.of("/tmp/.X11-unix/X" + n)); wait++) {
                Thread.sleep(100);
            }
            if (p.isAlive()) {
                xvfb = p;
                display = ":" + n;
            }
        }
        assertTrue(xvfb != null, "Xvfb did not start (Debian package xvfb)");
    }

    @AfterAll
    static void stopXvfb() {
        if (xvfb != null) {
            xvfb.destroy();
        }
    }

    @Test
    void screenshotShowsTheTumoursRecommendedColourAtTheLesionInTheAxialView(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("viewer.png");
        String output = view(CASE.resolve("31_EQP_Ax5.00mm").toString(), "--seg",
                CASE.resolve("31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString(), "--screenshot", png.toString());
        Matcher m = Pattern.compile("axial view at x=(\\d+) y=(\\d+) w=(\\d+) h=(\\d+), crosshair at x=(\\d+) y=(\\d+)")
                .matcher(output);
        assertTrue(m.find(), output);
        int vx = Integer.parseInt(m.group(1));
        int vy = Integer.parseInt(m.group(2));
        int cx = Integer.parseInt(m.group(5));
        int cy = Integer.parseInt(m.group(6));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() >= 1000, "the whole window: " + image.getWidth() + "x" + image.getHeight());
        assertTrue(red(image, cx - 40, cy - 40, cx + 40, cy + 40) >= 10, "red outline around the crosshair\n" + output);
        assertEquals(0, red(image, vx, vy, vx + 40, vy + 40), "no red in the axial view's corner");
    }

    @Test
    void compareShowsTwoSynchronisedViews(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("compare.png");
        String ct = CASE.resolve("31_EQP_Ax5.00mm").toString();
        String output = view(ct, "--seg", CASE.resolve("31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString(),
                "--compare", ct, "--screenshot", png.toString());
        Matcher m = Pattern.compile("compare views at x=(\\d+) y=(\\d+) w=(\\d+) h=(\\d+) and x=(\\d+) y=(\\d+) "
                + "w=(\\d+) h=(\\d+)").matcher(output);
        assertTrue(m.find(), output);
        int[] v = new int[8];
        for (int g = 0; g < 8; g++) {
            v[g] = Integer.parseInt(m.group(g + 1));
        }
        assertEquals(v[2], v[6], "views of one width");
        BufferedImage image = ImageIO.read(png.toFile());
        // The same CT on both sides, on the same slice and window: the pixels below the caption agree
        // except where the first carries the SEG's red overlay.
        int same = 0;
        int differ = 0;
        for (int y = 30; y < v[3]; y++) {
            for (int x = 0; x < v[2]; x++) {
                int a = image.getRGB(v[0] + x, v[1] + y);
                int b = image.getRGB(v[4] + x, v[5] + y);
                if (a == b) {
                    same++;
                } else if (!isRed(a)) {
                    differ++;
                }
            }
        }
        assertTrue(same > 100_000, "identical pixels: " + same);
        assertTrue(differ < same / 100, "pixels that differ other than the overlay: " + differ + " of " + same);
        assertTrue(red(image, v[0], v[1], v[0] + v[2], v[1] + v[3]) > 0, "the SEG is drawn on the first");
        assertEquals(0, red(image, v[4], v[5], v[4] + v[6], v[5] + v[7]), "and not on the second");
    }

    @Test
    void aMissingFolderExitsWith3AndSaysWhatToDo(@TempDir Path tmp) throws Exception {
        Run run = run(tmp.resolve("nothing").toString(), "--screenshot", tmp.resolve("x.png").toString());
        assertEquals(3, run.code(), run.output());
        assertTrue(run.output().contains("DIR is not a folder"), run.output());
    }

    private static int red(BufferedImage image, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
                if (isRed(image.getRGB(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean isRed(int rgb) {
        return ((rgb >> 16) & 255) > 150 && ((rgb >> 8) & 255) < 80 && (rgb & 255) < 80;
    }

    private static String view(String... args) throws Exception {
        Run run = run(args);
        assertEquals(0, run.code(), run.output());
        return run.output();
    }

    private record Run(int code, String output) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
                CliLib.lib().toAbsolutePath() + File.separator + "*", "org.liverlens.core.cli.Main", "view"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("view did not finish within 120 s:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }
}
