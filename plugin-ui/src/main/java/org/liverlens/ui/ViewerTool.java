package org.liverlens.ui;

import javax.swing.JComponent;
import javax.swing.JLabel;

import org.liverlens.core.dicom.SeriesInfo;

/**
 * A tool of the viewer, contributed as an OSGi service (the Weasis contribution style): the viewer
 * shows one panel per registered tool, and a tool is registered only while the services it needs
 * are present. Implementations build no Swing component before {@link #createPanel()} is called.
 */
public interface ViewerTool {

    /** The tool's title, shown on its tab or dock. */
    String name();

    /**
     * Builds the tool's panel without a series (the series browser); called on the event dispatch
     * thread. Tools that work on a series build theirs in {@link #createPanel(ViewerContext)}.
     */
    default JComponent createPanel() {
        return new JLabel(name() + ": open a series first");
    }

    /** Builds the tool's panel for one viewer window; called on the event dispatch thread. */
    default JComponent createPanel(ViewerContext context) {
        return createPanel();
    }

    /**
     * Whether the tool applies to the series the viewer shows (as {@code isCompatible} of a Weasis
     * tool factory): the viewer shows the panels of the compatible tools only. Every series by default.
     */
    default boolean isCompatible(SeriesInfo series) {
        return true;
    }
}
