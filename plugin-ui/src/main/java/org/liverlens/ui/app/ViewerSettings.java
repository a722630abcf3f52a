package org.liverlens.ui.app;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.UserHome;

/**
 * What the viewer remembers per user, in {@code viewer.properties} of the LiverLens user folder
 * (beside config.json; {@code -Dliverlens.home}, {@code LIVERLENS_HOME} or {@code ~/.liverlens}):
 * the last folder opened, the window's bounds and the width of the side panel. A missing or
 * damaged file gives the defaults (a viewer never refuses to start over its settings); the file is
 * written to a temporary name and moved into place.
 */
public final class ViewerSettings {
    static final String FILE = "viewer.properties";

    private final Path file;
    private Path lastFolder;
    private Rectangle bounds;
    private int sideWidth = -1;

    private ViewerSettings(Path file) {
        this.file = file;
    }

    /** The settings in {@code home}, or the defaults when there are none or they cannot be read. */
    public static ViewerSettings load(UserHome home) {
        ViewerSettings s = new ViewerSettings(home.root().resolve(FILE));
        if (!Files.isRegularFile(s.file)) {
            return s;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(s.file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return s;
        }
        String folder = p.getProperty("lastFolder");
        if (folder != null && !folder.isBlank()) {
            try {
                s.lastFolder = Path.of(folder);
            } catch (IllegalArgumentException e) {
                s.lastFolder = null;
            }
        }
        int[] b = ints(p.getProperty("window"), 4);
        if (b != null && b[2] >= 200 && b[3] >= 150) {
            s.bounds = new Rectangle(b[0], b[1], b[2], b[3]);
        }
        int[] w = ints(p.getProperty("sideWidth"), 1);
        if (w != null && w[0] > 0) {
            s.sideWidth = w[0];
        }
        return s;
    }

    private static int[] ints(String value, int n) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",");
        if (parts.length != n) {
            return null;
        }
        int[] out = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                out[i] = Integer.parseInt(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    /** The folder opened last, or null. */
    public Path lastFolder() {
        return lastFolder;
    }

    public void setLastFolder(Path folder) {
        this.lastFolder = folder == null ? null : folder.toAbsolutePath();
    }

    /** The window's last bounds, or null (the default size). */
    public Rectangle bounds() {
        return bounds == null ? null : new Rectangle(bounds);
    }

    public void setBounds(Rectangle r) {
        this.bounds = r == null ? null : new Rectangle(r);
    }

    /** The side panel's last width in pixels, or −1 (the default). */
    public int sideWidth() {
        return sideWidth;
    }

    public void setSideWidth(int px) {
        this.sideWidth = px;
    }

    /** Writes the settings; false (and nothing changed) when the user folder cannot be written. */
    public boolean save() {
        Properties p = new Properties();
        if (lastFolder != null) {
            p.setProperty("lastFolder", lastFolder.toString());
        }
        if (bounds != null) {
            p.setProperty("window", bounds.x + "," + bounds.y + "," + bounds.width + "," + bounds.height);
        }
        if (sideWidth > 0) {
            p.setProperty("sideWidth", Integer.toString(sideWidth));
        }
        StringWriter text = new StringWriter();
        try {
            p.store(text, "LiverLens viewer: last folder and window layout");
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, text.toString());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
