package org.liverlens.ui.view;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.liverlens.core.service.DicomSeriesService;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.Progress;

/**
 * Measures the render time of one 512×512 axial frame with the segment overlays of a SEG (docs/benchmarks.md,
 * "Viewer"); not a test. {@code java -cp ... org.liverlens.ui.view.RenderBench CT_DIR SEG [FRAMES]}.
 */
public final class RenderBench {
    private RenderBench() {
    }

    public static void main(String[] args) {
        ViewerData data = ViewerData.load(new DicomSeriesService(), Path.of(args[0]), Path.of(args[1]), Progress.NONE,
                Cancellation.NONE);
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        ViewState state = new ViewState(data.loaded().volume().geometry());
        int[] start = data.startVoxel();
        var g = data.loaded().volume().geometry();
        double fit = 512 / (g.columns() * g.spacingMm()[0]);
        SliceRenderer.Camera camera = new SliceRenderer.Camera((g.columns() - 1) / 2.0, (g.rows() - 1) / 2.0, fit);
        long[] ns = new long[frames];
        for (int f = -50; f < frames; f++) { // 50 frames of warm-up
            long t0 = System.nanoTime();
            SliceRenderer.render(data.loaded().volume(), Plane.AXIAL, Math.floorMod(start[2] + f, g.slices()), camera,
                    512, 512, state.windowWidth(), state.windowLevel(), data.layers());
            if (f >= 0) {
                ns[f] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "%d segments, %d frames of 512x512: median %.2f ms, p95 %.2f ms%n",
                data.layers().size(), frames, ns[frames / 2] / 1e6, ns[(int) (frames * 0.95)] / 1e6);
    }
}
