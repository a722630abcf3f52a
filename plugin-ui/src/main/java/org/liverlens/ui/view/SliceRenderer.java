package org.liverlens.ui.view;

import java.util.List;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.integer.ShortType;

import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * Renders one plane of a CT at screen resolution: nearest-neighbour samples of the ImgLib2
 * hyper-slice through the window, then each visible segment filled at its opacity and outlined
 * opaque (a pixel whose 4-neighbour lies outside the segment). The transform maps screen pixels to
 * display voxel coordinates: {@code u = centreU + (x + 0.5 - width / 2) / (spacingU * zoom)}.
 */
public final class SliceRenderer {

    /** Where a view looks: the display voxel coordinate at its centre and its scale in screen pixels per mm. */
    public record Camera(double centreU, double centreV, double pxPerMm) {
    }

    private SliceRenderer() {
    }

    /**
     * The 0xRRGGBB pixels of a {@code width} × {@code height} view of {@code plane} at {@code index},
     * row by row; pixels outside the volume are black.
     */
    public static int[] render(HuVolume ct, Plane plane, int index, Camera camera, int width, int height,
                               double windowWidth, double windowLevel, List<SegmentLayer> layers) {
        VolumeGeometry g = ct.geometry();
        int[] voxelOfX = axisMap(g, plane.horizontal, plane.flipHorizontal(g), camera.centreU(), camera.pxPerMm(), width);
        int[] voxelOfY = axisMap(g, plane.vertical, plane.flipVertical(g), camera.centreV(), camera.pxPerMm(), height);
        List<SegmentLayer> visible = layers.stream().filter(SegmentLayer::visible).toList();
        int[] rgb = new int[width * height];
        int[] label = visible.isEmpty() ? null : new int[width * height];
        RandomAccess<ShortType> ra = plane.slice(ct, index).randomAccess();
        double low = windowLevel - windowWidth / 2;
        double scale = 255.0 / windowWidth;
        int[] voxel = new int[3];
        voxel[plane.fixed] = index;
        for (int y = 0; y < height; y++) {
            int b = voxelOfY[y];
            if (b < 0) {
                continue;
            }
            ra.setPosition(b, 1);
            voxel[plane.vertical] = b;
            for (int x = 0; x < width; x++) {
                int a = voxelOfX[x];
                if (a < 0) {
                    continue;
                }
                ra.setPosition(a, 0);
                int v = (int) Math.round((ra.get().get() - low) * scale);
                v = v < 0 ? 0 : (v > 255 ? 255 : v);
                rgb[y * width + x] = (v << 16) | (v << 8) | v;
                if (label != null) {
                    voxel[plane.horizontal] = a;
                    label[y * width + x] = topLayer(visible, voxel);
                }
            }
        }
        if (label != null) {
            paintLayers(label, visible, rgb, width, height);
        }
        return rgb;
    }

    /** For each screen pixel along one axis, the voxel index it shows, or −1 outside the volume. */
    static int[] axisMap(VolumeGeometry g, int axis, boolean flip, double centre, double pxPerMm, int pixels) {
        int n = g.size()[axis];
        double spacing = g.spacingMm()[axis];
        int[] map = new int[pixels];
        for (int s = 0; s < pixels; s++) {
            int u = (int) Math.round(centre + (s + 0.5 - pixels / 2.0) / (spacing * pxPerMm));
            map[s] = u < 0 || u >= n ? -1 : (flip ? n - 1 - u : u);
        }
        return map;
    }

    private static int topLayer(List<SegmentLayer> visible, int[] voxel) {
        for (int l = visible.size() - 1; l >= 0; l--) {
            BitMask m = visible.get(l).mask();
            if (m.get(voxel[0], voxel[1], voxel[2])) {
                return l + 1;
            }
        }
        return 0;
    }

    private static void paintLayers(int[] label, List<SegmentLayer> visible, int[] rgb, int w, int h) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int l = label[p];
                if (l == 0) {
                    continue;
                }
                SegmentLayer layer = visible.get(l - 1);
                boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || label[p - 1] != l || label[p + 1] != l || label[p - w] != l || label[p + w] != l;
                rgb[p] = edge ? layer.rgb() : blend(rgb[p], layer.rgb(), layer.opacity());
            }
        }
    }

    static int blend(int under, int over, double alpha) {
        int r = (int) Math.round(((under >> 16) & 255) * (1 - alpha) + ((over >> 16) & 255) * alpha);
        int gg = (int) Math.round(((under >> 8) & 255) * (1 - alpha) + ((over >> 8) & 255) * alpha);
        int b = (int) Math.round((under & 255) * (1 - alpha) + (over & 255) * alpha);
        return (r << 16) | (gg << 8) | b;
    }
}
