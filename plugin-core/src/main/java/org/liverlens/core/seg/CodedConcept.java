package org.liverlens.core.seg;

import com.pixelmed.dicom.TagFromName;

import java.util.function.Consumer;

import org.liverlens.core.dicom.AttributeReader;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.work.InvalidInputException;

/**
 * A coded concept (DICOM Code Sequence Macro): code value, coding scheme designator and meaning.
 * All three are required and the meaning has at most 64 characters; the constructor names the
 * attribute that is wrong. The value is written as CodeValue, LongCodeValue or URNCodeValue
 * according to its form ({@link Datasets#codeValueTag}), as highdicom's {@code CodedConcept} does.
 */
public record CodedConcept(String value, String scheme, String meaning) {
    /** Longest CodeMeaning (0008,0104) the standard allows (LO). */
    public static final int MAX_MEANING = 64;

    public CodedConcept {
        require(value, "CodeValue (0008,0100) / LongCodeValue (0008,0119) / URNCodeValue (0008,0120)");
        require(scheme, "CodingSchemeDesignator (0008,0102)");
        require(meaning, "CodeMeaning (0008,0104)");
        if (meaning.length() > MAX_MEANING) {
            throw new IllegalArgumentException("CodeMeaning (0008,0104) is longer than " + MAX_MEANING
                    + " characters: " + meaning);
        }
    }

    private static void require(String v, String attribute) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(attribute + " is required in a coded concept");
        }
    }

    /**
     * Reads a code item (highdicom's {@code CodedConcept.from_dataset}): the value from CodeValue,
     * LongCodeValue or URNCodeValue, whichever is present. A missing meaning is replaced by the
     * value and a meaning over 64 characters is cut, each with a warning; a missing value or scheme
     * is refused.
     *
     * @param item     the item of the code sequence
     * @param name     the sequence, for messages (e.g. "segment 2: SegmentedPropertyTypeCodeSequence (0062,000F)")
     * @param warnings receives what was read leniently
     * @throws InvalidInputException (exit code 3) naming the file, the sequence and the attribute
     */
    public static CodedConcept fromItem(AttributeReader item, String name, Consumer<String> warnings) {
        if (!item.exists()) {
            throw new InvalidInputException(name + " is missing or empty", item.file(), SegParser.HINT_CHECK);
        }
        String value = item.string(TagFromName.CodeValue);
        if (value.isEmpty()) {
            value = item.string(Datasets.LONG_CODE_VALUE);
        }
        if (value.isEmpty()) {
            value = item.string(Datasets.URN_CODE_VALUE);
        }
        String scheme = item.string(TagFromName.CodingSchemeDesignator);
        String meaning = item.string(TagFromName.CodeMeaning);
        if (meaning.isEmpty() && !value.isEmpty()) {
            meaning = value.length() > MAX_MEANING ? value.substring(0, MAX_MEANING) : value;
            warnings.accept(name + " has no CodeMeaning (0008,0104); the code value is shown instead");
        } else if (meaning.length() > MAX_MEANING) {
            meaning = meaning.substring(0, MAX_MEANING);
            warnings.accept(name + ": CodeMeaning (0008,0104) longer than " + MAX_MEANING + " characters, cut");
        }
        try {
            return new CodedConcept(value, scheme, meaning);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name + ": " + e.getMessage(), item.file(), SegParser.HINT_CHECK);
        }
    }

    /** Same concept (value and scheme), whatever the meaning's wording. */
    public boolean sameConceptAs(CodedConcept other) {
        return value.equals(other.value) && scheme.equals(other.scheme);
    }

    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
