package org.liverlens.testdicom;


import org.liverlens.core.dicom.UidGenerator;

/**
 * Deterministic UIDs for a synthetic series, so that the same parameters give byte-identical files.
 * Each UID is {@code 2.25.<decimal of a name-based (MD5, version 3) UUID>} (PS3.5 B.2, the root of
 * {@link UidGenerator#UUID_ROOT}), named after what it identifies:
 * <ul>
 * <li>Frame of Reference: the seed (one synthetic patient, one patient coordinate system);</li>
 * <li>Study: the seed, patient name and ID (the phases of one seed share a study);</li>
 * <li>Series and SOP instances: every parameter (any change makes a new series).</li>
 * </ul>
 */
final class SeriesUids {
    private static final String NAMESPACE = "org.liverlens.testdicom.SyntheticCt/1|";

    private final String frameOfReference;
    private final String study;
    private final String series;
    private final String seriesBasis;

    SeriesUids(SyntheticCt.Params p) {
        String seed = Long.toUnsignedString(p.seed());
        this.frameOfReference = uid("frame-of-reference|" + seed);
        this.study = uid("study|" + seed + "|" + p.patientName() + "|" + p.effectivePatientId());
        this.seriesBasis = "series|" + p;
        this.series = uid(seriesBasis);
    }

    String frameOfReference() {
        return frameOfReference;
    }

    String study() {
        return study;
    }

    String series() {
        return series;
    }

    /** SOP Instance UID of slice {@code k} (0-based). */
    String instance(int k) {
        return uid(seriesBasis + "|instance|" + k);
    }

    static String uid(String name) {
        return UidGenerator.nameBased(NAMESPACE + name);
    }
}
