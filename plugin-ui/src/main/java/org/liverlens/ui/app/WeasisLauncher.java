package org.liverlens.ui.app;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * "Open in Weasis": the folder as a {@code weasis://} URI ({@code $dicom:get -l "FOLDER"}, the
 * Weasis protocol's command to load local DICOM), handed to the desktop. Weasis registers the
 * {@code weasis} scheme when it is installed with its native installer; where no handler is
 * registered (or the machine has no desktop integration) the user is told so and how to go on.
 * Blocks for the handler lookup: call it off the event thread.
 */
final class WeasisLauncher {
    /** Where users get Weasis. */
    static final String DOWNLOAD = "https://weasis.org";

    /** What happened: whether Weasis was asked to open the folder, and what to tell the user. */
    record Outcome(boolean opened, String message) {
    }

    private WeasisLauncher() {
    }

    /** The weasis:// URI that makes Weasis load the DICOM files under {@code folder}. */
    static URI uriFor(Path folder) {
        String command = "$dicom:get -l \"" + folder.toAbsolutePath() + "\"";
        return URI.create("weasis://?" + URLEncoder.encode(command, StandardCharsets.UTF_8));
    }

    /** Hands the URI to the desktop when a weasis:// handler is known; otherwise says what to do. */
    static Outcome open(Path folder) {
        URI uri = uriFor(folder);
        String manual = " Install Weasis (" + DOWNLOAD + ") with its installer, which registers weasis:// links, "
                + "or open " + folder.toAbsolutePath() + " from Weasis' File > Import.";
        if (GraphicsEnvironment.isHeadless() || !Desktop.isDesktopSupported()
                || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            return new Outcome(false, "This desktop cannot open weasis:// links (no desktop integration)." + manual);
        }
        Boolean registered = handlerRegistered();
        if (Boolean.FALSE.equals(registered)) {
            return new Outcome(false, "Weasis is not installed: no program handles weasis:// links." + manual);
        }
        try {
            Desktop.getDesktop().browse(uri);
            return new Outcome(true, "Asked Weasis to open " + folder.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new Outcome(false, "Weasis could not be started (" + e.getMessage() + ")." + manual);
        }
    }

    /**
     * Whether the desktop knows a weasis:// handler ({@code xdg-mime} on Linux); null when it cannot
     * be asked (another system, no xdg-utils), in which case the desktop is simply tried.
     */
    private static Boolean handlerRegistered() {
        Path xdgMime = Path.of("/usr/bin/xdg-mime");
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                || !Files.isExecutable(xdgMime)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(xdgMime.toString(), "query", "default", "x-scheme-handler/weasis")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                return null;
            }
            return p.exitValue() == 0 && out.endsWith(".desktop");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
