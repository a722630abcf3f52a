package org.liverlens.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ValueRepresentation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.liverlens.core.work.InvalidInputException;

/**
 * Reads the attribute values of one dataset, or of one sequence item, of a file: the one way the
 * slice headers and the SEG parser read them. Absent attributes give the stated default; values
 * that are present but unusable are refused with an {@link InvalidInputException} (exit code 3)
 * naming the file and the attribute as {@code Keyword (gggg,eeee)}, with the sequences it sits in.
 * A reader over an absent item (no list) answers every attribute as absent.
 */
public final class AttributeReader {
    private static final String DAMAGED_HINT = "the file is damaged or was written wrongly: check it with "
            + "'dciodvfy' and export it again from the program that made it";
    /** Direction cosines shorter than this, or this close to parallel (|sin|), are degenerate. */
    private static final double DEGENERATE = 1e-3;

    private final Path file;
    private final AttributeList list;
    // Where this item sits, for messages only: built when a refusal needs it (readers are made per frame).
    private final AttributeReader parent;
    private final AttributeTag sequence;
    private final int index;

    /** A reader over the top-level dataset {@code list} of {@code file} (null: no dataset). */
    public AttributeReader(Path file, AttributeList list) {
        this(file, list, null, null, 0);
    }

    private AttributeReader(Path file, AttributeList list, AttributeReader parent, AttributeTag sequence, int index) {
        this.file = file;
        this.list = list;
        this.parent = parent;
        this.sequence = sequence;
        this.index = index;
    }

    public Path file() {
        return file;
    }

    /** The attributes read, or null for an absent item. */
    public AttributeList list() {
        return list;
    }

    /** True when this reader has a dataset (false for an absent item). */
    public boolean exists() {
        return list != null;
    }

    /** True when the attribute is in the dataset (even empty). */
    public boolean has(AttributeTag tag) {
        return list != null && list.get(tag) != null;
    }

    /** True when the attribute is in the dataset with at least one value. */
    public boolean hasValue(AttributeTag tag) {
        Attribute a = list == null ? null : list.get(tag);
        return a != null && a.getVM() > 0;
    }

    // ---------------------------------------------------------------- sequences

    /** Items of the sequence {@code tag}, or -1 when it is absent or not a sequence. */
    public int items(AttributeTag sequence) {
        Attribute a = list == null ? null : list.get(sequence);
        return a instanceof SequenceAttribute s ? s.getNumberOfItems() : -1;
    }

    /** The first item of a sequence; an absent item when there is none. */
    public AttributeReader item(AttributeTag sequence) {
        return item(sequence, 0);
    }

    /** Item {@code index} (0-based) of a sequence; an absent item when there is none. */
    public AttributeReader item(AttributeTag sequence, int index) {
        Attribute a = list == null ? null : list.get(sequence);
        AttributeList item = a instanceof SequenceAttribute s && index < s.getNumberOfItems()
                ? s.getItem(index).getAttributeList() : null;
        return new AttributeReader(file, item, this, sequence, index);
    }

    /**
     * The item of the functional group macro {@code sequence} that holds {@code tag} (Enhanced
     * multi-frame objects): the frame's own group first, then the shared one; an absent item when
     * neither has a value.
     *
     * @param frame  the frame's item of PerFrameFunctionalGroupsSequence (may be an absent item)
     * @param shared the item of SharedFunctionalGroupsSequence (may be an absent item)
     */
    public static AttributeReader functionalGroup(AttributeReader frame, AttributeReader shared, AttributeTag sequence,
                                                  AttributeTag tag) {
        AttributeReader own = frame.item(sequence);
        return own.hasValue(tag) ? own : shared.item(sequence);
    }

    // ---------------------------------------------------------------- strings

    /**
     * The first value as trimmed text, "" when absent; also for attributes PixelMed's dictionary
     * lacks (read as UN from implicit VR files).
     */
    public String string(AttributeTag tag) {
        Attribute a = list == null ? null : list.get(tag);
        if (a == null) {
            return "";
        }
        if (ValueRepresentation.isUnknownVR(a.getVR())) {
            try {
                byte[] b = a.getByteValues();
                return b == null ? "" : new String(b, StandardCharsets.UTF_8).replace("\0", "").trim();
            } catch (DicomException e) {
                return "";
            }
        }
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    /** All values joined by backslashes (e.g. ImageType), "" when absent. */
    public String strings(AttributeTag tag) {
        return list == null ? "" : Attribute.getDelimitedStringValuesOrEmptyString(list, tag).trim();
    }

    // ---------------------------------------------------------------- numbers

    /** The first value as an integer; {@code absent} when the attribute is missing, empty or not a number. */
    public int integer(AttributeTag tag, int absent) {
        Attribute a = list == null ? null : list.get(tag);
        if (a == null || a.getVM() == 0) {
            return absent;
        }
        return Attribute.getSingleIntegerValueOrDefault(list, tag, absent);
    }

    /** The first {@code count} values as integers, or null when absent, fewer or not numbers. */
    public int[] integers(AttributeTag tag, int count) {
        Attribute a = list == null ? null : list.get(tag);
        if (a == null || a.getVM() < count) {
            return null;
        }
        try {
            return Arrays.copyOf(a.getIntegerValues(), count);
        } catch (DicomException | NumberFormatException e) {
            return null;
        }
    }

    /** The first value as a decimal; {@code absent} when missing, empty, not a number or not finite. */
    public double decimal(AttributeTag tag, double absent) {
        double[] v = decimalsOrNull(tag, 1);
        return v == null ? absent : v[0];
    }

    /**
     * The first {@code count} values, or null when the attribute is absent, empty, has fewer values,
     * or a value that is not a finite number: for callers that treat a damaged value as a missing one.
     */
    public double[] decimalsOrNull(AttributeTag tag, int count) {
        try {
            return decimals(tag, count);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /**
     * The first {@code count} values, or null when the attribute is absent or empty.
     *
     * @throws InvalidInputException when it has fewer values, or a value that is not a finite number
     */
    public double[] decimals(AttributeTag tag, int count) {
        Attribute a = list == null ? null : list.get(tag);
        if (a == null || a.getVM() == 0) {
            return null;
        }
        double[] all;
        try {
            all = a.getDoubleValues();
        } catch (DicomException | NumberFormatException e) {
            throw refuse(tag, "is '" + strings(tag) + "', not " + count + " number(s)", DAMAGED_HINT);
        }
        if (all == null || all.length < count) {
            throw refuse(tag, "has " + (all == null ? 0 : all.length) + " value(s), " + count + " expected",
                    DAMAGED_HINT);
        }
        double[] v = Arrays.copyOf(all, count);
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw refuse(tag, "is " + strings(tag) + ": not a finite number", DAMAGED_HINT);
            }
        }
        return v;
    }

    /**
     * {@code count} values that must all be positive (spacings, thicknesses), or null when absent.
     * PixelMed reads a DS value that is not a number as 0, so such a value is refused here too; the
     * message shows the text as stored.
     *
     * @throws InvalidInputException when a value is zero, negative or not a finite number
     */
    public double[] positiveDecimals(AttributeTag tag, int count, String hint) {
        double[] v = decimals(tag, count);
        if (v != null) {
            for (double x : v) {
                if (!(x > 0)) {
                    throw refuse(tag, "is " + strings(tag) + ": every value must be positive", hint);
                }
            }
        }
        return v;
    }

    /**
     * Six direction cosines (a row then a column direction, as ImageOrientationPatient), or null
     * when absent.
     *
     * @throws InvalidInputException when a direction is zero or the two are parallel: no image
     *                               plane can be built from them
     */
    public double[] directionCosines(AttributeTag tag, String hint) {
        double[] v = decimals(tag, 6);
        if (v == null) {
            return null;
        }
        double[] row = {v[0], v[1], v[2]};
        double[] column = {v[3], v[4], v[5]};
        double lr = Math.sqrt(dot(row, row));
        double lc = Math.sqrt(dot(column, column));
        if (lr < DEGENERATE || lc < DEGENERATE) {
            throw refuse(tag, "is " + strings(tag) + ": the " + (lr < DEGENERATE ? "row" : "column")
                    + " direction is a zero vector", hint);
        }
        double[] n = {row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2],
            row[0] * column[1] - row[1] * column[0]};
        if (Math.sqrt(dot(n, n)) / (lr * lc) < DEGENERATE) {
            throw refuse(tag, "is " + strings(tag) + ": the row and column directions are parallel", hint);
        }
        return v;
    }

    // ---------------------------------------------------------------- refusing

    /** An exit-3 refusal naming the file and the attribute (with the sequences it sits in). */
    public InvalidInputException refuse(AttributeTag tag, String what, String hint) {
        return new InvalidInputException(path() + name(tag) + " " + what, file, hint);
    }

    /** "Sequence (gggg,eeee) [item n] > " for each sequence above this item; "" at the top level. */
    private String path() {
        if (parent == null) {
            return "";
        }
        return parent.path() + name(sequence) + (parent.items(sequence) > 1 ? " item " + (index + 1) : "") + " > ";
    }

    /** {@code Keyword (gggg,eeee)}, or just {@code (gggg,eeee)} for a tag PixelMed's dictionary lacks (private tags). */
    public static String name(AttributeTag tag) {
        String keyword = DicomDictionary.StandardDictionary.getNameFromTag(tag);
        String number = String.format(Locale.ROOT, "(%04X,%04X)", tag.getGroup(), tag.getElement());
        return keyword == null || keyword.isEmpty() ? number : keyword + " " + number;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
