package org.liverlens.core.cli;

import java.nio.file.Path;

import org.liverlens.core.work.Progress;

/**
 * The embedded default data set of {@code liverlens demo}: a synthetic CT written as DICOM. Found
 * through {@link java.util.ServiceLoader}; the {@code test-dicom} module provides it.
 */
public interface DemoData {

    /** Writes the default synthetic CT series into {@code folder} and returns a one-line description. */
    String writeDefaultSeries(Path folder, Progress progress);
}
