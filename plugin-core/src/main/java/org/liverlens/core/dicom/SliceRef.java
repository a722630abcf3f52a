package org.liverlens.core.dicom;

/**
 * One 2D image of a stack: a single-frame instance, or one frame of a multi-frame instance.
 *
 * @param frame      0-based frame index within the instance
 * @param positionMm LPS position of the first transmitted pixel (ImagePositionPatient)
 * @param distanceMm position projected on the stack normal; slices are sorted by it
 */
public record SliceRef(SliceHeader header, int frame, double[] positionMm, double distanceMm) {
}
