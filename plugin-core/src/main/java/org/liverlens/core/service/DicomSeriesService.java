package org.liverlens.core.service;

import java.nio.file.Path;

import org.liverlens.core.dicom.DicomScanner;
import org.liverlens.core.dicom.LoadOptions;
import org.liverlens.core.dicom.LoadedVolume;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.VolumeLoader;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;
import org.osgi.service.component.annotations.Component;

/** The {@link SeriesService} DS component: delegates to {@link DicomScanner} and {@link VolumeLoader}. */
@Component(service = SeriesService.class)
public final class DicomSeriesService implements SeriesService {
    private final DicomScanner scanner = new DicomScanner();
    private final VolumeLoader loader = new VolumeLoader();

    @Override
    public ScanResult scan(Path folder, Progress progress, Cancellation cancel) {
        return scanner.scan(folder, progress, cancel);
    }

    @Override
    public LoadedVolume load(Stack stack, LoadOptions options, Progress progress, Cancellation cancel) {
        return loader.load(stack, options, progress, cancel);
    }
}
