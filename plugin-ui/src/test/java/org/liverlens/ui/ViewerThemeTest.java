package org.liverlens.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.swing.JTable;
import javax.swing.LookAndFeel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;

import org.junit.jupiter.api.Test;

/** The viewer's look and feel is FlatLaf, the one Weasis uses. */
class ViewerThemeTest {

    @Test
    void theViewerLooksLikeWeasisWithFlatLaf() throws Exception {
        LookAndFeel previous = UIManager.getLookAndFeel();
        String[] seen = new String[2];
        try {
            SwingUtilities.invokeAndWait(() -> {
                ViewerTheme.install(false);
                seen[0] = UIManager.getLookAndFeel().getClass().getName();
                seen[1] = new JTable().getUI().getClass().getName();
            });
        } finally { // the other tests of this JVM keep theirs
            SwingUtilities.invokeAndWait(() -> {
                try {
                    UIManager.setLookAndFeel(previous);
                } catch (javax.swing.UnsupportedLookAndFeelException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertEquals("com.formdev.flatlaf.FlatLightLaf", seen[0]);
        assertTrue(seen[1].startsWith("com.formdev.flatlaf."), "components get FlatLaf's delegates: " + seen[1]);
    }
}
