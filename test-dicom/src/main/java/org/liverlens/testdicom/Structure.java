package org.liverlens.testdicom;

/**
 * One thing painted into the phantom: a shape filled with one HU value, blended over what is
 * already there by its partial-volume coverage.
 *
 * @param name        for debugging and documentation
 * @param shape       where it is
 * @param hu          its HU before noise
 * @param label       the label it writes where its depth is positive, or {@link #KEEP}
 * @param onlyInLabel paint only over voxels that already carry this label ({@link #ANY} for all);
 *                    how contents stay inside their organ (bowel lumen, intrahepatic vessels)
 * @param lesionId    1.. for a liver lesion (written to the lesion map), else 0
 * @param marginMm    0: hard edge with a one-pixel linear partial-volume ramp; &gt; 0: soft
 *                    sigmoid edge whose logistic scale is this many mm (lesions)
 */
record Structure(String name, Shape shape, double hu, int label, int onlyInLabel, int lesionId, double marginMm) {
    static final int KEEP = -1;
    static final int ANY = -1;
    /** Internal label of visceral fat inside the peritoneal cavity; written out as background. */
    static final int CAVITY = 200;

    static Structure of(String name, Shape shape, double hu, int label) {
        return new Structure(name, shape, hu, label, ANY, 0, 0);
    }

    static Structure inside(String name, Shape shape, double hu, int label, int onlyInLabel) {
        return new Structure(name, shape, hu, label, onlyInLabel, 0, 0);
    }
}
