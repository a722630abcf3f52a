package org.liverlens.core.seg;

/**
 * A coded concept (DICOM Code Sequence Macro): code value, coding scheme designator and meaning.
 * All three are required; the constructor names the attribute that is missing.
 */
public record CodedConcept(String value, String scheme, String meaning) {

    public CodedConcept {
        require(value, "CodeValue (0008,0100)");
        require(scheme, "CodingSchemeDesignator (0008,0102)");
        require(meaning, "CodeMeaning (0008,0104)");
        if (meaning.length() > 64) {
            throw new IllegalArgumentException("CodeMeaning (0008,0104) is longer than 64 characters: " + meaning);
        }
    }

    private static void require(String v, String attribute) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(attribute + " is required in a coded concept");
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
