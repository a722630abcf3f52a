package org.liverlens.ui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeasisLauncherTest {

    @Test
    void theUriAsksWeasisToLoadTheFolder(@TempDir Path tmp) {
        Path folder = tmp.resolve("case 0697 (CT)");
        URI uri = WeasisLauncher.uriFor(folder);
        assertEquals("weasis", uri.getScheme());
        String command = URLDecoder.decode(uri.getRawSchemeSpecificPart().substring("//?".length()),
                StandardCharsets.UTF_8);
        assertEquals("$dicom:get -l \"" + folder.toAbsolutePath() + "\"", command);
        assertFalse(uri.toString().contains(" "), "spaces are encoded: " + uri);
    }

    @Test
    void withoutADesktopTheUserIsToldHowToOpenTheFolderInWeasis(@TempDir Path tmp) {
        assertTrue(GraphicsEnvironment.isHeadless(), "the tests run headless");
        WeasisLauncher.Outcome outcome = WeasisLauncher.open(tmp);
        assertFalse(outcome.opened());
        assertTrue(outcome.message().contains(WeasisLauncher.DOWNLOAD), outcome.message());
        assertTrue(outcome.message().contains(tmp.toAbsolutePath().toString()), outcome.message());
    }
}
