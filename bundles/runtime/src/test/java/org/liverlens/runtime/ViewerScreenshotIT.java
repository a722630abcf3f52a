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
    void compareShowsTwoSynchronisedViewsWithTheirReformats(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("compare.png");
        String ct = CASE.resolve("31_EQP_Ax5.00mm").toString();
        String output = view(ct, "--seg", CASE.resolve("31_EQP_Ax5.00mm_ManualROI_Tumor.dcm").toString(),
                "--compare", ct, "--screenshot", png.toString());
        int at = output.indexOf("compare views at ");
        assertTrue(at >= 0, output);
        // (1) and (2) axial, the difference, (1) and (2) coronal, (1) and (2) sagittal
        Matcher m = Pattern.compile("x=(\\d+) y=(\\d+) w=(\\d+) h=(\\d+)").matcher(output.substring(at));
        List<int[]> views = new ArrayList<>();
        while (m.find() && views.size() < 7) {
            views.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))});
        }
        assertEquals(7, views.size(), output);
        BufferedImage image = ImageIO.read(png.toFile());
        for (int[] pair : new int[][] {{0, 1}, {3, 4}, {5, 6}}) {
            int[] a = views.get(pair[0]);
            int[] b = views.get(pair[1]);
            String which = pair[0] == 0 ? "axial" : pair[0] == 3 ? "coronal" : "sagittal";
            assertEquals(a[2], b[2], which + " views of one width");
            assertEquals(a[1], b[1], which + " views side by side");
            assertTrue(a[2] > 150 && a[3] > 150, which + " views laid out: " + output);
            // The same CT on both sides, on the same slices and window: the pixels below the captions
            // agree except where the first carries the SEG's red overlay (the crosshair is on the tumour,
            // so the reformats cut it too).
            int same = 0;
            int differ = 0;
            for (int y = 40; y < a[3]; y++) {
                for (int x = 0; x < a[2]; x++) {
                    int p = image.getRGB(a[0] + x, a[1] + y);
                    int q = image.getRGB(b[0] + x, b[1] + y);
                    if (p == q) {
                        same++;
                    } else if (!isRed(p)) {
                        differ++;
                    }
                }
            }
            assertTrue(same > a[2] * (a[3] - 40) / 2, which + ": identical pixels " + same);
            assertTrue(differ < same / 100, which + ": pixels that differ other than the overlay: " + differ + " of "
                    + same);
            assertTrue(red(image, a[0], a[1], a[0] + a[2], a[1] + a[3]) > 0, "the SEG is drawn on (1)'s " + which);
            assertEquals(0, red(image, b[0], b[1], b[0] + b[2], b[1] + b[3]), "and not on (2)'s " + which);
        }
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
