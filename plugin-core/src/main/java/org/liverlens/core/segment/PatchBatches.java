package org.liverlens.core.segment;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The input batches of a 2D or 2.5D sliding-window segmentation, in the order in which
 * {@link ModelSegmenter} feeds them to its network: every slice of the model grid tiled by
 * overlapping patches ({@link SlidingWindow}), each patch holding its context planes normalised as
 * the model asks and padded outside the image. The input side of the pipeline on its own (nnU-Net's
 * sliding-window steps are pure functions too), so that whoever runs a network on the same input
 * (the tools module's peer comparison) computes exactly the batches the segmenter uses.
 *
 * <p>A cursor: {@link #next()} fills the next batch into an array that the following call
 * overwrites; copy what must be kept.
 */
public final class PatchBatches {
    private final HuVolume grid;
    private final ModelSpec.InputSpec input;
    private final int cols;
    private final int rows;
    private final int pw;
    private final int ph;
    private final int[] xs;
    private final int[] ys;
    private final double[] offsets;
    private final int perSlice;
    private final int total;
    private final float pad;
    private final float[] context;
    private final float[] values;
    /** Per patch of the batch: slice, x0, y0 on the model grid. */
    private final int[][] tiles;
    private int contextSlice = -1;
    private int count;
    private int done;

    /**
     * The batches of {@code grid}, a CT already on the model's grid ({@link ModelInput#onModelGrid}),
     * for the 2D or 2.5D model {@code spec}.
     */
    public PatchBatches(HuVolume grid, ModelSpec spec) {
        this.grid = grid;
        this.input = spec.input();
        VolumeGeometry g = grid.geometry();
        cols = g.columns();
        rows = g.rows();
        pw = spec.inference().patch()[0];
        ph = spec.inference().patch()[1];
        xs = SlidingWindow.starts(cols, pw, spec.inference().overlap());
        ys = SlidingWindow.starts(rows, ph, spec.inference().overlap());
        offsets = ModelInput.channelOffsets(input, g.spacingMm()[2]);
        perSlice = xs.length * ys.length;
        total = g.slices() * perSlice;
        pad = input.normalise(ModelInput.OUTSIDE_HU);
        int batch = spec.inference().batchSize();
        context = new float[offsets.length * cols * rows];
        values = new float[batch * offsets.length * pw * ph];
        tiles = new int[batch][3];
    }

    /** Patches in all batches together. */
    public int patches() {
        return total;
    }

    /** Fills the next batch; false when every patch has been given. */
    public boolean next() {
        if (done >= total) {
            return false;
        }
        count = 0;
        while (count < tiles.length && done < total) {
            int k = done / perSlice;
            int tile = done % perSlice;
            if (k != contextSlice) {
                ModelInput.contextHu(grid, k, offsets, context);
                ModelInput.normalise(context, input);
                contextSlice = k;
            }
            int x0 = xs[tile % xs.length];
            int y0 = ys[tile / xs.length];
            copyPatch(context, offsets.length, cols, rows, x0, y0, pw, ph, values, count, pad);
            tiles[count][0] = k;
            tiles[count][1] = x0;
            tiles[count][2] = y0;
            count++;
            done++;
        }
        return true;
    }

    /**
     * The batch's values, {@link #shape()} row-major in the first {@code count·C·H·W} entries; the
     * array is the same for every batch (a last, smaller batch leaves stale values after those).
     */
    public float[] values() {
        return values;
    }

    /** The batch's shape for the network: {@code {count, channels, patch height, patch width}}. */
    public long[] shape() {
        return new long[] {count, offsets.length, ph, pw};
    }

    /** Patches in this batch. */
    public int count() {
        return count;
    }

    /** Slice of the model grid of patch {@code b} of this batch. */
    public int slice(int b) {
        return tiles[b][0];
    }

    /** First column of patch {@code b} of this batch. */
    public int x0(int b) {
        return tiles[b][1];
    }

    /** First row of patch {@code b} of this batch. */
    public int y0(int b) {
        return tiles[b][2];
    }

    /** Column starts of the tiling (the same on every slice). */
    int[] xStarts() {
        return xs.clone();
    }

    /** Row starts of the tiling (the same on every slice). */
    int[] yStarts() {
        return ys.clone();
    }

    /** Copies one C×ph×pw patch out of the context planes (padding outside the image). */
    static void copyPatch(float[] context, int channels, int cols, int rows, int x0, int y0, int pw, int ph, float[] dst,
                          int slot, float pad) {
        int plane = cols * rows;
        int base = slot * channels * pw * ph;
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < ph; v++) {
                int y = y0 + v;
                int d = base + (c * ph + v) * pw;
                if (y >= rows) {
                    java.util.Arrays.fill(dst, d, d + pw, pad);
                    continue;
                }
                int n = Math.min(pw, cols - x0);
                System.arraycopy(context, c * plane + y * cols + x0, dst, d, n);
                if (n < pw) {
                    java.util.Arrays.fill(dst, d + n, d + pw, pad);
                }
            }
        }
    }
}
