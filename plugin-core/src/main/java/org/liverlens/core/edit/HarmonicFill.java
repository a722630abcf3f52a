package org.liverlens.core.edit;

/**
 * The smooth part of a fill: the harmonic function (Laplace's equation, weighted by 1/spacing² so thick
 * slices couple weakly) inside a region, equal to the given boundary values on the voxels around it
 * that are {@code known}. Neighbours that are neither region nor known (outside the liver) are left out
 * of the stencil (a zero-flux boundary). Solved by successive over-relaxation in the box.
 */
final class HarmonicFill {
    private static final double OMEGA = 1.9;
    private static final double TOLERANCE_HU = 0.02;
    private static final int MAX_SWEEPS = 4000;

    private HarmonicFill() {
    }

    /**
     * Fills {@code values} inside {@code region} (in place), starting from {@code start}, with the harmonic
     * interpolation of {@code values} on {@code known} voxels. Returns the sweeps used.
     */
    static int solve(EditBox b, float[] values, boolean[] region, boolean[] known, float start) {
        double wx = 1 / (b.spacingMm[0] * b.spacingMm[0]);
        double wy = 1 / (b.spacingMm[1] * b.spacingMm[1]);
        double wz = 1 / (b.spacingMm[2] * b.spacingMm[2]);
        int n = values.length;
        int count = 0;
        for (int q = 0; q < n; q++) {
            if (region[q]) {
                count++;
            }
        }
        int[] cells = new int[count];
        int c = 0;
        for (int q = 0; q < n; q++) {
            if (region[q]) {
                cells[c++] = q;
                values[q] = start;
            }
        }
        int plane = b.nx * b.ny;
        int sweeps = 0;
        for (; sweeps < MAX_SWEEPS; sweeps++) {
            double maxChange = 0;
            for (int q : cells) {
                int x = q % b.nx;
                int y = (q / b.nx) % b.ny;
                int z = q / plane;
                double sum = 0;
                double w = 0;
                if (x > 0 && (region[q - 1] || known[q - 1])) {
                    sum += wx * values[q - 1];
                    w += wx;
                }
                if (x < b.nx - 1 && (region[q + 1] || known[q + 1])) {
                    sum += wx * values[q + 1];
                    w += wx;
                }
                if (y > 0 && (region[q - b.nx] || known[q - b.nx])) {
                    sum += wy * values[q - b.nx];
                    w += wy;
                }
                if (y < b.ny - 1 && (region[q + b.nx] || known[q + b.nx])) {
                    sum += wy * values[q + b.nx];
                    w += wy;
                }
                if (z > 0 && (region[q - plane] || known[q - plane])) {
                    sum += wz * values[q - plane];
                    w += wz;
                }
                if (z < b.nz - 1 && (region[q + plane] || known[q + plane])) {
                    sum += wz * values[q + plane];
                    w += wz;
                }
                if (w == 0) {
                    continue;
                }
                double next = values[q] + OMEGA * (sum / w - values[q]);
                maxChange = Math.max(maxChange, Math.abs(next - values[q]));
                values[q] = (float) next;
            }
            if (maxChange < TOLERANCE_HU) {
                break;
            }
        }
        return sweeps;
    }
}
