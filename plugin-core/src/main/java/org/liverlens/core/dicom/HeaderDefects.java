package org.liverlens.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.util.Locale;

/**
 * Image attributes that parse but cannot be right, and that the loader relies on: taking them as
 * they stand (or as the defaults) would build a silently wrong volume, so each is named with its
 * tag and the stack is refused. Missing optional attributes are not defects.
 */
final class HeaderDefects {
    /** Row and column direction cosines must be unit vectors within this much. */
    static final double UNIT_TOLERANCE = 1e-2;
    /** ... and perpendicular within this much (cosine of the angle between them). */
    static final double PERPENDICULAR_TOLERANCE = 1e-2;

    private HeaderDefects() {
    }

    /** The first defect found, or {@code null}. */
    static String find(AttributeList list, int bitsAllocated, int bitsStored, double[] spacing, double[] orientation,
                       double slope) {
        String d = null;
        // Top level, then the functional groups of an Enhanced CT (shared, and the first frame's).
        for (AttributeList l : new AttributeList[] {list,
            item(item(list, TagFromName.SharedFunctionalGroupsSequence), TagFromName.PixelValueTransformationSequence),
            item(item(list, TagFromName.PerFrameFunctionalGroupsSequence), TagFromName.PixelValueTransformationSequence)}) {
            if (d == null && l != null) {
                d = rescale(l, TagFromName.RescaleSlope, "RescaleSlope (0028,1053)");
                d = d != null ? d : rescale(l, TagFromName.RescaleIntercept, "RescaleIntercept (0028,1052)");
            }
        }
        if (d == null && slope == 0) {
            d = "RescaleSlope (0028,1053) is 0: every pixel would have the same Hounsfield value";
        }
        if (d == null && bitsAllocated > 0) {
            d = bits(list, bitsAllocated, bitsStored);
        }
        if (d == null) {
            Attribute frames = list.get(TagFromName.NumberOfFrames);
            if (frames != null && frames.getVM() > 0
                    && Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1) < 1) {
                d = "NumberOfFrames (0028,0008) is '" + value(frames) + "': an image has at least one frame";
            }
        }
        if (d == null && spacing != null && !(spacing[0] > 0 && spacing[1] > 0)) {
            d = String.format(Locale.ROOT, "PixelSpacing (0028,0030) is %s\\%s: pixel spacing must be positive "
                    + "(millimetres between rows\\columns)", num(spacing[0]), num(spacing[1]));
        }
        if (d == null && orientation != null) {
            d = orientation(orientation);
        }
        return d;
    }

    /** The first item of a sequence, or null. */
    private static AttributeList item(AttributeList list, AttributeTag sequence) {
        Attribute a = list == null ? null : list.get(sequence);
        return a instanceof SequenceAttribute s && s.getNumberOfItems() > 0 ? s.getItem(0).getAttributeList() : null;
    }

    private static String rescale(AttributeList list, AttributeTag tag, String name) {
        Attribute a = list.get(tag);
        if (a == null || a.getVM() == 0) {
            return null;
        }
        String text = value(a);
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v)) {
                return null;
            }
        } catch (NumberFormatException e) {
            // fall through: not a number
        }
        return name + " is '" + text.trim() + "', not a finite number: Hounsfield units cannot be computed";
    }

    private static String bits(AttributeList list, int bitsAllocated, int bitsStored) {
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            return "BitsStored (0028,0101) is " + bitsStored + " with BitsAllocated (0028,0100) " + bitsAllocated
                    + ": BitsStored must lie in 1…BitsAllocated";
        }
        Attribute highBit = list.get(TagFromName.HighBit);
        if (highBit != null && highBit.getVM() > 0) {
            int hb = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.HighBit, bitsStored - 1);
            if (hb != bitsStored - 1) {
                return "HighBit (0028,0102) is " + hb + " with BitsStored (0028,0101) " + bitsStored
                        + ": LiverLens reads the low bits, so HighBit must be BitsStored − 1 = " + (bitsStored - 1);
            }
        }
        return null;
    }

    private static String orientation(double[] o) {
        double row = Math.sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
        double col = Math.sqrt(o[3] * o[3] + o[4] * o[4] + o[5] * o[5]);
        String values = String.format(Locale.ROOT, "%s\\%s\\%s\\%s\\%s\\%s", num(o[0]), num(o[1]), num(o[2]),
                num(o[3]), num(o[4]), num(o[5]));
        if (Math.abs(row - 1) > UNIT_TOLERANCE || Math.abs(col - 1) > UNIT_TOLERANCE) {
            return "ImageOrientationPatient (0020,0037) is " + values + ": the row and column directions must be "
                    + "unit vectors (lengths " + num(row) + " and " + num(col) + ")";
        }
        double cos = (o[0] * o[3] + o[1] * o[4] + o[2] * o[5]) / (row * col);
        if (Math.abs(cos) > PERPENDICULAR_TOLERANCE) {
            return "ImageOrientationPatient (0020,0037) is " + values + ": the row and column directions are not "
                    + "perpendicular (cosine " + num(cos) + "), so the slice plane is undefined";
        }
        return null;
    }

    private static String value(Attribute a) {
        try {
            String[] v = a.getStringValues();
            return v == null || v.length == 0 ? "" : v[0];
        } catch (DicomException e) {
            return "?";
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
