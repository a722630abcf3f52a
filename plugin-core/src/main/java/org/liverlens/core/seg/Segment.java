package org.liverlens.core.seg;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

import org.liverlens.core.dicom.AttributeReader;
import org.liverlens.core.work.InvalidInputException;

/**
 * One segment of a DICOM Segmentation, validated as the standard requires: a number from 1, a
 * label, category and type codes, and an algorithm name unless the segment is MANUAL.
 *
 * Records compare arrays by identity, so equality, hash code and text are written out here over
 * the colour's values.
 *
 * @param cieLab recommended display colour as DICOM CIELab (L, a, b scaled to 0…65535), or null
 */
public record Segment(int number, String label, CodedConcept category, CodedConcept type,
                      AlgorithmType algorithmType, String algorithmName, String algorithmVersion,
                      int[] cieLab, String description) {

    /** Name recorded for an AUTOMATIC/SEMIAUTOMATIC segment whose algorithm name is missing. */
    public static final String UNKNOWN_ALGORITHM = "unknown";

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

    /** This segment under another number (a SEG renumbered after a deletion, segments merged from two sets). */
    public Segment withNumber(int newNumber) {
        return new Segment(newNumber, label, category, type, algorithmType, algorithmName, algorithmVersion, cieLab,
                description);
    }

    /** This segment with another label (a rename). */
    public Segment withLabel(String newLabel) {
        return new Segment(number, newLabel, category, type, algorithmType, algorithmName, algorithmVersion, cieLab,
                description);
    }

    @Override
    public int[] cieLab() {
        return cieLab == null ? null : cieLab.clone();
    }

    /**
     * Reads one item of the Segment Sequence (highdicom's {@code SegmentDescription.from_dataset}).
     * What the standard requires is checked; a missing label, a label over 64 characters, a missing
     * algorithm name of an AUTOMATIC segment, a missing code meaning and retired SNOMED RT codes are
     * read leniently, each with a warning.
     *
     * @throws InvalidInputException (exit code 3) naming the file, the segment and the attribute
     */
    public static Segment fromItem(AttributeReader item, Consumer<String> warnings) {
        int number = item.integer(TagFromName.SegmentNumber, -1);
        String label = item.string(TagFromName.SegmentLabel);
        if (label.isEmpty()) {
            label = "Segment " + number;
            warnings.accept("segment " + number + " has no SegmentLabel (0062,0005): called \"" + label + "\"");
        }
        if (label.length() > 64) {
            warnings.accept("segment " + number + ": SegmentLabel (0062,0005) longer than 64 characters, cut");
            label = label.substring(0, 64);
        }
        String at = item.string(TagFromName.SegmentAlgorithmType);
        AlgorithmType algorithmType;
        try {
            algorithmType = AlgorithmType.valueOf(at);
        } catch (IllegalArgumentException e) {
            throw refuse(item, "segment " + number + ": SegmentAlgorithmType (0062,0008) is '" + at
                    + "'; AUTOMATIC, SEMIAUTOMATIC or MANUAL expected");
        }
        AttributeReader identification = item.item(SegTags.SEGMENTATION_ALGORITHM_IDENTIFICATION);
        String algorithmName = item.string(SegTags.SEGMENT_ALGORITHM_NAME);
        if (algorithmName.isEmpty()) {
            algorithmName = identification.string(SegTags.ALGORITHM_NAME);
        }
        String algorithmVersion = identification.string(SegTags.ALGORITHM_VERSION);
        if (algorithmType != AlgorithmType.MANUAL && algorithmName.isEmpty()) {
            algorithmName = UNKNOWN_ALGORITHM;
            warnings.accept("segment " + number + " (\"" + label + "\") is " + algorithmType
                    + " but has no SegmentAlgorithmName (0062,0009): algorithm recorded as \"" + UNKNOWN_ALGORITHM
                    + "\"");
        }
        CodedConcept category = code(item, number, TagFromName.SegmentedPropertyCategoryCodeSequence,
                "SegmentedPropertyCategoryCodeSequence (0062,0003)", warnings);
        CodedConcept type = code(item, number, TagFromName.SegmentedPropertyTypeCodeSequence,
                "SegmentedPropertyTypeCodeSequence (0062,000F)", warnings);
        int[] lab = item.integers(TagFromName.RecommendedDisplayCIELabValue, 3);
        String description = item.string(SegTags.SEGMENT_DESCRIPTION);
        try {
            return new Segment(number, label, category, type, algorithmType,
                    algorithmName.isEmpty() ? null : algorithmName, algorithmVersion.isEmpty() ? null : algorithmVersion,
                    lab, description.isEmpty() ? null : description);
        } catch (IllegalArgumentException e) {
            throw refuse(item, "segment " + number + ": " + e.getMessage());
        }
    }

    /**
     * A code of the segment, with a retired SNOMED RT code read as its current SNOMED CT code. The
     * sequence's name is written out, not looked up (AttributeReader.name): the lookup loads
     * PixelMed's whole dictionary, 2.5-2.8 s of a cold viewer start with a SEG (docs/benchmarks.md).
     */
    private static CodedConcept code(AttributeReader segment, int number, AttributeTag sequence, String name,
                                     Consumer<String> warnings) {
        CodedConcept read = CodedConcept.fromItem(segment.item(sequence), "segment " + number + ": " + name,
                warnings);
        CodedConcept current = Codes.current(read);
        if (current != read) {
            warnings.accept("segment " + number + ": retired code " + read + " read as " + current);
        }
        return current;
    }

    private static InvalidInputException refuse(AttributeReader item, String message) {
        return new InvalidInputException(message, item.file(), SegParser.HINT_CHECK);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segment s && number == s.number && label.equals(s.label) && category.equals(s.category)
                && type.equals(s.type) && algorithmType == s.algorithmType
                && Objects.equals(algorithmName, s.algorithmName) && Objects.equals(algorithmVersion, s.algorithmVersion)
                && Arrays.equals(cieLab, s.cieLab) && Objects.equals(description, s.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, label, category, type, algorithmType, algorithmName, algorithmVersion,
                Arrays.hashCode(cieLab), description);
    }

    @Override
    public String toString() {
        return "Segment[number=" + number + ", label=" + label + ", category=" + category + ", type=" + type
                + ", algorithmType=" + algorithmType + ", algorithmName=" + algorithmName + ", algorithmVersion="
                + algorithmVersion + ", cieLab=" + Arrays.toString(cieLab) + ", description=" + description + "]";
    }
}
