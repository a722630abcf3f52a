package org.liverlens.core.seg;

import static org.liverlens.core.dicom.Datasets.addCode;
import static org.liverlens.core.dicom.Datasets.addItem;
import static org.liverlens.core.dicom.Datasets.put;
import static org.liverlens.core.dicom.Datasets.putDecimals;
import static org.liverlens.core.dicom.Datasets.putEmptySequence;
import static org.liverlens.core.dicom.Datasets.putTags;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.SliceRef;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * Writes a {@link SegmentSet} as a DICOM Segmentation (BINARY, 1 bit packed without padding
 * between frames; or FRACTIONAL, 8 bit) on the grid of its source CT stack, with every module of
 * the Segmentation IOD: patient and study copied from the source, a new series, Enhanced General
 * Equipment, content identification, shared and per-frame functional groups (plane position,
 * derivation image with source references, segment identification), dimension organisation over
 * (segment, position), ReferencedSeriesSequence, and the source's Frame of Reference. Frames are
 * ordered by segment, then position; empty frames are omitted unless asked. Written atomically.
 */
public final class SegWriter {
    static final String SOFTWARE_VERSION = "0.1.0";

    private static final AttributeTag[] PATIENT_AND_STUDY = {
        TagFromName.SpecificCharacterSet,
        TagFromName.PatientName, TagFromName.PatientID, TagFromName.IssuerOfPatientID, TagFromName.PatientBirthDate,
        TagFromName.PatientSex, TagFromName.OtherPatientIDsSequence, TagFromName.PatientAge, TagFromName.PatientSize,
        TagFromName.PatientWeight, TagFromName.PatientIdentityRemoved, TagFromName.DeidentificationMethod,
        TagFromName.StudyInstanceUID, TagFromName.StudyDate, TagFromName.StudyTime, TagFromName.ReferringPhysicianName,
        TagFromName.StudyID, TagFromName.AccessionNumber, TagFromName.StudyDescription,
        TagFromName.ClinicalTrialSponsorName, TagFromName.ClinicalTrialProtocolID, TagFromName.ClinicalTrialProtocolName,
        TagFromName.ClinicalTrialSiteID, TagFromName.ClinicalTrialSiteName, TagFromName.ClinicalTrialSubjectID,
        TagFromName.ClinicalTrialSubjectReadingID, TagFromName.ClinicalTrialTimePointID};

    /**
     * What was written.
     *
     * @param notices what the user should know about the file, e.g. stand-in UIDs for a source
     *                without them ({@link SourceUids})
     */
    public record Result(Path file, String sopInstanceUid, String seriesInstanceUid, int frames, List<String> notices) {
    }

    /**
     * Writes {@code set} as a SEG derived from {@code source} (the stack its geometry came from).
     *
     * @throws InvalidInputException when the segment set is not on the source's grid, or the source
     *                               has no SOP Instance UIDs to reference (empty Study and Series
     *                               UIDs get stand-ins: {@link SourceUids})
     */
    public Result write(SegmentSet set, Stack source, SegWriterOptions options, Path target) {
        VolumeGeometry g = set.geometry();
        checkSameGrid(g, source.geometry(), source);
        if (set.segments().isEmpty()) {
            throw new IllegalArgumentException("a SEG needs at least one segment");
        }
        SliceRef[] sourceForK = sourceSlicesOnGrid(source, g);
        AttributeList sourceHeader;
        try {
            sourceHeader = DicomFiles.readHeader(source.first().file()).attributes();
        } catch (IOException | DicomException e) {
            throw new InvalidInputException("cannot read the source CT header again: " + e.getMessage(),
                    source.first().file(), "check that the CT files are still in place");
        }
        SourceUids uids = SourceUids.of(source);
        String studyUid = uids.studyInstanceUid();
        String seriesUid = uids.seriesInstanceUid();

        // Frames: by segment, then ascending position.
        List<int[]> frames = new ArrayList<>(); // {segment number, k}
        for (Segment s : set.segments()) {
            for (int k = 0; k < g.slices(); k++) {
                boolean empty = set.type() == SegmentationType.FRACTIONAL
                        ? set.fractional(s.number()).isSliceEmpty(k)
                        : set.mask(s.number()).isSliceEmpty(k);
                if (!empty || options.keepEmptyFrames()) {
                    frames.add(new int[] {s.number(), k});
                }
            }
        }
        if (frames.isEmpty()) {
            // An empty segmentation is still a valid statement ("nothing found"): keep one frame.
            frames.add(new int[] {set.segments().get(0).number(), 0});
        }

        String sopUid = options.uids().next();
        String newSeriesUid = options.uids().next();
        String dimensionOrganizationUid = options.uids().next();
        LocalDateTime now = LocalDateTime.now();
        String date = now.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = now.format(DateTimeFormatter.ofPattern("HHmmss.SSS"));

        AttributeList ds = new AttributeList();
        // Patient, Clinical Trial Subject, General Study, Patient Study: copied from the source.
        Datasets.copy(sourceHeader, ds, PATIENT_AND_STUDY);
        if (ds.get(TagFromName.SpecificCharacterSet) != null
                && Attribute.getSingleStringValueOrEmptyString(ds, TagFromName.SpecificCharacterSet).isBlank()) {
            ds.remove(TagFromName.SpecificCharacterSet); // an empty 1C value is invalid; absent means the default repertoire
        }
        ensureType2(ds, TagFromName.PatientName, TagFromName.PatientID, TagFromName.PatientBirthDate,
                TagFromName.PatientSex, TagFromName.StudyDate, TagFromName.StudyTime, TagFromName.ReferringPhysicianName,
                TagFromName.StudyID, TagFromName.AccessionNumber);
        put(ds, TagFromName.StudyInstanceUID, studyUid);

        // General Series + Segmentation Series.
        put(ds, TagFromName.Modality, "SEG");
        put(ds, TagFromName.SeriesInstanceUID, newSeriesUid);
        put(ds, TagFromName.SeriesNumber, options.seriesNumber());
        put(ds, TagFromName.SeriesDate, date);
        put(ds, TagFromName.SeriesTime, time);
        put(ds, TagFromName.SeriesDescription, options.seriesDescription());
        // Frame of Reference.
        put(ds, TagFromName.FrameOfReferenceUID, source.first().frameOfReferenceUid());
        Datasets.copy(sourceHeader, ds, TagFromName.PositionReferenceIndicator);
        ensureType2(ds, TagFromName.PositionReferenceIndicator);
        // General Equipment + Enhanced General Equipment.
        put(ds, TagFromName.Manufacturer, "LiverLens");
        put(ds, TagFromName.ManufacturerModelName, "LiverLens");
        put(ds, TagFromName.DeviceSerialNumber, "1");
        put(ds, TagFromName.SoftwareVersions, SOFTWARE_VERSION);
        // General Image + Segmentation Image (with Content Identification).
        put(ds, TagFromName.InstanceNumber, 1);
        put(ds, TagFromName.ContentDate, date);
        put(ds, TagFromName.ContentTime, time);
        put(ds, TagFromName.ImageType, "DERIVED", "PRIMARY");
        put(ds, TagFromName.ContentLabel, options.contentLabel());
        put(ds, TagFromName.ContentDescription, options.contentDescription());
        put(ds, TagFromName.ContentCreatorName, options.contentCreator());
        put(ds, TagFromName.SegmentationType, set.type().name());
        boolean fractional = set.type() == SegmentationType.FRACTIONAL;
        if (fractional) {
            put(ds, TagFromName.SegmentationFractionalType, set.fractionalType().name());
            put(ds, TagFromName.MaximumFractionalValue, set.maxFractionalValue());
        }
        put(ds, TagFromName.LossyImageCompression, "00");
        for (Segment s : set.segments()) {
            writeSegment(ds, s);
        }
        // Image Pixel.
        put(ds, TagFromName.SamplesPerPixel, 1);
        put(ds, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(ds, TagFromName.Rows, g.rows());
        put(ds, TagFromName.Columns, g.columns());
        int bits = fractional ? 8 : 1;
        put(ds, TagFromName.BitsAllocated, bits);
        put(ds, TagFromName.BitsStored, bits);
        put(ds, TagFromName.HighBit, bits - 1);
        put(ds, TagFromName.PixelRepresentation, 0);
        // Multi-frame Functional Groups.
        put(ds, TagFromName.NumberOfFrames, frames.size());
        AttributeList shared = addItem(ds, TagFromName.SharedFunctionalGroupsSequence);
        AttributeList measures = addItem(shared, TagFromName.PixelMeasuresSequence);
        double[] sp = g.spacingMm();
        putDecimals(measures, TagFromName.PixelSpacing, sp[1], sp[0]);
        double thickness = source.first().sliceThicknessMm();
        putDecimals(measures, TagFromName.SliceThickness, Double.isNaN(thickness) || thickness <= 0 ? sp[2] : thickness);
        putDecimals(measures, TagFromName.SpacingBetweenSlices, sp[2]);
        AttributeList orientation = addItem(shared, TagFromName.PlaneOrientationSequence);
        double[] iDir = g.direction(0);
        double[] jDir = g.direction(1);
        putDecimals(orientation, TagFromName.ImageOrientationPatient, iDir[0], iDir[1], iDir[2], jDir[0], jDir[1], jDir[2]);
        for (int[] f : frames) {
            AttributeList item = addItem(ds, TagFromName.PerFrameFunctionalGroupsSequence);
            AttributeList content = addItem(item, TagFromName.FrameContentSequence);
            put(content, TagFromName.DimensionIndexValues, f[0], f[1] + 1);
            AttributeList position = addItem(item, TagFromName.PlanePositionSequence);
            double[] p = g.toMm(0, 0, f[1]);
            putDecimals(position, TagFromName.ImagePositionPatient, p[0], p[1], p[2]);
            SliceRef src = sourceForK[f[1]];
            if (src != null) {
                AttributeList derivation = addItem(item, TagFromName.DerivationImageSequence);
                addCode(derivation, TagFromName.DerivationCodeSequence, "113076", "DCM", "Segmentation");
                AttributeList sourceImage = addItem(derivation, TagFromName.SourceImageSequence);
                put(sourceImage, TagFromName.ReferencedSOPClassUID, src.header().sopClassUid());
                put(sourceImage, TagFromName.ReferencedSOPInstanceUID, src.header().sopInstanceUid());
                if (src.header().isMultiFrame()) {
                    put(sourceImage, TagFromName.ReferencedFrameNumber, src.frame() + 1);
                }
                addCode(sourceImage, TagFromName.PurposeOfReferenceCodeSequence, "121322", "DCM",
                        "Source image for image processing operation");
            } else {
                // A slice interpolated across a gap (--allow-gaps) has no source image; the sequence
                // is Type 2 in the Derivation Image Macro, so it is present and empty.
                putEmptySequence(item, TagFromName.DerivationImageSequence);
            }
            AttributeList segId = addItem(item, TagFromName.SegmentIdentificationSequence);
            put(segId, TagFromName.ReferencedSegmentNumber, f[0]);
        }
        // Multi-frame Dimension.
        AttributeList organisation = addItem(ds, TagFromName.DimensionOrganizationSequence);
        put(organisation, TagFromName.DimensionOrganizationUID, dimensionOrganizationUid);
        put(ds, TagFromName.DimensionOrganizationType, "3D");
        AttributeList segDim = addItem(ds, TagFromName.DimensionIndexSequence);
        put(segDim, TagFromName.DimensionOrganizationUID, dimensionOrganizationUid);
        putTags(segDim, TagFromName.DimensionIndexPointer, TagFromName.ReferencedSegmentNumber);
        putTags(segDim, TagFromName.FunctionalGroupPointer, TagFromName.SegmentIdentificationSequence);
        put(segDim, TagFromName.DimensionDescriptionLabel, "Segment Number");
        AttributeList posDim = addItem(ds, TagFromName.DimensionIndexSequence);
        put(posDim, TagFromName.DimensionOrganizationUID, dimensionOrganizationUid);
        putTags(posDim, TagFromName.DimensionIndexPointer, TagFromName.ImagePositionPatient);
        putTags(posDim, TagFromName.FunctionalGroupPointer, TagFromName.PlanePositionSequence);
        put(posDim, TagFromName.DimensionDescriptionLabel, "Image Position Patient");
        // Common Instance Reference: every source instance.
        AttributeList refSeries = addItem(ds, TagFromName.ReferencedSeriesSequence);
        put(refSeries, TagFromName.SeriesInstanceUID, seriesUid);
        Set<String> seen = new LinkedHashSet<>();
        for (SliceRef s : source.slices()) {
            if (seen.add(s.header().sopInstanceUid())) {
                AttributeList inst = addItem(refSeries, TagFromName.ReferencedInstanceSequence);
                put(inst, TagFromName.ReferencedSOPClassUID, s.header().sopClassUid());
                put(inst, TagFromName.ReferencedSOPInstanceUID, s.header().sopInstanceUid());
            }
        }
        // SOP Common.
        put(ds, TagFromName.SOPClassUID, SegReader.SEGMENTATION_STORAGE);
        put(ds, TagFromName.SOPInstanceUID, sopUid);
        put(ds, TagFromName.InstanceCreationDate, date);
        put(ds, TagFromName.InstanceCreationTime, time);

        byte[] pixels = fractional ? fractionalPixels(set, frames) : packBits(set, frames);
        try {
            OtherByteAttribute pd = new OtherByteAttribute(TagFromName.PixelData);
            pd.setValues(pixels);
            ds.put(pd);
        } catch (DicomException e) {
            throw new IllegalStateException("cannot set Pixel Data: " + e.getMessage(), e);
        }
        DicomFiles.write(ds, target, TransferSyntaxes.EXPLICIT_LE);
        return new Result(target, sopUid, newSeriesUid, frames.size(), uids.notices());
    }

    /** An LO attribute without a TagFromName constant (Segment Algorithm Name (0062,0009)). */
    private static void putLongString(AttributeList list, AttributeTag tag, String value) {
        try {
            com.pixelmed.dicom.LongStringAttribute a = new com.pixelmed.dicom.LongStringAttribute(tag);
            a.addValue(value);
            list.put(a);
        } catch (DicomException e) {
            throw new IllegalArgumentException("cannot set " + tag + ": " + e.getMessage(), e);
        }
    }

    private static void writeSegment(AttributeList ds, Segment s) {
        AttributeList item = addItem(ds, TagFromName.SegmentSequence);
        put(item, TagFromName.SegmentNumber, s.number());
        put(item, TagFromName.SegmentLabel, s.label());
        if (s.description() != null && !s.description().isBlank()) {
            try {
                com.pixelmed.dicom.ShortTextAttribute a = new com.pixelmed.dicom.ShortTextAttribute(SegTags.SEGMENT_DESCRIPTION);
                a.addValue(s.description());
                item.put(a);
            } catch (DicomException e) {
                throw new IllegalArgumentException("cannot set SegmentDescription (0062,0006): " + e.getMessage(), e);
            }
        }
        put(item, TagFromName.SegmentAlgorithmType, s.algorithmType().name());
        if (s.algorithmType() != AlgorithmType.MANUAL) {
            putLongString(item, SegTags.SEGMENT_ALGORITHM_NAME, s.algorithmName());
        }
        CodedConcept c = Codes.current(s.category());
        addCode(item, TagFromName.SegmentedPropertyCategoryCodeSequence, c.value(), c.scheme(), c.meaning());
        CodedConcept t = Codes.current(s.type());
        addCode(item, TagFromName.SegmentedPropertyTypeCodeSequence, t.value(), t.scheme(), t.meaning());
        if (s.cieLab() != null) {
            int[] lab = s.cieLab();
            put(item, TagFromName.RecommendedDisplayCIELabValue, lab[0], lab[1], lab[2]);
        }
    }

    /** Frames bit-packed back to back, LSB first, no padding between frames; total padded to even. */
    static byte[] packBits(SegmentSet set, List<int[]> frames) {
        VolumeGeometry g = set.geometry();
        long pixelsPerFrame = (long) g.rows() * g.columns();
        long totalBits = pixelsPerFrame * frames.size();
        long bytes = (totalBits + 7) / 8;
        bytes += bytes & 1;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException("the SEG would hold " + bytes + " bytes of pixel data, more than one "
                    + "DICOM object can", null, "split the segments over several SEGs");
        }
        byte[] out = new byte[(int) bytes];
        long bit = 0;
        for (int[] f : frames) {
            BitMask m = set.mask(f[0]);
            if (!m.isSliceEmpty(f[1])) {
                long[] words = m.words(f[1]);
                for (int w = 0; w < words.length; w++) {
                    long word = words[w];
                    while (word != 0) {
                        int p = (w << 6) + Long.numberOfTrailingZeros(word);
                        word &= word - 1;
                        long b = bit + p;
                        out[(int) (b >>> 3)] |= (byte) (1 << (b & 7));
                    }
                }
            }
            bit += pixelsPerFrame;
        }
        return out;
    }

    private static byte[] fractionalPixels(SegmentSet set, List<int[]> frames) {
        VolumeGeometry g = set.geometry();
        int pixelsPerFrame = g.rows() * g.columns();
        long bytes = (long) pixelsPerFrame * frames.size();
        bytes += bytes & 1;
        byte[] out = new byte[(int) bytes];
        int offset = 0;
        for (int[] f : frames) {
            FractionalMask m = set.fractional(f[0]);
            if (!m.isSliceEmpty(f[1])) {
                System.arraycopy(m.slice(f[1]), 0, out, offset, pixelsPerFrame);
            }
            offset += pixelsPerFrame;
        }
        return out;
    }

    private static void ensureType2(AttributeList ds, AttributeTag... tags) {
        for (AttributeTag t : tags) {
            Attribute a = ds.get(t);
            if (a == null) {
                put(ds, t);
            }
        }
    }

    /** The source slice at each k of the grid (null where the grid slice was interpolated). */
    private static SliceRef[] sourceSlicesOnGrid(Stack source, VolumeGeometry g) {
        SliceRef[] out = new SliceRef[g.slices()];
        for (SliceRef s : source.slices()) {
            double[] p = s.positionMm();
            double[] v = g.toVoxel(p[0], p[1], p[2]);
            int k = (int) Math.round(v[2]);
            if (k >= 0 && k < out.length && Math.abs(v[2] - k) < 0.05) {
                out[k] = s;
            }
        }
        return out;
    }

    private static void checkSameGrid(VolumeGeometry a, VolumeGeometry b, Stack source) {
        boolean same = java.util.Arrays.equals(a.size(), b.size());
        double[] oa = a.originMm();
        double[] ob = b.originMm();
        double[] sa = a.spacingMm();
        double[] sb = b.spacingMm();
        for (int d = 0; d < 3 && same; d++) {
            same = Math.abs(oa[d] - ob[d]) < 1e-3 && Math.abs(sa[d] - sb[d]) < 1e-4;
            double[] da = a.direction(d);
            double[] db = b.direction(d);
            for (int r = 0; r < 3; r++) {
                same &= Math.abs(da[r] - db[r]) < 1e-4;
            }
        }
        if (!same) {
            throw new InvalidInputException("the segmentation is not on the grid of its source CT (segmentation "
                    + a + ", CT " + b + ")", source.first().file(), "resample the label map onto the CT first");
        }
    }
}
