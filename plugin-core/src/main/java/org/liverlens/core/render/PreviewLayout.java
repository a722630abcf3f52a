package org.liverlens.core.render;

import org.liverlens.core.measure.Findings;
import org.liverlens.core.measure.LesionMeasurement;
import org.liverlens.core.measure.Recist;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/** Where things go in preview.png: the slice and row shown, and the magnified inset of a small lesion. */
final class PreviewLayout {
    /** A magnified view of the largest lesion in the bottom-left corner of the slice view. */
    record Inset(ScreenAxis x, ScreenAxis y, int left, int top, double zoom) {
    }

    static final int INSET_PX = 176;
    static final int MAX_CANVAS_PX = 840;
    static final int INSET_MAX_PX = 232;

    private PreviewLayout() {
    }

    /** {k, j}: the slice and the row the two views show. */
    static int[] focus(Findings f, LabelVolume overlay) {
        VolumeGeometry g = overlay.geometry();
        if (!f.lesions().isEmpty()) {
            LesionMeasurement l = f.lesions().get(0);
            int k = l.recist().slice();
            // The coronal row that cuts most of the lesion (its centroid row may miss a crescent).
            long[] perRow = new long[g.rows()];
            short want = (short) Math.min(LabelVolume.MAX_LABEL, l.id() + 1);
            int columns = g.columns();
            for (int kk = 0; kk < g.slices(); kk++) {
                if (overlay.isSliceEmpty(kk)) {
                    continue;
                }
                short[] s = overlay.slice(kk);
                for (int p = 0; p < s.length; p++) {
                    if (s[p] == want) {
                        perRow[p / columns]++;
                    }
                }
            }
            double centroidRow = l.centroidVoxel()[1];
            int best = ViewPainter.clamp((int) Math.round(centroidRow), g.rows());
            for (int r = 0; r < perRow.length; r++) {
                if (perRow[r] > perRow[best]
                        || (perRow[r] == perRow[best] && Math.abs(r - centroidRow) < Math.abs(best - centroidRow))) {
                    best = r;
                }
            }
            return new int[] {k, best};
        }
        double[] c = f.liverCentroidVoxel();
        if (c != null) {
            return new int[] {ViewPainter.clamp((int) Math.round(c[2]), g.slices()), ViewPainter.clamp((int) Math.round(c[1]), g.rows())};
        }
        return new int[] {g.slices() / 2, g.rows() / 2};
    }

    /**
     * The inset, or null when the largest lesion is not on the slice or is large enough on screen
     * already. It goes below the reformat when there is room (the reformat of a short scan leaves
     * some), else into the bottom-left corner of the slice view, where the patient's right back or
     * the table usually is.
     */
    static Inset inset(Findings f, int k, ScreenAxis x, ScreenAxis y, double pxPerMm, int sliceHeight, int viewsHeight,
                       int reformatLeft, int reformatHeight) {
        if (f.lesions().isEmpty() || f.lesions().get(0).recist().slice() != k) {
            return null;
        }
        Recist r = f.lesions().get(0).recist();
        int free = Math.min(viewsHeight - reformatHeight - 16, x.pixels() - 16);
        boolean below = free >= INSET_PX;
        int size = below ? Math.min(free, INSET_MAX_PX) : INSET_PX;
        double fieldMm = insetFieldMm(r);
        double zoom = size / fieldMm / pxPerMm;
        if (!wantsInset(f, pxPerMm) || (!below && (sliceHeight < 2 * size || x.pixels() < 2 * size))) {
            return null;
        }
        int[] e = r.longAxisEnds();
        double ci = (e[0] + e[2]) / 2.0;
        double cj = (e[1] + e[3]) / 2.0;
        int left = below ? reformatLeft + 8 : 8;
        int top = below ? reformatHeight + 8 : sliceHeight - size - 8;
        return new Inset(x.zoom(ci, fieldMm, size), y.zoom(cj, fieldMm, size), left, top, zoom);
    }

    /** Whether the largest lesion is small enough on screen to deserve a magnified view. */
    static boolean wantsInset(Findings f, double pxPerMm) {
        return !f.lesions().isEmpty() && INSET_PX / insetFieldMm(f.lesions().get(0).recist()) / pxPerMm >= 1.6;
    }

    static double insetFieldMm(Recist r) {
        return Math.max(30, 2.2 * r.longMm());
    }
}
