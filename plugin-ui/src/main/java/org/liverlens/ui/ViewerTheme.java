package org.liverlens.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;

import javax.swing.UIManager;

/** The viewer's look and feel: FlatLaf, as in Weasis. */
public final class ViewerTheme {

    private ViewerTheme() {
    }

    /**
     * Installs the light or dark FlatLaf theme; call on the event dispatch thread before the first
     * window opens. Swing finds the classes of component UIs through the defaults' "ClassLoader" (or
     * the thread's context loader, which in OSGi does not see FlatLaf's bundle): without it every
     * component is left without its UI delegate, and a scroll bar then recurses until the stack ends.
     */
    public static void install(boolean dark) {
        if (dark) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
        UIManager.getDefaults().put("ClassLoader", FlatLaf.class.getClassLoader());
    }
}
