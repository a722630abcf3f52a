package org.liverlens.ui.app;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import org.liverlens.core.render.Preview;

/**
 * Renders a Swing component tree to a PNG. A displayed window is painted as it is; a component with
 * no window (headless) is first given {@code size} and laid out, so the picture is the same.
 */
public final class Screenshot {
    private Screenshot() {
    }

    /** Paints {@code root} into an image (call on the event dispatch thread). */
    public static BufferedImage render(Component root, Dimension size) {
        if (!root.isDisplayable()) {
            root.setSize(size);
            layout(root);
        } else {
            root.validate();
        }
        BufferedImage image = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        root.printAll(g);
        g.dispose();
        return image;
    }

    /** Renders and writes the PNG atomically. */
    public static void write(Component root, Dimension size, Path file) {
        Preview.write(render(root, size), file);
    }

    private static void layout(Component c) {
        c.doLayout();
        if (c instanceof Container container) {
            for (Component child : container.getComponents()) {
                layout(child);
            }
        }
    }
}
