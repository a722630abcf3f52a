package org.liverlens.tools.edit;

import java.util.List;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Texture features of one patch (a set of pixels on one axial slice) against its context ring (liver
 * pixels, off lesions, within {@link #RING} voxels of the patch), each scaled by the ring's SD so that
 * they compare across livers and scanners:
 * <ol>
 *   <li>mean offset: (patch mean − ring mean) / ring SD;</li>
 *   <li>log(patch SD / ring SD); 3. skewness; 4. excess kurtosis (HU moments);</li>
 *   <li>GLCM contrast and 6. homogeneity (32 levels over ring mean ± 3 ring SD, {@link Glcm});</li>
 *   <li>noise power in three bands, log(energy / ring variance): high (HU − 3×3 mean), mid (3×3 mean −
 *   7×7 mean), low (variance of the 7×7 mean over the patch): difference-of-box band passes, a coarse
 *   noise power spectrum that works on irregular patches;</li>
 *   <li>gradient energy at the patch boundary: log(mean squared step from a patch pixel to its
 *   4-neighbour in the ring / (2 × ring variance)), where a fill's seam would show;</li>
 *   <li>lag-1 autocorrelation inside the patch (in-plane, both axes).</li>
 * </ol>
 */
final class PatchFeatures {
    static final int RING = 3;
    static final List<String> NAMES = List.of("meanOffset", "logSdRatio", "skewness", "kurtosis", "glcmContrast",
            "glcmHomogeneity", "npsHigh", "npsMid", "npsLow", "boundaryGradient", "lag1");

    private PatchFeatures() {
    }

    /** The features of {@code px} (pixel indices of slice {@code k}) in {@code v}; context: {@code liver} off {@code lesions}. */
    static double[] of(HuVolume v, int k, int[] px, BitMask liver, BitMask lesions) {
        VolumeGeometry g = v.geometry();
        int cols = g.columns();
        int rows = g.rows();
        short[] s = v.slice(k);
        boolean[] in = new boolean[s.length];
        for (int p : px) {
            in[p] = true;
        }
        double rs = 0;
        double rss = 0;
        int rn = 0;
        boolean[] ring = new boolean[s.length];
        for (int p : px) {
            int i0 = p % cols;
            int j0 = p / cols;
            for (int j = Math.max(0, j0 - RING); j <= Math.min(rows - 1, j0 + RING); j++) {
                for (int i = Math.max(0, i0 - RING); i <= Math.min(cols - 1, i0 + RING); i++) {
                    int q = j * cols + i;
                    if (!in[q] && !ring[q] && liver.getIndex(k, q) && !lesions.getIndex(k, q)) {
                        ring[q] = true;
                        rs += s[q];
                        rss += (double) s[q] * s[q];
                        rn++;
                    }
                }
            }
        }
        double rm = rn == 0 ? 0 : rs / rn;
        double rsd = rn < 2 ? 10 : Math.max(1, Math.sqrt(Math.max(0, rss / rn - rm * rm)));
        double[] m = moments(s, px);
        double[] f = new double[NAMES.size()];
        f[0] = (m[0] - rm) / rsd;
        f[1] = Math.log(Math.max(0.05, m[1] / rsd));
        f[2] = m[2];
        f[3] = m[3];
        BitMask one = new BitMask(g);
        for (int p : px) {
            one.setIndex(k, p);
        }
        double[] glcm = Glcm.contrastHomogeneity(v, one, rm, rsd);
        f[4] = glcm[0];
        f[5] = glcm[1];
        double[] m3 = boxMean(s, cols, rows, 1);
        double[] m7 = boxMean(s, cols, rows, 3);
        double hi = 0;
        double mid = 0;
        double lowMean = 0;
        for (int p : px) {
            hi += Math.pow(s[p] - m3[p], 2);
            mid += Math.pow(m3[p] - m7[p], 2);
            lowMean += m7[p];
        }
        lowMean /= px.length;
        double low = 0;
        for (int p : px) {
            low += Math.pow(m7[p] - lowMean, 2);
        }
        double var = rsd * rsd;
        f[6] = logRatio(hi / px.length, var);
        f[7] = logRatio(mid / px.length, var);
        f[8] = logRatio(low / px.length, var);
        double steps = 0;
        int ns = 0;
        double lag = 0;
        int nl = 0;
        int[] nb = {1, -1, cols, -cols};
        for (int p : px) {
            for (int d : nb) {
                int q = p + d;
                if (q < 0 || q >= s.length || (Math.abs(d) == 1 && q / cols != p / cols)) {
                    continue;
                }
                if (ring[q]) {
                    steps += Math.pow(s[p] - s[q], 2);
                    ns++;
                } else if (in[q] && d > 0) {
                    lag += (s[p] - m[0]) * (s[q] - m[0]);
                    nl++;
                }
            }
        }
        f[9] = ns == 0 ? 0 : logRatio(steps / ns, 2 * var);
        f[10] = nl == 0 || m[1] <= 0 ? 0 : lag / nl / (m[1] * m[1]);
        return f;
    }

    private static double logRatio(double e, double var) {
        return Math.log(Math.max(1e-3, e / var));
    }

    /** {mean, SD, skewness, excess kurtosis}. */
    static double[] moments(short[] s, int[] px) {
        double mean = 0;
        for (int p : px) {
            mean += s[p];
        }
        mean /= px.length;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (int p : px) {
            double d = s[p] - mean;
            m2 += d * d;
            m3 += d * d * d;
            m4 += d * d * d * d;
        }
        m2 /= px.length;
        m3 /= px.length;
        m4 /= px.length;
        double sd = Math.sqrt(m2);
        return new double[] {mean, sd, m2 == 0 ? 0 : m3 / Math.pow(m2, 1.5), m2 == 0 ? 0 : m4 / (m2 * m2) - 3};
    }

    /** Mean over the (2r+1)² square around each pixel, clipped at the slice edge. */
    static double[] boxMean(short[] s, int cols, int rows, int r) {
        double[] out = new double[s.length];
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < cols; i++) {
                double sum = 0;
                int n = 0;
                for (int y = Math.max(0, j - r); y <= Math.min(rows - 1, j + r); y++) {
                    for (int x = Math.max(0, i - r); x <= Math.min(cols - 1, i + r); x++) {
                        sum += s[y * cols + x];
                        n++;
                    }
                }
                out[j * cols + i] = sum / n;
            }
        }
        return out;
    }
}
