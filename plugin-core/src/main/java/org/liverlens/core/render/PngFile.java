package org.liverlens.core.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.liverlens.core.work.AtomicFiles;

/** Writes pictures as PNG files. */
final class PngFile {
    private PngFile() {
    }

    /** Writes the image as PNG, atomically (temporary file, then move). */
    static void write(BufferedImage image, Path file) {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
