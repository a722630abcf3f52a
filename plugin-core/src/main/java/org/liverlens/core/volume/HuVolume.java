package org.liverlens.core.volume;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.ShortType;

/**
 * A CT volume in Hounsfield units (one {@code short} per voxel) with its patient geometry. Backed by
 * an ImgLib2 {@link PlanarImg}: one primitive array per axial slice, so slices are filled in
 * parallel and read without copies.
 */
public final class HuVolume {
    private final PlanarImg<ShortType, ShortArray> img;
    private final VolumeGeometry geometry;

    private HuVolume(PlanarImg<ShortType, ShortArray> img, VolumeGeometry geometry) {
        this.img = img;
        this.geometry = geometry;
    }

    /** A new volume filled with {@code fillHu}. */
    public static HuVolume allocate(VolumeGeometry geometry, short fillHu) {
        PlanarImg<ShortType, ShortArray> img = PlanarImgs.shorts(geometry.columns(), geometry.rows(), geometry.slices());
        HuVolume v = new HuVolume(img, geometry);
        if (fillHu != 0) {
            for (int k = 0; k < geometry.slices(); k++) {
                java.util.Arrays.fill(v.slice(k), fillHu);
            }
        }
        return v;
    }

    public VolumeGeometry geometry() {
        return geometry;
    }

    /** The voxels as an ImgLib2 interval (x = column, y = row, z = slice), for views and cursors. */
    public RandomAccessibleInterval<ShortType> img() {
        return img;
    }

    /**
     * The backing array of slice {@code k}, row-major ({@code j * columns + i}). This is the live
     * data, not a copy: writing to it changes the volume.
     */
    public short[] slice(int k) {
        return img.getPlane(k).getCurrentStorageArray();
    }

    public short get(int i, int j, int k) {
        return slice(k)[j * geometry.columns() + i];
    }

    public void set(int i, int j, int k, short hu) {
        slice(k)[j * geometry.columns() + i] = hu;
    }

    /** Bytes held by the voxel arrays. */
    public long sizeBytes() {
        return geometry.voxelCount() * Short.BYTES;
    }

    /** Smallest and largest HU in the volume. */
    public short[] range() {
        short min = Short.MAX_VALUE;
        short max = Short.MIN_VALUE;
        for (int k = 0; k < geometry.slices(); k++) {
            for (short v : slice(k)) {
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
        }
        return new short[] {min, max};
    }
}
