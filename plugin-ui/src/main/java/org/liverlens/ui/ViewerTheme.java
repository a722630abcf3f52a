package org.liverlens.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;

/** The viewer's look and feel: FlatLaf, as in Weasis. */
public final class ViewerTheme {

    private ViewerTheme() {
    }

    /** Installs the light or dark FlatLaf theme; call on the event dispatch thread before the first window opens. */
    public static void install(boolean dark) {
        if (dark) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
    }
}
