package org.liverlens.core.prompt;

import java.util.Arrays;

/**
 * Distance in mm from each pixel of one slice to the nearest pixel of a mask on that slice, by the
 * two-pass chamfer transform with the pixel's own spacings (orthogonal steps dx, dy, diagonal
 * √(dx² + dy²)): within a few percent of the Euclidean distance, enough for a ring of a few mm.
 */
final class InPlaneDistance {
    private InPlaneDistance() {
    }

    /** Distances (0 inside the mask), capped just above {@code capMm} far from it. */
    static float[] toMask(boolean[] mask, int columns, int rows, double dxMm, double dyMm, double capMm) {
        float far = (float) (capMm + Math.max(dxMm, dyMm) * 2);
        float[] d = new float[columns * rows];
        Arrays.fill(d, far);
        for (int p = 0; p < d.length; p++) {
            if (mask[p]) {
                d[p] = 0;
            }
        }
        float dx = (float) dxMm;
        float dy = (float) dyMm;
        float dd = (float) Math.hypot(dxMm, dyMm);
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                int p = j * columns + i;
                float v = d[p];
                if (i > 0) {
                    v = Math.min(v, d[p - 1] + dx);
                }
                if (j > 0) {
                    v = Math.min(v, d[p - columns] + dy);
                    if (i > 0) {
                        v = Math.min(v, d[p - columns - 1] + dd);
                    }
                    if (i < columns - 1) {
                        v = Math.min(v, d[p - columns + 1] + dd);
                    }
                }
                d[p] = v;
            }
        }
        for (int j = rows - 1; j >= 0; j--) {
            for (int i = columns - 1; i >= 0; i--) {
                int p = j * columns + i;
                float v = d[p];
                if (i < columns - 1) {
                    v = Math.min(v, d[p + 1] + dx);
                }
                if (j < rows - 1) {
                    v = Math.min(v, d[p + columns] + dy);
                    if (i < columns - 1) {
                        v = Math.min(v, d[p + columns + 1] + dd);
                    }
                    if (i > 0) {
                        v = Math.min(v, d[p + columns - 1] + dd);
                    }
                }
                d[p] = v;
            }
        }
        return d;
    }
}
