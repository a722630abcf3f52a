package org.liverlens.core.render;

import org.liverlens.core.measure.SegmentColours;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The pixels of the two views of preview.png: CT in the abdominal window, resampled to the common
 * screen scale, with the liver and lesions filled and outlined in their segment colours.
 */
final class ViewPainter {
    static final double LIVER_FILL_ALPHA = 0.18;
    static final double LESION_FILL_ALPHA = 0.2;

    private ViewPainter() {
    }

    static void drawSliceView(HuVolume ct, LabelVolume overlay, int k, ScreenAxis x, ScreenAxis y, int[] lesionColours,
                              int[] rgb, int stride, int x0, int y0) {
        VolumeGeometry g = ct.geometry();
        short[] hu = ct.slice(k);
        short[] labels = overlay.isSliceEmpty(k) ? null : overlay.slice(k);
        int columns = g.columns();
        int w = x.pixels();
        int h = y.pixels();
        int[] value = new int[w * h];
        for (int sy = 0; sy < h; sy++) {
            double cj = y.voxel(sy);
            for (int sx = 0; sx < w; sx++) {
                double ci = x.voxel(sx);
                if (ci < -0.5 || cj < -0.5 || ci > columns - 0.5 || cj > g.rows() - 0.5) {
                    rgb[(y0 + sy) * stride + x0 + sx] = 0;
                    continue;
                }
                double v = bilinear(hu, columns, g.rows(), ci, cj);
                rgb[(y0 + sy) * stride + x0 + sx] = grey(v);
                if (labels != null) {
                    value[sy * w + sx] = labels[nearest(cj, g.rows()) * columns + nearest(ci, columns)] & 0xffff;
                }
            }
        }
        paintOverlay(value, w, h, rgb, stride, x0, y0, lesionColours);
    }

    static void drawReformatView(HuVolume ct, LabelVolume overlay, int j, ScreenAxis x, ScreenAxis y, int[] lesionColours,
                                 int[] rgb, int stride, int x0, int y0) {
        VolumeGeometry g = ct.geometry();
        int columns = g.columns();
        int slices = g.slices();
        int w = x.pixels();
        int h = y.pixels();
        int[] value = new int[w * h];
        for (int sy = 0; sy < h; sy++) {
            double ck = y.voxel(sy);
            int k0 = (int) Math.floor(ck);
            double fk = ck - k0;
            int ka = clamp(k0, slices);
            int kb = clamp(k0 + 1, slices);
            short[] a = ct.slice(ka);
            short[] b = ct.slice(kb);
            int kn = nearest(ck, slices);
            short[] labels = overlay.isSliceEmpty(kn) ? null : overlay.slice(kn);
            for (int sx = 0; sx < w; sx++) {
                double ci = x.voxel(sx);
                double va = rowSample(a, columns, j, ci);
                double vb = rowSample(b, columns, j, ci);
                rgb[(y0 + sy) * stride + x0 + sx] = grey(va + (vb - va) * fk);
                if (labels != null) {
                    value[sy * w + sx] = labels[j * columns + nearest(ci, columns)] & 0xffff;
                }
            }
        }
        paintOverlay(value, w, h, rgb, stride, x0, y0, lesionColours);
    }

    /** Fills each region with its colour at low opacity and draws its border opaque (lesions 2 px). */
    static void paintOverlay(int[] value, int w, int h, int[] rgb, int stride, int x0, int y0,
                             int[] lesionColours) {
        int liver = pack(SegmentColours.LIVER);
        for (int sy = 0; sy < h; sy++) {
            for (int sx = 0; sx < w; sx++) {
                int v = value[sy * w + sx];
                if (v == 0) {
                    continue;
                }
                int colour = v == 1 ? liver : lesionColours[Math.min(v - 2, lesionColours.length - 1)];
                int radius = v == 1 ? 1 : 2;
                boolean edge = false;
                for (int dy = -radius; dy <= radius && !edge; dy++) {
                    for (int dx = -radius; dx <= radius && !edge; dx++) {
                        if (Math.abs(dx) + Math.abs(dy) > radius) {
                            continue;
                        }
                        int nx = sx + dx;
                        int ny = sy + dy;
                        edge = nx < 0 || ny < 0 || nx >= w || ny >= h || value[ny * w + nx] != v;
                    }
                }
                int p = (y0 + sy) * stride + x0 + sx;
                rgb[p] = edge ? colour : blend(rgb[p], colour, v == 1 ? LIVER_FILL_ALPHA : LESION_FILL_ALPHA);
            }
        }
    }

    static int[] colours(int lesions) {
        int[] c = new int[Math.max(1, lesions)];
        for (int id = 1; id <= c.length; id++) {
            c[id - 1] = pack(SegmentColours.lesion(id));
        }
        return c;
    }

    static double bilinear(short[] s, int columns, int rows, double ci, double cj) {
        int i0 = (int) Math.floor(ci);
        int j0 = (int) Math.floor(cj);
        double fi = ci - i0;
        double fj = cj - j0;
        int ia = clamp(i0, columns);
        int ib = clamp(i0 + 1, columns);
        int ja = clamp(j0, rows);
        int jb = clamp(j0 + 1, rows);
        double top = s[ja * columns + ia] + (s[ja * columns + ib] - s[ja * columns + ia]) * fi;
        double bottom = s[jb * columns + ia] + (s[jb * columns + ib] - s[jb * columns + ia]) * fi;
        return top + (bottom - top) * fj;
    }

    static double rowSample(short[] s, int columns, int j, double ci) {
        int i0 = (int) Math.floor(ci);
        double fi = ci - i0;
        int ia = clamp(i0, columns);
        int ib = clamp(i0 + 1, columns);
        int row = j * columns;
        return s[row + ia] + (s[row + ib] - s[row + ia]) * fi;
    }

    static int grey(double hu) {
        double low = Preview.WINDOW_LEVEL - Preview.WINDOW_WIDTH / 2.0;
        int v = (int) Math.round((hu - low) / Preview.WINDOW_WIDTH * 255);
        v = Math.max(0, Math.min(255, v));
        return (v << 16) | (v << 8) | v;
    }

    static int blend(int under, int over, double alpha) {
        int r = (int) Math.round(((under >> 16) & 255) * (1 - alpha) + ((over >> 16) & 255) * alpha);
        int gg = (int) Math.round(((under >> 8) & 255) * (1 - alpha) + ((over >> 8) & 255) * alpha);
        int b = (int) Math.round((under & 255) * (1 - alpha) + (over & 255) * alpha);
        return (r << 16) | (gg << 8) | b;
    }

    static int pack(int[] c) {
        return (c[0] << 16) | (c[1] << 8) | c[2];
    }

    static int nearest(double c, int n) {
        return clamp((int) Math.round(c), n);
    }

    static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }
}
