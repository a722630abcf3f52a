package org.liverlens.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.UniversalResourceAttribute;
import com.pixelmed.dicom.UnlimitedCharactersAttribute;

/**
 * Small helpers to build datasets with PixelMed: values are given as strings (or numbers) and get
 * the value representation of the DICOM dictionary. Failures are programming errors, so they are
 * unchecked.
 */
public final class Datasets {
    /** Long Code Value (0008,0119), UC: a code value over 16 characters. No constant in PixelMed 20220618's TagFromName. */
    public static final AttributeTag LONG_CODE_VALUE = new AttributeTag(0x0008, 0x0119);
    /** URN Code Value (0008,0120), UR: a code value that is a URN or URL. No constant in PixelMed 20220618's TagFromName. */
    public static final AttributeTag URN_CODE_VALUE = new AttributeTag(0x0008, 0x0120);
    /** Longest CodeValue (0008,0100) (SH). */
    public static final int MAX_CODE_VALUE = 16;

    private Datasets() {
    }

    /** Puts an attribute with the given values (none: a zero-length, Type 2 attribute). */
    public static void put(AttributeList list, AttributeTag tag, Object... values) {
        try {
            Attribute a = AttributeFactory.newAttribute(tag);
            for (Object v : values) {
                if (v instanceof Integer i) {
                    a.addValue(i);
                } else if (v instanceof Double d) {
                    a.addValue(d);
                } else {
                    a.addValue(String.valueOf(v));
                }
            }
            list.put(a);
        } catch (DicomException e) {
            throw new IllegalArgumentException("cannot set " + tag + ": " + e.getMessage(), e);
        }
    }

    /** Puts a decimal-string attribute, formatted to at most 16 characters as DS requires. */
    public static void putDecimals(AttributeList list, AttributeTag tag, double... values) {
        String[] s = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            s[i] = decimalString(values[i]);
        }
        put(list, tag, (Object[]) s);
    }

    /** A DS value (at most 16 characters) that reads back as close to {@code v} as DS allows. */
    public static String decimalString(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        for (int digits = 10; digits >= 1; digits--) {
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
            if (s.length() <= 16) {
                return s;
            }
        }
        return String.format(java.util.Locale.ROOT, "%.6e", v);
    }

    /** Adds a new, empty item to the sequence {@code tag} (created when absent) and returns it. */
    public static AttributeList addItem(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        SequenceAttribute seq;
        if (a instanceof SequenceAttribute s) {
            seq = s;
        } else {
            seq = new SequenceAttribute(tag);
            list.put(seq);
        }
        AttributeList item = new AttributeList();
        seq.addItem(item);
        return item;
    }

    /** Puts an empty sequence (a Type 2 sequence with no items). */
    public static void putEmptySequence(AttributeList list, AttributeTag tag) {
        list.put(new SequenceAttribute(tag));
    }

    /**
     * Adds a code item (value, scheme, meaning) to the sequence {@code tag}, the value in the
     * attribute its form calls for ({@link #codeValueTag}).
     */
    public static void addCode(AttributeList list, AttributeTag tag, String value, String scheme, String meaning) {
        AttributeList item = addItem(list, tag);
        AttributeTag valueTag = codeValueTag(value);
        try {
            Attribute a = valueTag.equals(URN_CODE_VALUE) ? new UniversalResourceAttribute(valueTag)
                    : valueTag.equals(LONG_CODE_VALUE) ? new UnlimitedCharactersAttribute(valueTag)
                    : AttributeFactory.newAttribute(valueTag);
            a.addValue(value);
            item.put(a);
        } catch (DicomException e) {
            throw new IllegalArgumentException("cannot set the code value " + value + ": " + e.getMessage(), e);
        }
        put(item, com.pixelmed.dicom.TagFromName.CodingSchemeDesignator, scheme);
        put(item, com.pixelmed.dicom.TagFromName.CodeMeaning, meaning);
    }

    /**
     * The attribute a code value belongs in (PS3.3 Section 8.8, as highdicom's {@code CodedConcept}
     * chooses it): URNCodeValue for a URN or URL ("urn:…", "http://…"), LongCodeValue for any other
     * value over 16 characters, CodeValue otherwise.
     */
    public static AttributeTag codeValueTag(String value) {
        if (value.regionMatches(true, 0, "urn:", 0, 4) || value.contains("://")) {
            return URN_CODE_VALUE;
        }
        return value.length() > MAX_CODE_VALUE ? LONG_CODE_VALUE : com.pixelmed.dicom.TagFromName.CodeValue;
    }

    /** Puts an AT attribute pointing at other tags. */
    public static void putTags(AttributeList list, AttributeTag tag, AttributeTag... pointers) {
        try {
            AttributeTagAttribute a = new AttributeTagAttribute(tag);
            for (AttributeTag p : pointers) {
                a.addValue(p.getGroup(), p.getElement());
            }
            list.put(a);
        } catch (DicomException e) {
            throw new IllegalArgumentException("cannot set " + tag + ": " + e.getMessage(), e);
        }
    }

    /** Copies the listed attributes (when present) from one dataset to another. */
    public static void copy(AttributeList from, AttributeList to, AttributeTag... tags) {
        for (AttributeTag t : tags) {
            Attribute a = from.get(t);
            if (a != null) {
                to.put(a);
            }
        }
    }

    /**
     * {@code s} in printable ASCII (the default character repertoire), cut to {@code max} characters
     * with "..." (e.g. 64 for an LO value).
     */
    public static String truncate(String s, int max) {
        String ascii = s.replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() <= max ? ascii : ascii.substring(0, max - 3) + "...";
    }
}
