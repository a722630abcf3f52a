package org.liverlens.ui.app;

import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import javax.swing.TransferHandler;

/**
 * Opens a folder dropped on the window (from a file manager): the first dropped item, or the
 * folder of a dropped file (a DICOM file of the series).
 */
final class FolderDrop extends TransferHandler {
    private static final long serialVersionUID = 1L;

    private final transient Consumer<Path> open;

    FolderDrop(Consumer<Path> open) {
        this.open = open;
    }

    @Override
    public boolean canImport(TransferSupport support) {
        return support.isDataFlavorSupported(DataFlavor.javaFileListFlavor);
    }

    @Override
    public boolean importData(TransferSupport support) {
        if (!canImport(support)) {
            return false;
        }
        try {
            @SuppressWarnings("unchecked")
            List<File> files = (List<File>) support.getTransferable().getTransferData(DataFlavor.javaFileListFlavor);
            Path folder = folderOf(files);
            if (folder == null) {
                return false;
            }
            open.accept(folder);
            return true;
        } catch (UnsupportedFlavorException | IOException e) {
            return false;
        }
    }

    /** The folder to open for dropped files: the first one if a folder, else its parent; null for none. */
    static Path folderOf(List<File> files) {
        if (files.isEmpty()) {
            return null;
        }
        Path p = files.get(0).toPath();
        return Files.isDirectory(p) ? p : p.getParent();
    }
}
