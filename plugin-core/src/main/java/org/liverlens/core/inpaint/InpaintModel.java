package org.liverlens.core.inpaint;

import org.liverlens.core.segment.UNet2d;
import org.liverlens.core.synth.Appearance;
import org.liverlens.core.synth.LesionModel;

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
 * <li>the lesion's contrast to the local liver (HU / 100, on the lesion mask),</li>
 * <li>a rim flag (rim-enhancing or washout with capsule) and</li>
 * <li>a necrotic-centre flag (both on the lesion mask),</li>
 * <li>the timestep t / T (a constant channel) and</li>
 * <li>the pixel size (mm / 2, constant).</li>
 * </ol>
 * HU are scaled as (clip(HU, −200, 400) − 100) / 50. The noise schedule is the cosine one of Nichol
 * and Dhariwal (2021) over {@value #TIMESTEPS} steps; sampling is DDIM (η = 0), deterministic for
 * the starting noise.
 */
public final class InpaintModel {
    /** Patch side in pixels. */
    public static final int PATCH = 64;
    public static final int CHANNELS = 9;
    static final int[] WIDTHS = {16, 32, 64, 128};
    public static final int TIMESTEPS = 1000;
    static final double HU_CENTRE = 100;
    static final double HU_SCALE = 50;
    static final double HU_LOW = -200;
    static final double HU_HIGH = 400;
    /** The format id of the learned model's model.json. */
    public static final String FORMAT = "liverlens-edit-model/1";

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

    static float normalise(double hu) {
        return (float) ((Math.max(HU_LOW, Math.min(HU_HIGH, hu)) - HU_CENTRE) / HU_SCALE);
    }

    static double toHu(float x) {
        return x * HU_SCALE + HU_CENTRE;
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
     * floats): {@code xt} the noisy target (used inside the region only), {@code context} the
     * normalised HU (read outside the region only).
     */
    static void input(float[] xt, float[] context, boolean[] region, boolean[] lesion, Attributes a, double pixelMm,
                      int t, float[] dst, int offset) {
        int n = PATCH * PATCH;
        float contrast = (float) (a.contrastHu() / 100);
        float time = t / (float) TIMESTEPS;
        float pixel = (float) (pixelMm / 2);
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
        }
    }
}
