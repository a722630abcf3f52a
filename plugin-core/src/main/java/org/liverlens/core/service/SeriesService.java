package org.liverlens.core.service;

import java.nio.file.Path;

import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** Finds CT series in folders and loads them as HU volumes. */
public interface SeriesService {

    /** Scans a folder (recursively) or a single file for DICOM series. */
    ScanResult scan(Path folder, Progress progress, Cancellation cancel);

    /** Builds the HU volume of one stack of a scanned series. */
    LoadedVolume load(Stack stack, LoadOptions options, Progress progress, Cancellation cancel);
}
