package org.liverlens.core.seg;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.Problem;
import org.liverlens.core.dicom.ScanResult;
import org.liverlens.core.dicom.SeriesInfo;
import org.liverlens.core.dicom.SliceRef;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.volume.BitMask;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * Reads DICOM Segmentations (BINARY, FRACTIONAL, LABELMAP) into a {@link SegDocument}, and maps
 * them onto a CT stack's grid (or onto a grid built from their own frame positions) as a
 * {@link SegmentSet}. Frames are placed by their plane positions; source image references are
 * only checked against them (and warned about), because real SEGs carry wrong references
 * (radcttaceomics: every frame references one slice). Whatever would give wrong voxels is refused
 * with an {@link InvalidInputException} (exit code 3) that names the file, the attribute or frame
 * and what to do.
 */
public final class SegReader {
    public static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
    public static final String LABEL_MAP_SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.7";

    /** Absent from PixelMed 20220618's dictionary. */
    static final AttributeTag SEGMENT_DESCRIPTION = new AttributeTag(0x0062, 0x0006);
    static final AttributeTag SEGMENTATION_ALGORITHM_IDENTIFICATION = new AttributeTag(0x0062, 0x0007);
    static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009);
    static final AttributeTag SEGMENTS_OVERLAP = new AttributeTag(0x0062, 0x0013);
    static final AttributeTag ALGORITHM_VERSION = new AttributeTag(0x0066, 0x0031);
    static final AttributeTag ALGORITHM_NAME = new AttributeTag(0x0066, 0x0036);
    static final AttributeTag LONG_CODE_VALUE = new AttributeTag(0x0008, 0x0119);
    static final AttributeTag URN_CODE_VALUE = new AttributeTag(0x0008, 0x0120);

    /** Name used for an AUTOMATIC/SEMIAUTOMATIC segment whose algorithm name is missing. */
    public static final String UNKNOWN_ALGORITHM = "unknown";

    /** Positions may be this far (in voxels) from a grid point and still be on it. */
    static final double GRID_TOLERANCE_VOXELS = 0.1;
    /** Orientation cosines that differ by less than this are the same. */
    static final double ORIENTATION_TOLERANCE = 1e-3;

    private static final String HINT_CHECK = "check the SEG with 'dciodvfy' or export it again";

    // ================================================================= reading

    /**
     * Reads and validates a SEG file and decodes its frames.
     *
     * @throws InvalidInputException (exit code 3) when the file is not a SEG, is inconsistent, or
     *                               its pixels cannot be decoded exactly
     */
    public SegDocument read(Path file) {
        DicomFiles.Header header;
        try {
            header = DicomFiles.readHeader(file);
        } catch (IOException | DicomException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("unreadable DICOM (truncated or corrupt header): " + e.getMessage(), file,
                    HINT_CHECK, e);
        }
        AttributeList h = header.attributes();
        String sopClass = text(h, TagFromName.SOPClassUID);
        if (sopClass.isEmpty()) {
            sopClass = text(h, TagFromName.MediaStorageSOPClassUID);
        }
        String modality = text(h, TagFromName.Modality);
        if (!sopClass.equals(SEGMENTATION_STORAGE) && !sopClass.equals(LABEL_MAP_SEGMENTATION_STORAGE)) {
            throw new InvalidInputException("not a DICOM Segmentation: SOP Class UID (0008,0016) is '" + sopClass
                    + "', Modality (0008,0060) '" + modality + "'", file,
                    "give a SEG file (Segmentation Storage " + SEGMENTATION_STORAGE + " or Label Map Segmentation "
                            + "Storage " + LABEL_MAP_SEGMENTATION_STORAGE + ")");
        }
        String ts = text(h, TagFromName.TransferSyntaxUID);
        boolean nativePixels = SegFrameDecoder.isNative(ts);
        if (!nativePixels) {
            String why = SegFrameDecoder.whyNotSupported(ts);
            if (why != null) {
                throw new InvalidInputException(why, file, "convert it first, e.g. 'dcmconv +te IN OUT' (dcmtk)");
            }
        }
        AttributeList list = h;
        if (nativePixels) {
            try {
                list = DicomFiles.readAll(file);
            } catch (IOException | DicomException e) {
                throw new InvalidInputException("cannot read the Pixel Data: " + e.getMessage(), file, HINT_CHECK, e);
            }
        }
        return new Parse(file, list, ts, sopClass).document(nativePixels, header.pixelDataTagOffset());
    }

    /** One file being parsed: collects warnings and builds the document. */
    private static final class Parse {
        final Path file;
        final AttributeList ds;
        final String ts;
        final String sopClass;
        final List<String> warnings = new ArrayList<>();

        Parse(Path file, AttributeList ds, String ts, String sopClass) {
            this.file = file;
            this.ds = ds;
            this.ts = ts;
            this.sopClass = sopClass;
        }

        InvalidInputException refuse(String message) {
            return new InvalidInputException(message, file, HINT_CHECK);
        }

        SegDocument document(boolean nativePixels, long pixelDataTagOffset) {
            int rows = integer(ds, TagFromName.Rows, 0);
            int columns = integer(ds, TagFromName.Columns, 0);
            if (rows <= 0 || columns <= 0) {
                throw refuse("Rows (0028,0010) and Columns (0028,0011) must be positive, got " + rows + " and " + columns);
            }
            int samples = integer(ds, TagFromName.SamplesPerPixel, 1);
            if (samples != 1) {
                throw refuse("SamplesPerPixel (0028,0002) is " + samples + "; SEG pixels have one sample");
            }
            SegmentationType type = segmentationType();
            int bits = integer(ds, TagFromName.BitsAllocated, 0);
            checkBits(type, bits);
            FractionalType fractionalType = null;
            int maxFractional = 0;
            if (type == SegmentationType.FRACTIONAL) {
                String ft = text(ds, TagFromName.SegmentationFractionalType);
                try {
                    fractionalType = FractionalType.valueOf(ft);
                } catch (IllegalArgumentException e) {
                    throw refuse("SegmentationFractionalType (0062,0010) is '" + ft + "'; PROBABILITY or OCCUPANCY expected");
                }
                maxFractional = integer(ds, TagFromName.MaximumFractionalValue, -1);
                if (maxFractional < 1 || maxFractional > 255) {
                    throw refuse("MaximumFractionalValue (0062,000E) must be 1…255 for 8-bit FRACTIONAL, got "
                            + maxFractional);
                }
            }
            int padding = type == SegmentationType.LABELMAP ? integer(ds, TagFromName.PixelPaddingValue, -1) : -1;

            String[] background = new String[1];
            List<Segment> segments = segments(type, background);

            AttributeList shared = firstItem(ds, TagFromName.SharedFunctionalGroupsSequence);
            SequenceAttribute perFrame = ds.get(TagFromName.PerFrameFunctionalGroupsSequence) instanceof SequenceAttribute s
                    ? s : null;
            String dimensionType = text(ds, TagFromName.DimensionOrganizationType);
            int frames = frameCount(perFrame, dimensionType);
            AttributeList frame0 = perFrame == null ? null : item(perFrame, 0);

            double[] orientation = macro(shared, frame0, TagFromName.PlaneOrientationSequence,
                    TagFromName.ImageOrientationPatient, 6);
            if (orientation == null) {
                orientation = doubles(ds, TagFromName.ImageOrientationPatient, 6);
            }
            double[] ps = macro(shared, frame0, TagFromName.PixelMeasuresSequence, TagFromName.PixelSpacing, 2);
            if (ps == null) {
                ps = doubles(ds, TagFromName.PixelSpacing, 2);
            }
            double[] pixelSpacing = ps == null ? null : new double[] {ps[1], ps[0]};
            double thickness = scalar(macro(shared, frame0, TagFromName.PixelMeasuresSequence, TagFromName.SliceThickness, 1),
                    doubles(ds, TagFromName.SliceThickness, 1));
            double between = scalar(macro(shared, frame0, TagFromName.PixelMeasuresSequence,
                    TagFromName.SpacingBetweenSlices, 1), doubles(ds, TagFromName.SpacingBetweenSlices, 1));
            if (perFrame != null && orientation != null) {
                checkSameOrientation(perFrame, frames, orientation);
            }
            boolean slide = ds.get(TagFromName.TotalPixelMatrixRows) != null || ds.get(TagFromName.ImageOrientationSlide) != null
                    || (frame0 != null && frame0.get(TagFromName.PlanePositionSlideSequence) != null)
                    || (shared != null && shared.get(TagFromName.PlanePositionSlideSequence) != null);

            SegFrameDecoder.Layout layout = new SegFrameDecoder.Layout(file, rows, columns, frames, bits, type,
                    maxFractional);
            List<FramePixels> pixels = nativePixels
                    ? SegFrameDecoder.decodeNative(layout, ds.get(TagFromName.PixelData),
                            ts.equals(TransferSyntaxes.EXPLICIT_BE), warnings)
                    : SegFrameDecoder.decodeEncapsulated(layout, ts, pixelDataTagOffset, warnings);

            List<SegFrame> segFrames = frames(type, segments, shared, perFrame, frames, dimensionType, pixels);
            if (type == SegmentationType.LABELMAP) {
                checkLabelValues(segments, segFrames, padding);
            }
            return new SegDocument(file, sopClass, text(ds, TagFromName.SOPInstanceUID),
                    text(ds, TagFromName.StudyInstanceUID), text(ds, TagFromName.SeriesInstanceUID),
                    text(ds, TagFromName.FrameOfReferenceUID), ts.isEmpty() ? TransferSyntaxes.IMPLICIT_LE : ts,
                    type, fractionalType, maxFractional, background[0], segments, text(ds, SEGMENTS_OVERLAP), rows,
                    columns, bits, text(ds, TagFromName.PhotometricInterpretation), padding, orientation,
                    pixelSpacing, thickness, between, dimensionType, slide, segFrames, referencedSeries(), warnings);
        }

        private SegmentationType segmentationType() {
            String t = text(ds, TagFromName.SegmentationType);
            SegmentationType type;
            try {
                type = SegmentationType.valueOf(t);
            } catch (IllegalArgumentException e) {
                throw refuse("SegmentationType (0062,0001) is '" + t + "'; BINARY, FRACTIONAL or LABELMAP expected");
            }
            boolean labelMapClass = sopClass.equals(LABEL_MAP_SEGMENTATION_STORAGE);
            if (labelMapClass != (type == SegmentationType.LABELMAP)) {
                warnings.add("SegmentationType (0062,0001) is " + type + " but the SOP Class is "
                        + (labelMapClass ? "Label Map Segmentation Storage" : "Segmentation Storage")
                        + "; pixels were read as " + type);
            }
            return type;
        }

        private void checkBits(SegmentationType type, int bits) {
            boolean ok = switch (type) {
                case BINARY -> bits == 1 || bits == 8;
                case FRACTIONAL -> bits == 8;
                case LABELMAP -> bits == 8 || bits == 16;
            };
            if (!ok) {
                throw refuse("BitsAllocated (0028,0100) is " + bits + "; a " + type + " SEG has "
                        + switch (type) {
                            case BINARY -> "1";
                            case FRACTIONAL -> "8";
                            case LABELMAP -> "8 or 16";
                        });
            }
            if (type == SegmentationType.BINARY && bits == 8) {
                warnings.add("BINARY SEG with BitsAllocated (0028,0100) 8 instead of 1: read as one byte per pixel, "
                        + "values 0/1");
            }
        }

        private int frameCount(SequenceAttribute perFrame, String dimensionType) {
            Attribute nf = ds.get(TagFromName.NumberOfFrames);
            int items = perFrame == null ? -1 : perFrame.getNumberOfItems();
            if (nf == null || nf.getVM() == 0) {
                if (items > 1) {
                    warnings.add("NumberOfFrames (0028,0008) is missing: read as 1 frame (the standard's default); "
                            + "PerFrameFunctionalGroupsSequence (5200,9230) has " + items + " items, only the first is used");
                }
                return 1;
            }
            int frames = integer(ds, TagFromName.NumberOfFrames, 0);
            if (frames < 1) {
                throw refuse("NumberOfFrames (0028,0008) is " + frames);
            }
            if (items >= 0 && items != frames) {
                throw refuse("NumberOfFrames (0028,0008) is " + frames + " but PerFrameFunctionalGroupsSequence "
                        + "(5200,9230) has " + items + " item(s): the frame count is inconsistent");
            }
            if (items < 0 && frames > 1 && !"TILED_FULL".equals(dimensionType)) {
                Attribute sharedPos = null;
                AttributeList shared = firstItem(ds, TagFromName.SharedFunctionalGroupsSequence);
                if (shared != null) {
                    sharedPos = shared.get(TagFromName.PlanePositionSequence);
                }
                if (sharedPos == null) {
                    throw refuse(frames + " frames but no PerFrameFunctionalGroupsSequence (5200,9230) and "
                            + "DimensionOrganizationType (0020,9311) is not TILED_FULL: the frames cannot be placed");
                }
            }
            return frames;
        }

        private void checkSameOrientation(SequenceAttribute perFrame, int frames, double[] orientation) {
            for (int f = 0; f < frames; f++) {
                double[] o = doubles(firstItem(item(perFrame, f), TagFromName.PlaneOrientationSequence),
                        TagFromName.ImageOrientationPatient, 6);
                if (o != null && !sameOrientation(o, orientation)) {
                    throw refuse("frame " + (f + 1) + " has ImageOrientationPatient " + Arrays.toString(o)
                            + ", frame 1 " + Arrays.toString(orientation) + ": frames of different orientations "
                            + "are not supported");
                }
            }
        }

        private List<Segment> segments(SegmentationType type, String[] background) {
            Attribute a = ds.get(TagFromName.SegmentSequence);
            if (!(a instanceof SequenceAttribute seq) || seq.getNumberOfItems() == 0) {
                throw refuse("SegmentSequence (0062,0002) is missing or empty");
            }
            Map<Integer, Segment> byNumber = new LinkedHashMap<>();
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                AttributeList item = item(seq, i);
                int number = integer(item, TagFromName.SegmentNumber, -1);
                String label = text(item, TagFromName.SegmentLabel);
                if (number < 0) {
                    throw refuse("SegmentSequence item " + (i + 1) + " has no SegmentNumber (0062,0004)");
                }
                if (number == 0) {
                    if (type != SegmentationType.LABELMAP) {
                        throw refuse("SegmentNumber (0062,0004) 0 is allowed only in a LABELMAP SEG (background)");
                    }
                    background[0] = label.isEmpty() ? "Background" : label;
                    continue;
                }
                if (byNumber.containsKey(number)) {
                    throw refuse("SegmentNumber (0062,0004) " + number + " is used by two segments");
                }
                byNumber.put(number, segment(item, number, label));
            }
            if (byNumber.isEmpty()) {
                throw refuse("SegmentSequence (0062,0002) defines no segment other than the background");
            }
            return List.copyOf(byNumber.values());
        }

        private Segment segment(AttributeList item, int number, String label) {
            if (label.isEmpty()) {
                label = "Segment " + number;
                warnings.add("segment " + number + " has no SegmentLabel (0062,0005): called \"" + label + "\"");
            }
            if (label.length() > 64) {
                warnings.add("segment " + number + ": SegmentLabel (0062,0005) longer than 64 characters, cut");
                label = label.substring(0, 64);
            }
            String at = text(item, TagFromName.SegmentAlgorithmType);
            AlgorithmType algorithmType;
            try {
                algorithmType = AlgorithmType.valueOf(at);
            } catch (IllegalArgumentException e) {
                throw refuse("segment " + number + ": SegmentAlgorithmType (0062,0008) is '" + at
                        + "'; AUTOMATIC, SEMIAUTOMATIC or MANUAL expected");
            }
            AttributeList identification = firstItem(item, SEGMENTATION_ALGORITHM_IDENTIFICATION);
            String algorithmName = text(item, SEGMENT_ALGORITHM_NAME);
            if (algorithmName.isEmpty() && identification != null) {
                algorithmName = text(identification, ALGORITHM_NAME);
            }
            String algorithmVersion = identification == null ? "" : text(identification, ALGORITHM_VERSION);
            if (algorithmType != AlgorithmType.MANUAL && algorithmName.isEmpty()) {
                algorithmName = UNKNOWN_ALGORITHM;
                warnings.add("segment " + number + " (\"" + label + "\") is " + algorithmType
                        + " but has no SegmentAlgorithmName (0062,0009): algorithm recorded as \"" + UNKNOWN_ALGORITHM
                        + "\"");
            }
            CodedConcept category = code(item, TagFromName.SegmentedPropertyCategoryCodeSequence,
                    "SegmentedPropertyCategoryCodeSequence (0062,0003)", number);
            CodedConcept propertyType = code(item, TagFromName.SegmentedPropertyTypeCodeSequence,
                    "SegmentedPropertyTypeCodeSequence (0062,000F)", number);
            int[] lab = ints(item, TagFromName.RecommendedDisplayCIELabValue, 3);
            String description = text(item, SEGMENT_DESCRIPTION);
            try {
                return new Segment(number, label, category, propertyType, algorithmType,
                        algorithmName.isEmpty() ? null : algorithmName, algorithmVersion.isEmpty() ? null : algorithmVersion,
                        lab, description.isEmpty() ? null : description);
            } catch (IllegalArgumentException e) {
                throw refuse("segment " + number + ": " + e.getMessage());
            }
        }

        private CodedConcept code(AttributeList item, AttributeTag sequence, String name, int number) {
            AttributeList c = firstItem(item, sequence);
            if (c == null) {
                throw refuse("segment " + number + ": " + name + " is missing or empty");
            }
            String value = text(c, TagFromName.CodeValue);
            if (value.isEmpty()) {
                value = text(c, LONG_CODE_VALUE);
            }
            if (value.isEmpty()) {
                value = text(c, URN_CODE_VALUE);
            }
            String scheme = text(c, TagFromName.CodingSchemeDesignator);
            String meaning = text(c, TagFromName.CodeMeaning);
            if (meaning.isEmpty() && !value.isEmpty()) {
                meaning = value;
                warnings.add("segment " + number + ": " + name + " has no CodeMeaning (0008,0104); the code value is "
                        + "shown instead");
            }
            CodedConcept read;
            try {
                read = new CodedConcept(value, scheme, meaning.length() > 64 ? meaning.substring(0, 64) : meaning);
            } catch (IllegalArgumentException e) {
                throw refuse("segment " + number + ": " + name + ": " + e.getMessage());
            }
            CodedConcept current = Codes.current(read);
            if (current != read) {
                warnings.add("segment " + number + ": retired code " + read + " read as " + current);
            }
            return current;
        }

        private List<SegFrame> frames(SegmentationType type, List<Segment> segments, AttributeList shared,
                                      SequenceAttribute perFrame, int frames, String dimensionType,
                                      List<FramePixels> pixels) {
            Set<Integer> known = segments.stream().map(Segment::number).collect(Collectors.toSet());
            double[] sharedPosition = doubles(firstItem(shared, TagFromName.PlanePositionSequence),
                    TagFromName.ImagePositionPatient, 3);
            if (sharedPosition == null && frames == 1 && perFrame == null) {
                sharedPosition = doubles(ds, TagFromName.ImagePositionPatient, 3);
            }
            int sharedSegment = integer(firstItem(shared, TagFromName.SegmentIdentificationSequence),
                    TagFromName.ReferencedSegmentNumber, -1);
            List<SourceImageRef> sharedSources = sources(shared);
            boolean tiledFull = perFrame == null && "TILED_FULL".equals(dimensionType);
            int framesPerSegment = 0;
            if (tiledFull && type != SegmentationType.LABELMAP && sharedSegment < 0) {
                if (frames % segments.size() != 0) {
                    throw refuse("TILED_FULL SEG with " + frames + " frames and " + segments.size()
                            + " segments: the frames cannot be divided evenly between the segments");
                }
                framesPerSegment = frames / segments.size();
            }
            boolean guessedSegment = false;
            List<SegFrame> out = new ArrayList<>(frames);
            for (int f = 0; f < frames; f++) {
                AttributeList item = perFrame == null ? null : item(perFrame, f);
                double[] position = doubles(firstItem(item, TagFromName.PlanePositionSequence),
                        TagFromName.ImagePositionPatient, 3);
                if (position == null) {
                    position = sharedPosition;
                }
                List<SourceImageRef> sources = item == null ? List.of() : sources(item);
                if (sources.isEmpty()) {
                    sources = sharedSources;
                }
                int segment = 0;
                if (type != SegmentationType.LABELMAP) {
                    segment = integer(firstItem(item, TagFromName.SegmentIdentificationSequence),
                            TagFromName.ReferencedSegmentNumber, sharedSegment);
                    if (segment < 0 && framesPerSegment > 0) {
                        segment = segments.get(f / framesPerSegment).number();
                    } else if (segment < 0 && segments.size() == 1) {
                        segment = segments.get(0).number();
                        guessedSegment = true;
                    } else if (segment < 0) {
                        throw refuse("frame " + (f + 1) + " has no SegmentIdentificationSequence (0062,000A) and the "
                                + "SEG has " + segments.size() + " segments: the frame's segment is unknown");
                    }
                    if (!known.contains(segment)) {
                        throw refuse("frame " + (f + 1) + " references segment " + segment + ", which the "
                                + "SegmentSequence (0062,0002) does not define (it has " + known + ")");
                    }
                }
                out.add(new SegFrame(f, segment, position, sources, pixels.get(f)));
            }
            if (guessedSegment) {
                warnings.add("frames without SegmentIdentificationSequence (0062,000A) were given the only segment, "
                        + segments.get(0).number());
            }
            return out;
        }

        private List<SourceImageRef> sources(AttributeList group) {
            List<SourceImageRef> out = new ArrayList<>();
            if (group == null || !(group.get(TagFromName.DerivationImageSequence) instanceof SequenceAttribute d)) {
                return out;
            }
            for (int i = 0; i < d.getNumberOfItems(); i++) {
                if (item(d, i).get(TagFromName.SourceImageSequence) instanceof SequenceAttribute s) {
                    for (int j = 0; j < s.getNumberOfItems(); j++) {
                        out.add(reference(item(s, j)));
                    }
                }
            }
            return out;
        }

        private List<ReferencedSeries> referencedSeries() {
            List<ReferencedSeries> out = new ArrayList<>();
            if (!(ds.get(TagFromName.ReferencedSeriesSequence) instanceof SequenceAttribute seq)) {
                return out;
            }
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                AttributeList item = item(seq, i);
                List<SourceImageRef> instances = new ArrayList<>();
                if (item.get(TagFromName.ReferencedInstanceSequence) instanceof SequenceAttribute ri) {
                    for (int j = 0; j < ri.getNumberOfItems(); j++) {
                        instances.add(reference(item(ri, j)));
                    }
                }
                out.add(new ReferencedSeries(text(item, TagFromName.SeriesInstanceUID), instances));
            }
            return out;
        }

        private void checkLabelValues(List<Segment> segments, List<SegFrame> frames, int padding) {
            boolean[] known = new boolean[65536];
            known[0] = true;
            if (padding >= 0 && padding < known.length) {
                known[padding] = true;
            }
            for (Segment s : segments) {
                known[s.number()] = true;
            }
            for (SegFrame f : frames) {
                FramePixels px = f.pixels();
                for (int p = 0; p < px.length(); p++) {
                    int v = px.get(p);
                    if (!known[v]) {
                        throw refuse("frame " + (f.index() + 1) + ": pixel value " + v + " is not a segment number of "
                                + "this LABELMAP (segments " + segments.stream().map(s -> String.valueOf(s.number()))
                                .collect(Collectors.joining(", ")) + ")");
                    }
                }
            }
        }
    }

    private static SourceImageRef reference(AttributeList item) {
        return new SourceImageRef(text(item, TagFromName.ReferencedSOPClassUID),
                text(item, TagFromName.ReferencedSOPInstanceUID), integer(item, TagFromName.ReferencedFrameNumber, 0));
    }

    // ================================================================= mapping

    /**
     * Maps a SEG onto the grid of the CT stack it was made from ({@code ct.geometry()}). Frames are
     * placed by ImagePositionPatient; without positions, by their source image references.
     *
     * @throws InvalidInputException when the SEG does not fit the CT: another Frame of Reference,
     *                               another matrix, orientation or pixel spacing, or frames off the grid
     */
    public SegMapping mapOnto(SegDocument seg, Stack ct) {
        Path file = seg.file();
        if (seg.slideMicroscopy()) {
            throw new InvalidInputException("this is a slide microscopy SEG: its frames lie in a slide coordinate "
                    + "system, not on a CT grid", file, "LiverLens maps SEGs of CT images only");
        }
        List<String> warnings = new ArrayList<>();
        String segFor = seg.frameOfReferenceUid();
        String ctFor = ct.first().frameOfReferenceUid();
        if (!segFor.isEmpty() && !ctFor.isEmpty() && !segFor.equals(ctFor)) {
            throw new InvalidInputException("FrameOfReferenceUID (0020,0052) differs: SEG " + segFor + ", CT " + ctFor
                    + " (" + ct.first().file().getParent() + "): the SEG was not made on this CT", file,
                    "give the CT series the SEG references" + referencedSeriesHint(seg));
        }
        if (segFor.isEmpty() || ctFor.isEmpty()) {
            warnings.add("FrameOfReferenceUID (0020,0052) is empty in the " + (segFor.isEmpty() ? "SEG" : "CT")
                    + ": the SEG could not be checked to be in the CT's patient coordinates");
        }
        if (seg.rows() != ct.rows() || seg.columns() != ct.columns()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the SEG frames are %d×%d pixels, the CT "
                    + "slices %d×%d: the SEG is not on this CT's grid", seg.columns(), seg.rows(), ct.columns(),
                    ct.rows()), file, "give the CT the SEG was made from; SEGs on cropped or resampled grids are not "
                    + "supported");
        }
        double[] o = seg.orientation();
        if (o == null) {
            warnings.add("the SEG has no ImageOrientationPatient (0020,0037): the CT's was assumed");
        } else if (!sameOrientation(o, ct.orientation())) {
            throw new InvalidInputException("ImageOrientationPatient (0020,0037) differs: SEG " + fmt(o) + ", CT "
                    + fmt(ct.orientation()), file, "give the CT stack the SEG was drawn on (not a reformat)");
        }
        double[] ps = seg.pixelSpacingMm();
        double[] cs = ct.spacingMm();
        if (ps == null) {
            warnings.add("the SEG has no PixelSpacing (0028,0030): the CT's was assumed");
        } else {
            // A spacing error that moves the last pixel by less than a tenth of a pixel is rounding.
            for (int d = 0; d < 2; d++) {
                if (Math.abs(ps[d] - cs[d]) > 0.1 * cs[d] / Math.max(ct.rows(), ct.columns())) {
                    throw new InvalidInputException(String.format(Locale.ROOT, "PixelSpacing (0028,0030) differs: "
                            + "SEG %s, CT %s mm", fmt(new double[] {ps[1], ps[0]}), fmt(new double[] {cs[1], cs[0]})),
                            file, "give the CT the SEG was made from");
                }
            }
        }
        VolumeGeometry g = ct.geometry();
        if (ct.hasBlockingProblem()) {
            warnings.add("the CT stack is irregular (" + ct.problems().stream().filter(Problem::blocking)
                    .map(Problem::message).collect(Collectors.joining("; ")) + "): its grid has " + g.slices()
                    + " slice(s) for " + ct.slices().size() + " image(s)");
        }
        SliceRef[] ctAtK = new SliceRef[g.slices()];
        Map<String, Integer> kOfInstance = new HashMap<>();
        for (SliceRef s : ct.slices()) {
            double[] p = s.positionMm();
            double[] v = g.toVoxel(p[0], p[1], p[2]);
            long k = Math.round(v[2]);
            if (k >= 0 && k < ctAtK.length && Math.abs(v[2] - k) <= GRID_TOLERANCE_VOXELS) {
                ctAtK[(int) k] = s;
                kOfInstance.put(instanceKey(s.header().sopInstanceUid(), s.header().isMultiFrame() ? s.frame() + 1 : 0),
                        (int) k);
            }
        }
        List<SegFrame> frames = seg.frames();
        int[] kOf = new int[frames.size()];
        if (seg.hasPlanePositions()) {
            int disagree = 0;
            String example = null;
            for (SegFrame f : frames) {
                int k = sliceOnGrid(seg, f, g, "the CT");
                kOf[f.index()] = k;
                if (f.sources().isEmpty()) {
                    continue;
                }
                SliceRef atK = ctAtK[k];
                boolean agrees = atK != null && f.sources().stream().anyMatch(r -> refersTo(r, atK));
                if (!agrees) {
                    disagree++;
                    if (example == null) {
                        SourceImageRef r = f.sources().get(0);
                        Integer refK = kOfReference(r, kOfInstance);
                        example = "frame " + (f.index() + 1) + " lies at k=" + k + " but references SOP instance "
                                + r.sopInstanceUid() + (r.frameNumber() > 0 ? " frame " + r.frameNumber() : "")
                                + (refK == null ? ", which is not a slice of this CT stack"
                                : ", the CT slice at k=" + refK + " (" + ctAtK[refK].header().file().getFileName() + ")");
                    }
                }
            }
            if (disagree > 0) {
                warnings.add("source image references disagree with plane positions in " + disagree + " of "
                        + frames.size() + " frame(s) (" + example + "); frames were placed by their positions");
            }
        } else {
            if (frames.stream().anyMatch(f -> f.position() != null)) {
                throw new InvalidInputException("some frames have a PlanePositionSequence (0020,9113) and some do not",
                        file, HINT_CHECK);
            }
            for (SegFrame f : frames) {
                if (f.sources().isEmpty()) {
                    throw new InvalidInputException("frame " + (f.index() + 1) + " has neither a plane position nor a "
                            + "source image reference: it cannot be placed on the CT", file, HINT_CHECK);
                }
                Integer k = null;
                for (SourceImageRef r : f.sources()) {
                    k = kOfReference(r, kOfInstance);
                    if (k != null) {
                        break;
                    }
                }
                if (k == null) {
                    throw new InvalidInputException("frame " + (f.index() + 1) + " has no plane position and references "
                            + "SOP instance " + f.sources().get(0).sopInstanceUid() + ", which is not a slice of this "
                            + "CT stack", file, "give the CT series the SEG references" + referencedSeriesHint(seg));
                }
                kOf[f.index()] = k;
            }
            warnings.add("the SEG has no plane positions: frames were placed by their source image references");
        }
        String ctSeries = ct.first().seriesInstanceUid();
        if (!seg.referencedSeries().isEmpty()
                && seg.referencedSeries().stream().noneMatch(r -> r.seriesInstanceUid().equals(ctSeries))) {
            warnings.add("the SEG references series " + seg.referencedSeries().stream()
                    .map(ReferencedSeries::seriesInstanceUid).collect(Collectors.joining(", "))
                    + ", this CT is series " + ctSeries + " (same frame of reference)");
        }
        return fill(seg, g, kOf, warnings, false);
    }

    /**
     * Maps a SEG onto a grid built from its own frame positions (no CT): origin at the lowest
     * frame along the slice normal, spacing from SpacingBetweenSlices or the smallest gap.
     *
     * @throws InvalidInputException when the SEG has no plane positions or they are not regular
     */
    public SegMapping mapOnto(SegDocument seg) {
        Path file = seg.file();
        if (seg.slideMicroscopy()) {
            throw new InvalidInputException("slide microscopy SEG: frames lie in a slide coordinate system, there is "
                    + "no patient-space grid", file, "LiverLens maps SEGs of CT images only");
        }
        if (!seg.hasPlanePositions()) {
            throw new InvalidInputException("the SEG has no plane positions (PlanePositionSequence (0020,9113)): "
                    + "its frames can only be placed through the CT they reference", file, "give the CT (--ct DIR)");
        }
        double[] o = seg.orientation();
        double[] ps = seg.pixelSpacingMm();
        if (o == null || ps == null) {
            throw new InvalidInputException("the SEG has no " + (o == null ? "ImageOrientationPatient (0020,0037)"
                    : "PixelSpacing (0028,0030)") + ": no grid can be built from it alone", file,
                    "give the CT (--ct DIR)");
        }
        List<String> warnings = new ArrayList<>();
        double[] iDir = {o[0], o[1], o[2]};
        double[] jDir = {o[3], o[4], o[5]};
        double[] normal = cross(iDir, jDir);
        List<SegFrame> frames = seg.frames();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] first = null;
        double[] last = null;
        double[] d = new double[frames.size()];
        for (SegFrame f : frames) {
            d[f.index()] = dot(f.position(), normal);
            if (d[f.index()] < lo) {
                lo = d[f.index()];
                first = f.position();
            }
            if (d[f.index()] > hi) {
                hi = d[f.index()];
                last = f.position();
            }
        }
        double spacing = seg.spacingBetweenSlicesMm();
        String spacingSource = "SpacingBetweenSlices (0018,0088)";
        if (!(spacing > 0)) {
            double[] distinct = Arrays.stream(d).sorted().toArray();
            spacing = Double.POSITIVE_INFINITY;
            for (int i = 1; i < distinct.length; i++) {
                double gap = distinct[i] - distinct[i - 1];
                if (gap > 1e-3) {
                    spacing = Math.min(spacing, gap);
                }
            }
            spacingSource = "the smallest gap between frame positions";
            if (Double.isInfinite(spacing)) {
                spacing = seg.sliceThicknessMm() > 0 ? seg.sliceThicknessMm() : 1.0;
                spacingSource = seg.sliceThicknessMm() > 0 ? "SliceThickness (0018,0050)" : "an assumed 1 mm";
            }
        }
        int slices = (int) Math.round((hi - lo) / spacing) + 1;
        if (slices > 100_000) {
            throw new InvalidInputException("the frame positions span " + slices + " slices of " + spacing + " mm",
                    file, HINT_CHECK);
        }
        double[] kDir = normal;
        double spacingK = spacing;
        if (slices > 1) {
            double[] delta = {last[0] - first[0], last[1] - first[1], last[2] - first[2]};
            double len = Math.sqrt(dot(delta, delta));
            kDir = new double[] {delta[0] / len, delta[1] / len, delta[2] / len};
            spacingK = spacing / Math.max(Math.abs(dot(kDir, normal)), 1e-6);
        }
        VolumeGeometry g = new VolumeGeometry(new int[] {seg.columns(), seg.rows(), slices}, first,
                new double[] {ps[0], ps[1], spacingK}, iDir, jDir, kDir);
        int[] kOf = new int[frames.size()];
        for (SegFrame f : frames) {
            kOf[f.index()] = sliceOnGrid(seg, f, g, "the grid of the SEG's own positions (spacing " + spacingSource
                    + ")");
        }
        warnings.add(String.format(Locale.ROOT, "no CT given: grid built from the SEG's own frame positions, "
                + "%d slice(s), slice spacing %.4g mm from %s", slices, spacing, spacingSource));
        return fill(seg, g, kOf, warnings, true);
    }

    /** The slice index of a frame's position on a grid; refuses positions off the grid. */
    private static int sliceOnGrid(SegDocument seg, SegFrame f, VolumeGeometry g, String gridName) {
        double[] p = f.position();
        double[] v = g.toVoxel(p[0], p[1], p[2]);
        if (Math.abs(v[0]) > GRID_TOLERANCE_VOXELS || Math.abs(v[1]) > GRID_TOLERANCE_VOXELS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "frame %d: ImagePositionPatient %s is %.2f "
                    + "column(s) and %.2f row(s) away from the first pixel of %s", f.index() + 1, fmt(p), v[0], v[1],
                    gridName), seg.file(), "give the CT the SEG was made from; cropped SEG frames are not supported");
        }
        long k = Math.round(v[2]);
        if (Math.abs(v[2] - k) > GRID_TOLERANCE_VOXELS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "frame %d: ImagePositionPatient %s lies between "
                    + "the slices of %s (k = %.2f)", f.index() + 1, fmt(p), gridName, v[2]), seg.file(),
                    "give the CT the SEG was made from");
        }
        if (k < 0 || k >= g.slices()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "frame %d: ImagePositionPatient %s lies outside "
                    + "%s (k = %d, it has %d slices)", f.index() + 1, fmt(p), gridName, k, g.slices()), seg.file(),
                    "give the complete CT series the SEG was made from");
        }
        return (int) k;
    }

    /** Puts every frame's pixels into a segment set on the grid, at the slices given. */
    private static SegMapping fill(SegDocument seg, VolumeGeometry g, int[] kOf, List<String> warnings, boolean ownGrid) {
        boolean fractional = seg.type() == SegmentationType.FRACTIONAL;
        SegmentSet set = fractional ? SegmentSet.fractional(g, seg.fractionalType(), seg.maxFractionalValue())
                : SegmentSet.binary(g);
        Map<Integer, BitMask> masks = new HashMap<>();
        for (Segment s : seg.segments()) {
            if (fractional) {
                set.addFractional(s);
            } else {
                masks.put(s.number(), set.addBinary(s));
            }
        }
        BitMask[] byValue = new BitMask[seg.type() == SegmentationType.LABELMAP ? 65536 : 0];
        masks.forEach((n, m) -> {
            if (n < byValue.length) {
                byValue[n] = m;
            }
        });
        Set<Long> placed = new HashSet<>();
        int duplicates = 0;
        int padding = seg.pixelPaddingValue();
        for (SegFrame f : seg.frames()) {
            int k = kOf[f.index()];
            if (!placed.add((long) f.segmentNumber() << 32 | k)) {
                duplicates++;
            }
            FramePixels px = f.pixels();
            if (f.isLabelMap()) {
                for (int p = 0; p < px.length(); p++) {
                    int v = px.get(p);
                    if (v != 0 && v != padding) {
                        byValue[v].setIndex(k, p);
                    }
                }
            } else if (fractional) {
                byte[] src = px.byteValues();
                FractionalMask m = set.fractional(f.segmentNumber());
                if (px.countNonZero() > 0) {
                    byte[] dst = m.slice(k);
                    for (int p = 0; p < src.length; p++) {
                        if ((src[p] & 0xff) > (dst[p] & 0xff)) {
                            dst[p] = src[p];
                        }
                    }
                }
            } else if (px.countNonZero() > 0) {
                long[] src = px.words();
                long[] dst = masks.get(f.segmentNumber()).words(k);
                for (int w = 0; w < src.length; w++) {
                    dst[w] |= src[w];
                }
            }
        }
        if (duplicates > 0) {
            warnings.add(duplicates + " frame(s) repeat a segment on a slice that already has a frame; "
                    + (fractional ? "the larger value was kept" : "their pixels were combined (union)"));
        }
        return new SegMapping(set, kOf, warnings, ownGrid);
    }

    // ================================================================= finding the CT

    /**
     * The stack of a folder scan a SEG belongs to: the stack of its referenced series that has its
     * orientation and matrix (primary first); else the only series with its Frame of Reference;
     * else the only image series. SEG series in the folder are ignored.
     *
     * @throws InvalidInputException when the folder holds no image series, or several and none is the SEG's
     */
    public static Stack findSourceStack(SegDocument seg, ScanResult scan) {
        List<SeriesInfo> images = scan.series().stream().filter(s -> !"SEG".equals(s.modality())
                && !s.stacks().isEmpty()).toList();
        if (images.isEmpty()) {
            throw new InvalidInputException("no image series found" + (scan.skipped().isEmpty() ? ""
                    : " (" + scan.skipped().size() + " file(s) skipped, e.g. " + scan.skipped().get(0).file().getFileName()
                    + ": " + scan.skipped().get(0).reason() + ")"), scan.root(), "point --ct at the CT series folder");
        }
        Set<String> referenced = seg.referencedSeries().stream().map(ReferencedSeries::seriesInstanceUid)
                .collect(Collectors.toSet());
        List<SeriesInfo> chosen = images.stream().filter(s -> referenced.contains(s.seriesInstanceUid())).toList();
        if (chosen.isEmpty() && !seg.frameOfReferenceUid().isEmpty()) {
            chosen = images.stream().filter(s -> seg.frameOfReferenceUid().equals(s.first().frameOfReferenceUid()))
                    .toList();
        }
        if (chosen.isEmpty() && images.size() == 1) {
            chosen = images;
        }
        if (chosen.size() != 1) {
            throw new InvalidInputException(images.size() + " image series found and " + (chosen.isEmpty()
                    ? "none is" : chosen.size() + " are") + " the series the SEG references" + referencedSeriesHint(seg),
                    scan.root(), "point --ct at the folder of the CT series the SEG was made from");
        }
        SeriesInfo series = chosen.get(0);
        double[] o = seg.orientation();
        for (Stack st : series.stacks()) { // primary first
            if (st.rows() == seg.rows() && st.columns() == seg.columns()
                    && (o == null || sameOrientation(o, st.orientation()))) {
                return st;
            }
        }
        return series.primaryStack().orElse(series.stacks().get(0));
    }

    // ================================================================= small helpers

    private static String referencedSeriesHint(SegDocument seg) {
        if (seg.referencedSeries().isEmpty()) {
            return "";
        }
        return " (" + seg.referencedSeries().stream().map(ReferencedSeries::seriesInstanceUid)
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String instanceKey(String sopInstanceUid, int frameNumber) {
        return sopInstanceUid + "#" + frameNumber;
    }

    /** The k of the CT slice a reference names; a frame number on a single-frame image is ignored. */
    private static Integer kOfReference(SourceImageRef r, Map<String, Integer> kOfInstance) {
        Integer k = kOfInstance.get(instanceKey(r.sopInstanceUid(), r.frameNumber()));
        return k != null ? k : kOfInstance.get(instanceKey(r.sopInstanceUid(), 0));
    }

    private static boolean refersTo(SourceImageRef r, SliceRef s) {
        if (!r.sopInstanceUid().equals(s.header().sopInstanceUid())) {
            return false;
        }
        return !s.header().isMultiFrame() || r.frameNumber() == 0 || r.frameNumber() == s.frame() + 1;
    }

    static boolean sameOrientation(double[] a, double[] b) {
        for (int i = 0; i < 6; i++) {
            if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static double[] cross(double[] a, double[] b) {
        double[] n = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
        double len = Math.sqrt(dot(n, n));
        return len > 0 ? new double[] {n[0] / len, n[1] / len, n[2] / len} : new double[] {0, 0, 1};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static String fmt(double[] v) {
        return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.6g", x))
                .collect(Collectors.joining("\\", "[", "]"));
    }

    /** A string value, also of attributes PixelMed's dictionary lacks (read as UN from implicit VR files). */
    static String text(AttributeList list, AttributeTag tag) {
        if (list == null) {
            return "";
        }
        Attribute a = list.get(tag);
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

    static int integer(AttributeList list, AttributeTag tag, int fallback) {
        if (list == null || list.get(tag) == null || list.get(tag).getVM() == 0) {
            return fallback;
        }
        return Attribute.getSingleIntegerValueOrDefault(list, tag, fallback);
    }

    private static int[] ints(AttributeList list, AttributeTag tag, int count) {
        Attribute a = list.get(tag);
        if (a == null || a.getVM() < count) {
            return null;
        }
        try {
            return Arrays.copyOf(a.getIntegerValues(), count);
        } catch (DicomException e) {
            return null;
        }
    }

    private static double[] doubles(AttributeList list, AttributeTag tag, int count) {
        Attribute a = list == null ? null : list.get(tag);
        if (a == null || a.getVM() < count) {
            return null;
        }
        try {
            double[] v = Arrays.copyOf(a.getDoubleValues(), count);
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    return null;
                }
            }
            return v;
        } catch (DicomException | NumberFormatException e) {
            return null;
        }
    }

    private static double scalar(double[] first, double[] second) {
        return first != null ? first[0] : second != null ? second[0] : Double.NaN;
    }

    private static AttributeList item(SequenceAttribute s, int i) {
        return s.getItem(i).getAttributeList();
    }

    private static AttributeList firstItem(AttributeList list, AttributeTag sequence) {
        Attribute a = list == null ? null : list.get(sequence);
        return a instanceof SequenceAttribute s && s.getNumberOfItems() > 0 ? item(s, 0) : null;
    }

    /** A value from a functional group macro: the frame's own group first, then the shared one. */
    private static double[] macro(AttributeList shared, AttributeList frame, AttributeTag sequence, AttributeTag tag,
                                  int count) {
        double[] v = doubles(firstItem(frame, sequence), tag, count);
        return v != null ? v : doubles(firstItem(shared, sequence), tag, count);
    }
}
