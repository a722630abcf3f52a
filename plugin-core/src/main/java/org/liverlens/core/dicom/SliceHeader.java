package org.liverlens.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The header of one image instance: identity, geometry and pixel encoding. For a multi-frame
 * instance (Enhanced CT), {@code framePositionsMm} holds one position per frame and the shared
 * orientation, spacing and rescale come from the functional groups.
 *
 * <p>{@code defect} is {@code null} for a usable header, else what is wrong with it, naming the tag
 * and saying what to do (a zero PixelSpacing, a NaN RescaleSlope, BitsStored above BitsAllocated):
 * the scanner keeps such an image in its stack, so that {@code info} lists it, and the loader
 * refuses the stack.
 */
public record SliceHeader(
        Path file,
        String sopClassUid,
        String sopInstanceUid,
        String studyInstanceUid,
        String seriesInstanceUid,
        String frameOfReferenceUid,
        String modality,
        String transferSyntaxUid,
        String patientName,
        String patientId,
        String studyDescription,
        String seriesDescription,
        String studyDate,
        String imageType,
        int seriesNumber,
        int instanceNumber,
        int acquisitionNumber,
        int rows,
        int columns,
        int numberOfFrames,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        int pixelRepresentation,
        String photometricInterpretation,
        double[] pixelSpacingMm,
        double[] orientation,
        double[][] framePositionsMm,
        double sliceThicknessMm,
        double spacingBetweenSlicesMm,
        double rescaleSlope,
        double rescaleIntercept,
        long pixelDataTagOffset,
        String defect) {

    static final String ENHANCED_CT = "1.2.840.10008.5.1.4.1.1.2.1";

    /** Builds the header record of {@code file} from its parsed attributes. */
    static SliceHeader from(Path file, AttributeList list) {
        return from(file, list, -1);
    }

    /**
     * @param pixelDataTagOffset byte offset of the Pixel Data tag in the file, or -1 when unknown;
     *                           lets the loader read native pixels without parsing the file again
     */
    static SliceHeader from(Path file, AttributeList list, long pixelDataTagOffset) {
        String sopInstance = string(list, TagFromName.SOPInstanceUID);
        if (sopInstance.isEmpty()) {
            sopInstance = string(list, TagFromName.MediaStorageSOPInstanceUID);
        }
        String sopClass = string(list, TagFromName.SOPClassUID);
        if (sopClass.isEmpty()) {
            sopClass = string(list, TagFromName.MediaStorageSOPClassUID);
        }
        int frames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));

        double[] spacing = doubles(list, TagFromName.PixelSpacing, 2);
        double[] orientation = doubles(list, TagFromName.ImageOrientationPatient, 6);
        double[] position = doubles(list, TagFromName.ImagePositionPatient, 3);
        double thickness = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, Double.NaN);
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, Double.NaN);
        double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, Double.NaN);
        double[][] positions = position == null ? null : new double[][] {position};

        // Enhanced multi-frame: geometry and rescale live in the functional groups.
        AttributeList shared = firstItem(list, TagFromName.SharedFunctionalGroupsSequence);
        SequenceAttribute perFrame = (SequenceAttribute) list.get(TagFromName.PerFrameFunctionalGroupsSequence);
        if (shared != null || perFrame != null) {
            AttributeList frame0 = perFrame != null && perFrame.getNumberOfItems() > 0
                    ? perFrame.getItem(0).getAttributeList() : null;
            if (spacing == null) {
                spacing = macro(shared, frame0, TagFromName.PixelMeasuresSequence, TagFromName.PixelSpacing, 2);
            }
            if (Double.isNaN(thickness)) {
                double[] t = macro(shared, frame0, TagFromName.PixelMeasuresSequence, TagFromName.SliceThickness, 1);
                thickness = t == null ? Double.NaN : t[0];
            }
            if (orientation == null) {
                orientation = macro(shared, frame0, TagFromName.PlaneOrientationSequence,
                        TagFromName.ImageOrientationPatient, 6);
            }
            if (Double.isNaN(slope)) {
                double[] s = macro(shared, frame0, TagFromName.PixelValueTransformationSequence, TagFromName.RescaleSlope, 1);
                slope = s == null ? Double.NaN : s[0];
            }
            if (Double.isNaN(intercept)) {
                double[] s = macro(shared, frame0, TagFromName.PixelValueTransformationSequence,
                        TagFromName.RescaleIntercept, 1);
                intercept = s == null ? Double.NaN : s[0];
            }
            if (perFrame != null && perFrame.getNumberOfItems() >= frames) {
                double[][] fp = new double[frames][];
                for (int f = 0; f < frames; f++) {
                    AttributeList item = perFrame.getItem(f).getAttributeList();
                    fp[f] = macro(null, item, TagFromName.PlanePositionSequence, TagFromName.ImagePositionPatient, 3);
                    if (fp[f] == null) {
                        fp = null;
                        break;
                    }
                }
                if (fp != null) {
                    positions = fp;
                }
            }
        }
        if (Double.isNaN(slope)) {
            slope = 1.0;
        }
        if (Double.isNaN(intercept)) {
            intercept = 0.0;
        }
        int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0);
        int bitsStored = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, 0);
        String defect = HeaderDefects.find(list, bitsAllocated, bitsStored, spacing, orientation, slope);
        String modality = string(list, TagFromName.Modality);
        if (defect == null && frames > 1 && positions != null && positions.length != frames && !"SEG".equals(modality)) {
            // Only frame 0 could be placed: the other frames would silently vanish from the volume.
            defect = "NumberOfFrames (0028,0008) is " + frames + " but the image has " + positions.length
                    + " position(s) (no PlanePositionSequence per frame): its frames cannot be placed in 3D";
        }
        return new SliceHeader(
                file,
                sopClass,
                sopInstance,
                string(list, TagFromName.StudyInstanceUID),
                string(list, TagFromName.SeriesInstanceUID),
                string(list, TagFromName.FrameOfReferenceUID),
                string(list, TagFromName.Modality),
                string(list, TagFromName.TransferSyntaxUID),
                string(list, TagFromName.PatientName),
                string(list, TagFromName.PatientID),
                string(list, TagFromName.StudyDescription),
                string(list, TagFromName.SeriesDescription),
                string(list, TagFromName.StudyDate),
                Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.ImageType).trim(),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SeriesNumber, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.InstanceNumber, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.AcquisitionNumber, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0),
                frames,
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1),
                bitsAllocated,
                bitsStored,
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0),
                string(list, TagFromName.PhotometricInterpretation),
                spacing,
                orientation,
                positions,
                thickness,
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SpacingBetweenSlices, Double.NaN),
                slope,
                intercept,
                pixelDataTagOffset,
                defect);
    }

    /** This header with {@code defect} recorded (the first one found is kept). */
    SliceHeader withDefect(String newDefect) {
        if (defect != null || newDefect == null) {
            return this;
        }
        return new SliceHeader(file, sopClassUid, sopInstanceUid, studyInstanceUid, seriesInstanceUid,
                frameOfReferenceUid, modality, transferSyntaxUid, patientName, patientId, studyDescription,
                seriesDescription, studyDate, imageType, seriesNumber, instanceNumber, acquisitionNumber, rows, columns,
                numberOfFrames, samplesPerPixel, bitsAllocated, bitsStored, pixelRepresentation,
                photometricInterpretation, pixelSpacingMm, orientation, framePositionsMm, sliceThicknessMm,
                spacingBetweenSlicesMm, rescaleSlope, rescaleIntercept, pixelDataTagOffset, newDefect);
    }

    /** True for an instance with rows, columns and a 2D pixel geometry. */
    public boolean isImage() {
        return rows > 0 && columns > 0 && bitsAllocated > 0;
    }

    public boolean isMultiFrame() {
        return numberOfFrames > 1 || ENHANCED_CT.equals(sopClassUid);
    }

    public boolean hasGeometry() {
        return pixelSpacingMm != null && orientation != null && framePositionsMm != null;
    }

    /** Image Type contains the given value (e.g. LOCALIZER). */
    public boolean imageTypeContains(String value) {
        return Arrays.asList(imageType.split("\\\\")).contains(value);
    }

    private static String string(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    private static double[] doubles(AttributeList list, AttributeTag tag, int count) {
        Attribute a = list == null ? null : list.get(tag);
        if (a == null || a.getVM() < count) {
            return null;
        }
        try {
            double[] v = a.getDoubleValues();
            for (int i = 0; i < count; i++) {
                if (!Double.isFinite(v[i])) {
                    return null;
                }
            }
            return Arrays.copyOf(v, count);
        } catch (com.pixelmed.dicom.DicomException e) {
            return null;
        }
    }

    private static AttributeList firstItem(AttributeList list, AttributeTag sequence) {
        Attribute a = list == null ? null : list.get(sequence);
        if (a instanceof SequenceAttribute s && s.getNumberOfItems() > 0) {
            return s.getItem(0).getAttributeList();
        }
        return null;
    }

    /** A value from a functional group macro, per-frame first, then shared. */
    private static double[] macro(AttributeList shared, AttributeList frame, AttributeTag sequence, AttributeTag tag, int count) {
        double[] v = doubles(firstItem(frame, sequence), tag, count);
        return v != null ? v : doubles(firstItem(shared, sequence), tag, count);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SliceHeader h && h.file.equals(file);
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }

    @Override
    public String toString() {
        return "SliceHeader[" + file + "]";
    }
}
