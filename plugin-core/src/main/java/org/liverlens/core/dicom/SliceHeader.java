package org.liverlens.core.dicom;

import com.pixelmed.dicom.AttributeList;
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
        AttributeReader ds = new AttributeReader(file, list);
        String sopInstance = ds.string(TagFromName.SOPInstanceUID);
        if (sopInstance.isEmpty()) {
            sopInstance = ds.string(TagFromName.MediaStorageSOPInstanceUID);
        }
        String sopClass = ds.string(TagFromName.SOPClassUID);
        if (sopClass.isEmpty()) {
            sopClass = ds.string(TagFromName.MediaStorageSOPClassUID);
        }
        int frames = Math.max(1, ds.integer(TagFromName.NumberOfFrames, 1));

        double[] spacing = ds.decimalsOrNull(TagFromName.PixelSpacing, 2);
        double[] orientation = ds.decimalsOrNull(TagFromName.ImageOrientationPatient, 6);
        double[] position = ds.decimalsOrNull(TagFromName.ImagePositionPatient, 3);
        double thickness = ds.decimal(TagFromName.SliceThickness, Double.NaN);
        double slope = ds.decimal(TagFromName.RescaleSlope, Double.NaN);
        double intercept = ds.decimal(TagFromName.RescaleIntercept, Double.NaN);
        double[][] positions = position == null ? null : new double[][] {position};

        // Enhanced multi-frame: geometry and rescale live in the functional groups.
        AttributeReader shared = ds.item(TagFromName.SharedFunctionalGroupsSequence);
        int perFrameItems = ds.items(TagFromName.PerFrameFunctionalGroupsSequence);
        if (shared.exists() || perFrameItems >= 0) {
            AttributeReader frame0 = ds.item(TagFromName.PerFrameFunctionalGroupsSequence, 0);
            if (spacing == null) {
                spacing = AttributeReader.functionalGroup(frame0, shared, TagFromName.PixelMeasuresSequence,
                        TagFromName.PixelSpacing).decimalsOrNull(TagFromName.PixelSpacing, 2);
            }
            if (Double.isNaN(thickness)) {
                thickness = AttributeReader.functionalGroup(frame0, shared, TagFromName.PixelMeasuresSequence,
                        TagFromName.SliceThickness).decimal(TagFromName.SliceThickness, Double.NaN);
            }
            if (orientation == null) {
                orientation = AttributeReader.functionalGroup(frame0, shared, TagFromName.PlaneOrientationSequence,
                        TagFromName.ImageOrientationPatient).decimalsOrNull(TagFromName.ImageOrientationPatient, 6);
            }
            if (Double.isNaN(slope)) {
                slope = AttributeReader.functionalGroup(frame0, shared, TagFromName.PixelValueTransformationSequence,
                        TagFromName.RescaleSlope).decimal(TagFromName.RescaleSlope, Double.NaN);
            }
            if (Double.isNaN(intercept)) {
                intercept = AttributeReader.functionalGroup(frame0, shared, TagFromName.PixelValueTransformationSequence,
                        TagFromName.RescaleIntercept).decimal(TagFromName.RescaleIntercept, Double.NaN);
            }
            if (perFrameItems >= frames) {
                double[][] fp = new double[frames][];
                for (int f = 0; f < frames; f++) {
                    fp[f] = ds.item(TagFromName.PerFrameFunctionalGroupsSequence, f)
                            .item(TagFromName.PlanePositionSequence)
                            .decimalsOrNull(TagFromName.ImagePositionPatient, 3);
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
        int bitsAllocated = ds.integer(TagFromName.BitsAllocated, 0);
        int bitsStored = ds.integer(TagFromName.BitsStored, 0);
        String defect = HeaderDefects.find(list, bitsAllocated, bitsStored, spacing, orientation, slope);
        String modality = ds.string(TagFromName.Modality);
        if (defect == null && frames > 1 && positions != null && positions.length != frames && !"SEG".equals(modality)) {
            // Only frame 0 could be placed: the other frames would silently vanish from the volume.
            defect = "NumberOfFrames (0028,0008) is " + frames + " but the image has " + positions.length
                    + " position(s) (no PlanePositionSequence per frame): its frames cannot be placed in 3D";
        }
        return new SliceHeader(
                file,
                sopClass,
                sopInstance,
                ds.string(TagFromName.StudyInstanceUID),
                ds.string(TagFromName.SeriesInstanceUID),
                ds.string(TagFromName.FrameOfReferenceUID),
                ds.string(TagFromName.Modality),
                ds.string(TagFromName.TransferSyntaxUID),
                ds.string(TagFromName.PatientName),
                ds.string(TagFromName.PatientID),
                ds.string(TagFromName.StudyDescription),
                ds.string(TagFromName.SeriesDescription),
                ds.string(TagFromName.StudyDate),
                ds.strings(TagFromName.ImageType),
                ds.integer(TagFromName.SeriesNumber, 0),
                ds.integer(TagFromName.InstanceNumber, 0),
                ds.integer(TagFromName.AcquisitionNumber, 0),
                ds.integer(TagFromName.Rows, 0),
                ds.integer(TagFromName.Columns, 0),
                frames,
                ds.integer(TagFromName.SamplesPerPixel, 1),
                bitsAllocated,
                bitsStored,
                ds.integer(TagFromName.PixelRepresentation, 0),
                ds.string(TagFromName.PhotometricInterpretation),
                spacing,
                orientation,
                positions,
                thickness,
                ds.decimal(TagFromName.SpacingBetweenSlices, Double.NaN),
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
