package org.liverlens.core.measure;

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
}
