package org.liverlens.core.inpaint;

import org.liverlens.core.segment.UNet2d;
import org.liverlens.core.synth.Appearance;
import org.liverlens.core.synth.LesionModel;
import org.liverlens.core.synth.RobustStats;

/**
 * The learned edit model: a conditional denoising diffusion model that inpaints one 64 × 64 axial patch
 * at the CT's own pixel size. The network is a small {@link UNet2d} (widths 16-32-64-128, one output,
 * {@value #CHANNELS} input channels, about 0.54 M parameters) that predicts v (Salimans and Ho 2022) of
 * the noisy patch from
 * <ol>
 * <li>the noisy target x_t inside the region (0 outside),</li>
 * <li>the context: the patch's HU with the region blanked,</li>
 * <li>the region (1 where voxels are to be made),</li>
 * <li>the lesion wanted inside the region (its mask; empty for a removal),</li>
 * <li>the lesion's contrast to the local liver (on the lesion mask, in the patch's standard units),</li>
 * <li>a rim flag (rim-enhancing or washout with capsule) and</li>
 * <li>a necrotic-centre flag (both on the lesion mask),</li>
 * <li>the timestep t / T (a constant channel),</li>
 * <li>the pixel size (mm / 2, constant) and</li>
 * <li>the local liver level ((HU − 110) / 100, constant: the phase, which lesion appearances depend on).</li>
 * </ol>
 * Every patch is <b>standardised by the liver around its region</b> ({@link Standard}): HU become
 * clip((HU − level) / scale, −10, 10) / 2, where level is the median and scale the robust SD (1.4826 ×
 * MAD) of the soft tissue within {@value #RING} pixels of the region. The network thus makes texture in
 * units of the local noise and at the local level, whatever the phase, scanner or kernel (a fill
 * cannot come out at another level or noise than the liver it continues, as it did with one fixed HU
 * scale), and its output is mapped back with the same level and scale. The noise schedule is the
 * cosine one of Nichol and Dhariwal (2021) over {@value #TIMESTEPS} steps; sampling is DDIM (η = 0),
 * deterministic for the starting noise.
 */
public final class InpaintModel {
    /** Patch side in pixels. */
    public static final int PATCH = 64;
    public static final int CHANNELS = 10;
    static final int[] WIDTHS = {16, 32, 64, 128};
    public static final int TIMESTEPS = 1000;
    /** Ring around the region whose soft tissue sets a patch's level and scale. */
    static final int RING = 6;
    /** Standardised values are clipped to ± this many scales (then halved). */
    static final double CLIP = 10;
    /** The largest value a standardised patch can hold. */
    static final double LIMIT = CLIP / 2;
    /** The scale's bounds in HU (a flat synthetic ring, a ring full of vessels). */
    static final double MIN_SCALE_HU = 6;
    static final double MAX_SCALE_HU = 60;
    /** Level and scale of a patch whose ring holds too little soft tissue to measure. */
    static final double DEFAULT_LEVEL_HU = 110;
    static final double DEFAULT_SCALE_HU = 20;
    /** The format id of the learned model's model.json (2: patches standardised by the local liver). */
    public static final String FORMAT = "liverlens-edit-model/2";

    private final double[] alphaBar = new double[TIMESTEPS + 1];

    public InpaintModel() {
        double s = 0.008;
        double f0 = Math.cos(s / (1 + s) * Math.PI / 2);
        for (int t = 0; t <= TIMESTEPS; t++) {
            double f = Math.cos((t / (double) TIMESTEPS + s) / (1 + s) * Math.PI / 2);
            alphaBar[t] = Math.max(1e-5, Math.min(0.99999, (f * f) / (f0 * f0)));
        }
    }

    /** A fresh network of the edit model's architecture. */
    public static UNet2d network() {
        return new UNet2d(CHANNELS, 1, WIDTHS);
    }

    /** ᾱ_t, the share of signal variance left at step t (0 … {@link #TIMESTEPS}). */
    double alphaBar(int t) {
        return alphaBar[t];
    }

    /**
     * How one patch is standardised: the level (median) and scale (robust SD) in HU of the liver around
     * its region. {@link #normalise} and {@link #toHu} are inverse inside ± {@link #LIMIT}.
     */
    public record Standard(double levelHu, double scaleHu) {
        float normalise(double hu) {
            double z = (hu - levelHu) / scaleHu;
            return (float) (Math.max(-CLIP, Math.min(CLIP, z)) / 2);
        }

        double toHu(double x) {
            return levelHu + 2 * x * scaleHu;
        }

        /**
         * The standard of a PATCH × PATCH tile of HU whose {@code region} is to be made: median and
         * 1.4826 × MAD of the soft-tissue pixels (−50…350 HU) within {@value #RING} pixels of the region,
         * outside it, the scale kept within {@value #MIN_SCALE_HU}…{@value #MAX_SCALE_HU} HU; fewer than 20
         * such pixels: {@value #DEFAULT_LEVEL_HU} HU and {@value #DEFAULT_SCALE_HU} HU.
         */
        static Standard of(float[] hu, boolean[] region) {
            int n = PATCH;
            boolean[] near = new boolean[n * n];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    if (!region[y * n + x]) {
                        continue;
                    }
                    for (int yy = Math.max(0, y - RING); yy <= Math.min(n - 1, y + RING); yy++) {
                        for (int xx = Math.max(0, x - RING); xx <= Math.min(n - 1, x + RING); xx++) {
                            near[yy * n + xx] = true;
                        }
                    }
                }
            }
            short[] ring = new short[n * n];
            int count = 0;
            for (int p = 0; p < n * n; p++) {
                if (near[p] && !region[p] && hu[p] >= -50 && hu[p] <= 350) {
                    ring[count++] = (short) Math.round(hu[p]);
                }
            }
            if (count < 20) {
                return new Standard(DEFAULT_LEVEL_HU, DEFAULT_SCALE_HU);
            }
            RobustStats r = RobustStats.of(ring, count);
            double median = r.median();
            double scale = Math.max(MIN_SCALE_HU, Math.min(MAX_SCALE_HU, r.sd()));
            return new Standard(median, scale);
        }
    }

    /**
     * What an edit asks the model to make inside the region of one patch: the lesion contrast to the
     * local liver in HU (0 for parenchyma), and whether it has a rim or a necrotic centre.
     */
    public record Attributes(double contrastHu, boolean rim, boolean necrotic) {
        /** Parenchyma (a removal). */
        public static final Attributes PARENCHYMA = new Attributes(0, false, false);

        /** The attributes of a lesion of model {@code m} drawn against parenchyma of {@code parenchymaHu}. */
        public static Attributes of(LesionModel m, double parenchymaHu) {
            double contrast = m.appearance() == Appearance.EXPLICIT_HU ? m.contrastHu() - parenchymaHu : m.contrastHu();
            return new Attributes(contrast, m.appearance() == Appearance.RIM_ENHANCING
                    || m.appearance() == Appearance.WASHOUT, m.appearance() == Appearance.NECROTIC);
        }
    }

    /**
     * Writes the network input of one patch into {@code dst} at {@code offset} (CHANNELS × PATCH²
     * floats): {@code xt} the noisy target (used inside the region only), {@code context} the HU
     * standardised by {@code std} (read outside the region only).
     */
    static void input(float[] xt, float[] context, boolean[] region, boolean[] lesion, Attributes a, Standard std,
                      double pixelMm, int t, float[] dst, int offset) {
        int n = PATCH * PATCH;
        float contrast = (float) (Math.max(-CLIP, Math.min(CLIP, a.contrastHu() / std.scaleHu())) / 2);
        float time = t / (float) TIMESTEPS;
        float pixel = (float) (pixelMm / 2);
        float level = (float) ((std.levelHu() - DEFAULT_LEVEL_HU) / 100);
        for (int p = 0; p < n; p++) {
            boolean r = region[p];
            boolean l = lesion[p];
            dst[offset + p] = r ? xt[p] : 0;
            dst[offset + n + p] = r ? 0 : context[p];
            dst[offset + 2 * n + p] = r ? 1 : 0;
            dst[offset + 3 * n + p] = l ? 1 : 0;
            dst[offset + 4 * n + p] = l ? contrast : 0;
            dst[offset + 5 * n + p] = l && a.rim() ? 1 : 0;
            dst[offset + 6 * n + p] = l && a.necrotic() ? 1 : 0;
            dst[offset + 7 * n + p] = time;
            dst[offset + 8 * n + p] = pixel;
            dst[offset + 9 * n + p] = level;
        }
    }
}
