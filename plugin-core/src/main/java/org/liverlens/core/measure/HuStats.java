package org.liverlens.core.measure;

/**
 * Hounsfield units over a lesion's voxels: mean, sample standard deviation (n − 1; 0 for one
 * voxel), smallest and largest value.
 */
public record HuStats(double mean, double sd, int min, int max) {
}
