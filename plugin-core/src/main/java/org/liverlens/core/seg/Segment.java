package org.liverlens.core.seg;

/**
 * One segment of a DICOM Segmentation, validated as the standard requires: a number from 1, a
 * label, category and type codes, and an algorithm name unless the segment is MANUAL.
 *
 * @param cieLab recommended display colour as DICOM CIELab (L, a, b scaled to 0…65535), or null
 */
public record Segment(int number, String label, CodedConcept category, CodedConcept type,
                      AlgorithmType algorithmType, String algorithmName, String algorithmVersion,
                      int[] cieLab, String description) {

    public Segment {
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("SegmentNumber (0062,0004) must be 1…65535, got " + number);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("SegmentLabel (0062,0005) is required (segment " + number + ")");
        }
        if (label.length() > 64) {
            throw new IllegalArgumentException("SegmentLabel (0062,0005) is longer than 64 characters (segment " + number + ")");
        }
        if (category == null) {
            throw new IllegalArgumentException("SegmentedPropertyCategoryCodeSequence (0062,0003) is required (segment " + number + ")");
        }
        if (type == null) {
            throw new IllegalArgumentException("SegmentedPropertyTypeCodeSequence (0062,000F) is required (segment " + number + ")");
        }
        if (algorithmType == null) {
            throw new IllegalArgumentException("SegmentAlgorithmType (0062,0008) is required (segment " + number + ")");
        }
        if (algorithmType != AlgorithmType.MANUAL && (algorithmName == null || algorithmName.isBlank())) {
            throw new IllegalArgumentException("SegmentAlgorithmName (0062,0009) is required for a "
                    + algorithmType + " segment (segment " + number + ")");
        }
        if (cieLab != null) {
            if (cieLab.length != 3) {
                throw new IllegalArgumentException("RecommendedDisplayCIELabValue (0062,000D) needs 3 values (segment " + number + ")");
            }
            for (int v : cieLab) {
                if (v < 0 || v > 65535) {
                    throw new IllegalArgumentException("RecommendedDisplayCIELabValue (0062,000D) values must be 0…65535 (segment " + number + ")");
                }
            }
            cieLab = cieLab.clone();
        }
    }

    /** A manual segment. */
    public static Segment manual(int number, String label, CodedConcept category, CodedConcept type, int[] cieLab) {
        return new Segment(number, label, category, type, AlgorithmType.MANUAL, null, null, cieLab, null);
    }

    /** An automatic segment made by the named algorithm. */
    public static Segment automatic(int number, String label, CodedConcept category, CodedConcept type,
                                    String algorithmName, String algorithmVersion, int[] cieLab) {
        return new Segment(number, label, category, type, AlgorithmType.AUTOMATIC, algorithmName, algorithmVersion,
                cieLab, null);
    }

    @Override
    public int[] cieLab() {
        return cieLab == null ? null : cieLab.clone();
    }
}
