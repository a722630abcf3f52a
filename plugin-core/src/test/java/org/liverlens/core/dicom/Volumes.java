package org.liverlens.core.dicom;

import java.nio.file.Path;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/** Test shortcuts: scan a folder and load its primary CT stack. */
final class Volumes {
    private Volumes() {
    }

    static ScanResult scan(Path dir) {
        return new DicomScanner(2).scan(dir, Progress.NONE, Cancellation.NONE);
    }

    static SeriesInfo onlyCtSeries(Path dir) {
        return scan(dir).series().stream().filter(s -> "CT".equals(s.modality())).reduce((a, b) -> {
            throw new AssertionError("more than one CT series under " + dir);
        }).orElseThrow(() -> new AssertionError("no CT series under " + dir));
    }

    static LoadedVolume load(Path dir, LoadOptions options) {
        Stack stack = onlyCtSeries(dir).primaryStack().orElseThrow();
        return new VolumeLoader(2).load(stack, options, Progress.NONE, Cancellation.NONE);
    }

    static HuVolume load(Path dir) {
        return load(dir, LoadOptions.STRICT).volume();
    }

    static long sum(HuVolume v) {
        long s = 0;
        for (int k = 0; k < v.geometry().slices(); k++) {
            for (short x : v.slice(k)) {
                s += x;
            }
        }
        return s;
    }
}
