package org.liverlens.core.segment;

/**
 * Synthetic labelled CTs for training and evaluation, found through {@link java.util.ServiceLoader}
 * (the {@code test-dicom} module provides them from its generator).
 */
public interface TrainingCases {

    /**
     * A random synthetic case drawn from {@code seed}: anatomy, grid, spacing, contrast phase,
     * noise and lesions all vary with the seed. The same seed always gives the same case.
     */
    LabelledCt synthetic(long seed);

    /** The provider on the class path, or an error saying that the generator is missing. */
    static TrainingCases find() {
        return java.util.ServiceLoader.load(TrainingCases.class).findFirst()
                .orElseThrow(() -> new org.liverlens.core.work.InvalidInputException(
                        "no synthetic CT generator on the class path", null,
                        "run from the LiverLens distribution, which includes the test-dicom module"));
    }
}
