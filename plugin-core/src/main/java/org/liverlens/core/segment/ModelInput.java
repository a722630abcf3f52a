package org.liverlens.core.segment;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.Resampler;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * How a CT becomes network input, shared by inference and training so both see the same thing:
 * the CT resampled to the model's spacing (trilinear; an axis with no model spacing keeps the CT's),
 * then per slice the HU of the slice and its 2.5D neighbours (linear along z, clamped at the ends),
 * then clipping and normalisation from model.json.
 */
public final class ModelInput {
    /** HU outside the scanned field (air). */
    public static final short OUTSIDE_HU = -1024;

    private ModelInput() {
    }

    /**
     * The model grid for a CT grid: aligned with the patient axes (so every network sees patient
     * right on the image left and anterior at the top, as in a standard axial DICOM), covering the
     * CT's extent, at the model's spacing.
     */
    public static VolumeGeometry grid(VolumeGeometry ct, ModelSpec.InputSpec spec) {
        return Resampler.axisAlignedGrid(ct, spec.spacingMm());
    }

    /** The CT on the model grid: the CT itself when the grids are equal, otherwise a trilinear copy. */
    public static HuVolume onModelGrid(HuVolume ct, ModelSpec.InputSpec spec) {
        VolumeGeometry g = grid(ct.geometry(), spec);
        if (sameGrid(g, ct.geometry())) {
            return ct;
        }
        return Resampler.resampled(ct, g, OUTSIDE_HU);
    }

    /** True when two grids place every voxel within 1e-4 mm of each other. */
    static boolean sameGrid(VolumeGeometry a, VolumeGeometry b) {
        if (!java.util.Arrays.equals(a.size(), b.size())) {
            return false;
        }
        int[] s = a.size();
        for (int corner = 0; corner < 8; corner++) {
            double i = (corner & 1) == 0 ? 0 : s[0] - 1;
            double j = (corner & 2) == 0 ? 0 : s[1] - 1;
            double k = (corner & 4) == 0 ? 0 : s[2] - 1;
            double[] pa = a.toMm(i, j, k);
            double[] pb = b.toMm(i, j, k);
            for (int d = 0; d < 3; d++) {
                if (Math.abs(pa[d] - pb[d]) > 1e-4) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Fractional slice offsets of the input channels, lowest z first: {@code {0}} for 2D and 3D,
     * {@code {−n·d, …, 0, …, +n·d}} with {@code d = contextSpacingMm / sliceSpacing} for 2.5D.
     */
    public static double[] channelOffsets(ModelSpec.InputSpec spec, double sliceSpacingMm) {
        if (spec.dimensionality() != ModelSpec.Dimensionality.D2_5) {
            return new double[] {0};
        }
        int n = spec.contextSlices();
        double d = spec.contextSpacingMm() / sliceSpacingMm;
        double[] o = new double[2 * n + 1];
        for (int c = 0; c < o.length; c++) {
            o[c] = (c - n) * d;
        }
        return o;
    }

    /**
     * HU of slice {@code k} at fractional offsets along z (linear between slices, clamped to the
     * first and last slice), one plane per offset, into {@code dst[c * plane + p]}.
     */
    public static void contextHu(HuVolume v, int k, double[] offsets, float[] dst) {
        int slices = v.geometry().slices();
        int plane = v.geometry().columns() * v.geometry().rows();
        for (int c = 0; c < offsets.length; c++) {
            double z = Math.max(0, Math.min(slices - 1, k + offsets[c]));
            int z0 = (int) Math.floor(z);
            int z1 = Math.min(z0 + 1, slices - 1);
            float f = (float) (z - z0);
            short[] a = v.slice(z0);
            int base = c * plane;
            if (f == 0 || z1 == z0) {
                for (int p = 0; p < plane; p++) {
                    dst[base + p] = a[p];
                }
            } else {
                short[] b = v.slice(z1);
                for (int p = 0; p < plane; p++) {
                    dst[base + p] = a[p] + f * (b[p] - a[p]);
                }
            }
        }
    }

    /** Clips and normalises HU in place. */
    public static void normalise(float[] values, ModelSpec.InputSpec spec) {
        float lo = (float) spec.clipLowHu();
        float hi = (float) spec.clipHighHu();
        float mean = (float) spec.mean();
        float inv = (float) (1 / spec.sd());
        for (int p = 0; p < values.length; p++) {
            float c = values[p] < lo ? lo : (values[p] > hi ? hi : values[p]);
            values[p] = (c - mean) * inv;
        }
    }
}
