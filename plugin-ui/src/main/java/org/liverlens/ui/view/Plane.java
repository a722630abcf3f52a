package org.liverlens.ui.view;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.view.Views;

import org.liverlens.core.render.OrientationMarks;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * The three views of a volume. Each is an ImgLib2 hyper-slice of the same {@link HuVolume} (a view
 * over its voxels, never a copy): axial fixes k and shows (i, j), coronal fixes j and shows (i, k),
 * sagittal fixes i and shows (j, k). Screen axes are flipped as in the radiological convention (the
 * patient's left, posterior or superior to the right; posterior, inferior or left downwards), as
 * preview.png lies ({@code org.liverlens.core.render}).
 */
public enum Plane {
    AXIAL(2, 0, 1),
    CORONAL(1, 0, 2),
    SAGITTAL(0, 1, 2);

    /** The voxel axis this plane fixes, and the voxel axes along screen x and screen y. */
    final int fixed;
    final int horizontal;
    final int vertical;

    Plane(int fixed, int horizontal, int vertical) {
        this.fixed = fixed;
        this.horizontal = horizontal;
        this.vertical = vertical;
    }

    /** The plane at {@code index} along {@link #fixed}: a 2D view (horizontal axis, vertical axis) of the volume. */
    public RandomAccessibleInterval<ShortType> slice(HuVolume ct, int index) {
        return Views.hyperSlice(ct.img(), fixed, index);
    }

    /** Whether screen x runs against the voxel axis (so that it runs towards +x, +y or +z). */
    boolean flipHorizontal(VolumeGeometry g) {
        double[] d = g.direction(horizontal);
        return d[OrientationMarks.dominant(d)] < 0;
    }

    /** Whether screen y runs against the voxel axis (down is posterior, inferior or left). */
    boolean flipVertical(VolumeGeometry g) {
        double[] d = g.direction(vertical);
        int a = OrientationMarks.dominant(d);
        return (a == 2 ? -d[a] : d[a]) < 0;
    }

    /** The LPS direction of increasing screen x. */
    double[] screenRight(VolumeGeometry g) {
        return signed(g.direction(horizontal), flipHorizontal(g));
    }

    /** The LPS direction of increasing screen y. */
    double[] screenDown(VolumeGeometry g) {
        return signed(g.direction(vertical), flipVertical(g));
    }

    private static double[] signed(double[] d, boolean flip) {
        return flip ? new double[] {-d[0], -d[1], -d[2]} : d;
    }
}
