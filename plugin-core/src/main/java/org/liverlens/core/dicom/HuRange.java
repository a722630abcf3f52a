package org.liverlens.core.dicom;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * The HU range of a stack ({@code info}'s huMin/huMax), read without building a volume: the same
 * decoding and rescale as {@link VolumeLoader}, applied to each file's extreme stored values only.
 */
public final class HuRange {
    private HuRange() {
    }

    /**
     * Smallest and largest HU over every image of a stack, read without building a volume (so it
     * works on stacks with gaps too) and without an HU array per file: see {@link #fileHuRange}.
     */
    public static short[] of(Stack stack, Progress progress, Cancellation cancel) {
        Map<Path, SliceHeader> files = new LinkedHashMap<>();
        for (SliceRef s : stack.slices()) {
            files.putIfAbsent(s.header().file(), s.header());
        }
        progress.begin("Reading HU range", files.size());
        try {
            return files.entrySet().parallelStream().map(e -> {
                cancel.check();
                short[] range = fileHuRange(e.getKey(), e.getValue());
                progress.advance(1);
                return range;
            }).reduce((a, b) -> new short[] {(short) Math.min(a[0], b[0]), (short) Math.max(a[1], b[1])})
                    .orElseThrow();
        } finally {
            progress.end();
        }
    }

    /**
     * Smallest and largest HU over every frame of one file, equal to decoding every frame to HU and
     * taking its extremes: the rescale (stored × slope + intercept, rounded, clipped) is monotonic in
     * the stored value, so the extremes are the rescaled smallest and largest stored values (swapped
     * when the slope is negative). Only the stored values are scanned, in the per-thread buffer of the
     * direct read; a cold {@code info} of 200 slices no longer allocates 100 MB of HU arrays.
     */
    static short[] fileHuRange(Path file, SliceHeader h) {
        VolumeLoader.checkFrameMemory(file, h);
        boolean signed = h.pixelRepresentation() == 1;
        long count = (long) h.rows() * h.columns() * h.numberOfFrames();
        short[] words = VolumeLoader.readNativeLittleEndian(file, h);
        byte[] bytes = null;
        if (words == null) {
            VolumeLoader.RawPixels raw = VolumeLoader.readThroughPixelMed(file, h);
            words = raw.words();
            bytes = raw.bytes();
        }
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int n = (int) count;
        if (words != null && signed) {
            for (int p = 0; p < n; p++) {
                int v = words[p];
                min = v < min ? v : min;
                max = v > max ? v : max;
            }
        } else if (words != null) {
            for (int p = 0; p < n; p++) {
                int v = words[p] & 0xffff;
                min = v < min ? v : min;
                max = v > max ? v : max;
            }
        } else {
            for (int p = 0; p < n; p++) {
                int v = signed ? bytes[p] : bytes[p] & 0xff;
                min = v < min ? v : min;
                max = v > max ? v : max;
            }
        }
        short[] ends = new short[2];
        AtomicLong clipped = new AtomicLong();
        if (words != null) {
            VolumeLoader.rescale16(new short[] {(short) min, (short) max}, 0, 2, h, ends, clipped);
        } else {
            VolumeLoader.rescale8(new byte[] {(byte) min, (byte) max}, 0, 2, h, ends, clipped);
        }
        return new short[] {(short) Math.min(ends[0], ends[1]), (short) Math.max(ends[0], ends[1])};
    }
}
