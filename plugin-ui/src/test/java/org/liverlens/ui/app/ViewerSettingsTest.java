package org.liverlens.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.work.UserHome;

class ViewerSettingsTest {

    @Test
    void theLastFolderAndTheLayoutAreRememberedInTheUserFolder(@TempDir Path home) {
        ViewerSettings s = ViewerSettings.load(new UserHome(home));
        assertNull(s.lastFolder());
        s.setLastFolder(home.resolve("study one"));
        s.setBounds(new Rectangle(10, 20, 1200, 800));
        s.setSideWidth(380);
        assertTrue(s.save());
        assertTrue(Files.isRegularFile(home.resolve("viewer.properties")));

        ViewerSettings again = ViewerSettings.load(new UserHome(home));
        assertEquals(home.resolve("study one").toAbsolutePath(), again.lastFolder());
        assertEquals(new Rectangle(10, 20, 1200, 800), again.bounds());
        assertEquals(380, again.sideWidth());
    }

    @Test
    void aDamagedSettingsFileGivesTheDefaults(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("viewer.properties"), "window=10,20,abc\nsideWidth=-4\nlastFolder=\n\\u12");
        ViewerSettings s = ViewerSettings.load(new UserHome(home));
        assertNull(s.bounds());
        assertEquals(-1, s.sideWidth());
        assertNull(s.lastFolder());
    }

    @Test
    void aDroppedFileOpensItsFolderAndADroppedFolderItself(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("slice.dcm"), "x");
        assertEquals(tmp, FolderDrop.folderOf(List.of(file.toFile())));
        assertEquals(tmp, FolderDrop.folderOf(List.of(tmp.toFile(), new File("other"))));
        assertNull(FolderDrop.folderOf(List.of()));
    }
}
