package org.liverlens.core.measure;

import java.util.Arrays;
import java.util.Objects;

/**
 * One lesion instance: a connected component of the tumour label (or one lesion segment of a SEG),
 * measured on the CT grid.
 *
 * @param id            1…n, by decreasing volume
 * @param segmentNumber the SEG segment holding this lesion
 * @param voxels        voxel count
 * @param volumeMl      voxels × voxel volume
 * @param recist        RECIST 1.1 long and short axis
 * @param hu            HU statistics over the lesion's voxels
 * @param centroidVoxel mean voxel index (i, j, k)
 * @param centroidMm    LPS position of {@code centroidVoxel} (mm)
 *
 * Equality, hash code and text are over the centroids' values (a record compares arrays by identity).
 */
public record LesionMeasurement(int id, int segmentNumber, long voxels, double volumeMl, Recist recist, HuStats hu,
                                double[] centroidVoxel, double[] centroidMm) {

    public LesionMeasurement {
        centroidVoxel = centroidVoxel.clone();
        centroidMm = centroidMm.clone();
    }

    @Override
    public double[] centroidVoxel() {
        return centroidVoxel.clone();
    }

    @Override
    public double[] centroidMm() {
        return centroidMm.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LesionMeasurement l && id == l.id && segmentNumber == l.segmentNumber && voxels == l.voxels
                && Double.compare(volumeMl, l.volumeMl) == 0 && recist.equals(l.recist) && hu.equals(l.hu)
                && Arrays.equals(centroidVoxel, l.centroidVoxel) && Arrays.equals(centroidMm, l.centroidMm);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, segmentNumber, voxels, volumeMl, recist, hu, Arrays.hashCode(centroidVoxel),
                Arrays.hashCode(centroidMm));
    }

    @Override
    public String toString() {
        return "LesionMeasurement[id=" + id + ", segmentNumber=" + segmentNumber + ", voxels=" + voxels + ", volumeMl="
                + volumeMl + ", recist=" + recist + ", hu=" + hu + ", centroidVoxel=" + Arrays.toString(centroidVoxel)
                + ", centroidMm=" + Arrays.toString(centroidMm) + "]";
    }
}
