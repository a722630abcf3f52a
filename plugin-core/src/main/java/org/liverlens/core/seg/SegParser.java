package org.liverlens.core.seg;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.liverlens.core.dicom.AttributeReader;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.InvalidInputException;

/**
 * Parses one DICOM Segmentation file (BINARY, FRACTIONAL, LABELMAP) into a {@link SegDocument}:
 * the segments ({@link Segment#fromItem}), the shared geometry, the frames with their positions,
 * source references and decoded pixels. Nothing is placed on a grid here ({@link SegGridMapper}
 * does that). Whatever would give wrong voxels is refused with an {@link InvalidInputException}
 * (exit code 3) naming the file, the attribute or frame and what to do; what can be read leniently
 * is, with a warning in {@link SegDocument#warnings()}.
 *
 * <p>One piece of a little over 400 lines on purpose: every check reads the same dataset and adds
 * to the same warnings; segments, codes and references are read by their own types' {@code fromItem}.
 */
final class SegParser {
    static final String HINT_CHECK = "check the SEG with 'dciodvfy' or export it again";
    private static final String HINT_GEOMETRY = "the SEG's geometry is damaged, so its frames cannot be placed: "
            + "export the SEG again from the program that made it";
    /** Largest frame read (16384 × 16384 pixels): Java arrays and a CT grid are far below 2^31 pixels. */
    static final long MAX_FRAME_PIXELS = 1L << 28;

    private final Path file;
    private final AttributeReader ds;
    private final String ts;
    private final String sopClass;
    private final List<String> warnings = new ArrayList<>();

    private SegParser(Path file, AttributeList list, String ts, String sopClass) {
        this.file = file;
        this.ds = new AttributeReader(file, list);
        this.ts = ts;
        this.sopClass = sopClass;
    }

    /**
     * Reads and validates a SEG file and decodes its frames.
     *
     * @throws InvalidInputException (exit code 3) when the file is missing, not a SEG, inconsistent,
     *                               or its pixels cannot be decoded exactly
     */
    static SegDocument parse(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException("is a folder, not a SEG file", file, "give the SEG file itself");
        }
        if (!Files.exists(file)) {
            throw new InvalidInputException("no such file", file, "check the path of the SEG");
        }
        DicomFiles.Header header;
        try {
            header = DicomFiles.readHeader(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the file: " + e.getMessage(), file,
                    "check that it is readable", e);
        } catch (DicomException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("unreadable DICOM (truncated or corrupt header): " + e.getMessage(), file,
                    HINT_CHECK, e);
        }
        AttributeReader h = new AttributeReader(file, header.attributes());
        String sopClass = h.string(TagFromName.SOPClassUID);
        if (sopClass.isEmpty()) {
            sopClass = h.string(TagFromName.MediaStorageSOPClassUID);
        }
        if (!sopClass.equals(SegReader.SEGMENTATION_STORAGE) && !sopClass.equals(SegReader.LABEL_MAP_SEGMENTATION_STORAGE)) {
            throw new InvalidInputException("not a DICOM Segmentation: SOP Class UID (0008,0016) is '" + sopClass
                    + "', Modality (0008,0060) '" + h.string(TagFromName.Modality) + "'", file,
                    "give a SEG file (Segmentation Storage " + SegReader.SEGMENTATION_STORAGE + " or Label Map "
                            + "Segmentation Storage " + SegReader.LABEL_MAP_SEGMENTATION_STORAGE + ")");
        }
        String ts = h.string(TagFromName.TransferSyntaxUID);
        boolean nativePixels = SegFrameDecoder.isNative(ts);
        if (!nativePixels) {
            String why = SegFrameDecoder.whyNotSupported(ts);
            if (why != null) {
                throw new InvalidInputException(why, file, "convert it first, e.g. 'dcmconv +te IN OUT' (dcmtk)");
            }
        }
        AttributeList list = header.attributes();
        if (nativePixels) {
            // The frame layout is checked before PixelMed reads the Pixel Data into memory.
            new SegParser(file, list, ts, sopClass).layout();
            try {
                list = DicomFiles.readAll(file);
            } catch (IOException | DicomException e) {
                throw new InvalidInputException("cannot read the Pixel Data: " + e.getMessage(), file, HINT_CHECK, e);
            }
        }
        return new SegParser(file, list, ts, sopClass).document(nativePixels, header.pixelDataTagOffset());
    }

    private InvalidInputException refuse(String message) {
        return new InvalidInputException(message, file, HINT_CHECK);
    }

    /** The frame layout (matrix, frame count, bits), refused when frames are too large to hold. */
    private SegFrameDecoder.Layout layout() {
        int rows = ds.integer(TagFromName.Rows, 0);
        int columns = ds.integer(TagFromName.Columns, 0);
        if (rows <= 0 || columns <= 0) {
            throw refuse("Rows (0028,0010) and Columns (0028,0011) must be positive, got " + rows + " and " + columns);
        }
        long pixels = (long) rows * columns;
        if (pixels > MAX_FRAME_PIXELS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "Rows (0028,0010) %d × Columns (0028,0011) %d "
                    + "is %d pixels per frame, more than the %d LiverLens reads (16384 × 16384)", rows, columns, pixels,
                    MAX_FRAME_PIXELS), file, "a SEG of CT images has the CT's matrix (512 × 512 or so): check the "
                    + "SEG with 'dciodvfy' or export it again");
        }
        int samples = ds.integer(TagFromName.SamplesPerPixel, 1);
        if (samples != 1) {
            throw refuse("SamplesPerPixel (0028,0002) is " + samples + "; SEG pixels have one sample");
        }
        SegmentationType type = segmentationType();
        int bits = ds.integer(TagFromName.BitsAllocated, 0);
        checkBits(type, bits);
        int maxFractional = 0;
        if (type == SegmentationType.FRACTIONAL) {
            maxFractional = ds.integer(TagFromName.MaximumFractionalValue, -1);
            if (maxFractional < 1 || maxFractional > 255) {
                throw refuse("MaximumFractionalValue (0062,000E) must be 1…255 for 8-bit FRACTIONAL, got "
                        + maxFractional);
            }
        }
        int frames = frameCount(ds.items(TagFromName.PerFrameFunctionalGroupsSequence),
                ds.string(TagFromName.DimensionOrganizationType));
        SegFrameDecoder.Layout layout = new SegFrameDecoder.Layout(file, rows, columns, frames, bits, type, maxFractional);
        long decodedBytes = frames * (bits == 1 ? (pixels + 63) / 64 * 8 : pixels * bits / 8);
        long available = Runtime.getRuntime().maxMemory() / 2;
        if (decodedBytes > available) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%d frame(s) of %d × %d pixels at %d bit(s) "
                    + "need %d MB decoded, more than the %d MB this process may use for them", frames, columns, rows,
                    bits, decodedBytes >> 20, available >> 20), file,
                    "give Java more memory (JAVA_OPTS=-Xmx…) or check the SEG's NumberOfFrames (0028,0008), Rows and "
                            + "Columns");
        }
        return layout;
    }

    private SegDocument document(boolean nativePixels, long pixelDataTagOffset) {
        SegFrameDecoder.Layout layout = layout();
        SegmentationType type = layout.type();
        FractionalType fractionalType = null;
        if (type == SegmentationType.FRACTIONAL) {
            String ft = ds.string(TagFromName.SegmentationFractionalType);
            try {
                fractionalType = FractionalType.valueOf(ft);
            } catch (IllegalArgumentException e) {
                throw refuse("SegmentationFractionalType (0062,0010) is '" + ft + "'; PROBABILITY or OCCUPANCY expected");
            }
        }
        int padding = type == SegmentationType.LABELMAP ? ds.integer(TagFromName.PixelPaddingValue, -1) : -1;

        String[] background = new String[1];
        List<Segment> segments = segments(type, background);

        AttributeReader shared = ds.item(TagFromName.SharedFunctionalGroupsSequence);
        int perFrameItems = ds.items(TagFromName.PerFrameFunctionalGroupsSequence);
        AttributeReader frame0 = ds.item(TagFromName.PerFrameFunctionalGroupsSequence, 0);
        String dimensionType = ds.string(TagFromName.DimensionOrganizationType);
        int frames = layout.frames();

        double[] orientation = AttributeReader.functionalGroup(frame0, shared, TagFromName.PlaneOrientationSequence,
                TagFromName.ImageOrientationPatient).directionCosines(TagFromName.ImageOrientationPatient, HINT_GEOMETRY);
        if (orientation == null) {
            orientation = ds.directionCosines(TagFromName.ImageOrientationPatient, HINT_GEOMETRY);
        }
        double[] ps = AttributeReader.functionalGroup(frame0, shared, TagFromName.PixelMeasuresSequence,
                TagFromName.PixelSpacing).positiveDecimals(TagFromName.PixelSpacing, 2, HINT_GEOMETRY);
        if (ps == null) {
            ps = ds.positiveDecimals(TagFromName.PixelSpacing, 2, HINT_GEOMETRY);
        }
        double[] pixelSpacing = ps == null ? null : new double[] {ps[1], ps[0]};
        double thickness = pixelMeasure(frame0, shared, TagFromName.SliceThickness);
        double between = pixelMeasure(frame0, shared, TagFromName.SpacingBetweenSlices);
        if (perFrameItems >= 0 && orientation != null) {
            checkSameOrientation(frames, orientation);
        }
        boolean slide = ds.has(TagFromName.TotalPixelMatrixRows) || ds.has(TagFromName.ImageOrientationSlide)
                || frame0.has(TagFromName.PlanePositionSlideSequence) || shared.has(TagFromName.PlanePositionSlideSequence);

        List<FramePixels> pixels = nativePixels
                ? NativeFrames.decode(layout, ds.list().get(TagFromName.PixelData),
                        ts.equals(TransferSyntaxes.EXPLICIT_BE), warnings)
                : SegFrameDecoder.decodeEncapsulated(layout, ts, pixelDataTagOffset, warnings);

        List<SegFrame> segFrames = frames(type, segments, shared, perFrameItems >= 0, frames, dimensionType, pixels);
        if (type == SegmentationType.LABELMAP) {
            checkLabelValues(segments, segFrames, padding);
        }
        return new SegDocument(file, sopClass, ds.string(TagFromName.SOPInstanceUID),
                ds.string(TagFromName.StudyInstanceUID), ds.string(TagFromName.SeriesInstanceUID),
                ds.string(TagFromName.FrameOfReferenceUID), ts.isEmpty() ? TransferSyntaxes.IMPLICIT_LE : ts,
                type, fractionalType, layout.maxFractionalValue(), background[0], segments,
                ds.string(SegTags.SEGMENTS_OVERLAP), layout.rows(), layout.columns(), layout.bitsAllocated(),
                ds.string(TagFromName.PhotometricInterpretation), padding, orientation, pixelSpacing, thickness, between,
                dimensionType, slide, segFrames, referencedSeries(), warnings);
    }

    /** A Pixel Measures value (mm) from the functional groups, else from the top level; NaN when absent. */
    private double pixelMeasure(AttributeReader frame0, AttributeReader shared, AttributeTag tag) {
        double v = AttributeReader.functionalGroup(frame0, shared, TagFromName.PixelMeasuresSequence, tag)
                .decimal(tag, Double.NaN);
        return Double.isNaN(v) ? ds.decimal(tag, Double.NaN) : v;
    }

    private SegmentationType segmentationType() {
        String t = ds.string(TagFromName.SegmentationType);
        SegmentationType type;
        try {
            type = SegmentationType.valueOf(t);
        } catch (IllegalArgumentException e) {
            throw refuse("SegmentationType (0062,0001) is '" + t + "'; BINARY, FRACTIONAL or LABELMAP expected");
        }
        boolean labelMapClass = sopClass.equals(SegReader.LABEL_MAP_SEGMENTATION_STORAGE);
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

    private int frameCount(int items, String dimensionType) {
        if (!ds.hasValue(TagFromName.NumberOfFrames)) {
            if (items > 1) {
                warnings.add("NumberOfFrames (0028,0008) is missing: read as 1 frame (the standard's default); "
                        + "PerFrameFunctionalGroupsSequence (5200,9230) has " + items + " items, only the first is used");
            }
            return 1;
        }
        int frames = ds.integer(TagFromName.NumberOfFrames, 0);
        if (frames < 1) {
            throw refuse("NumberOfFrames (0028,0008) is " + frames);
        }
        if (items >= 0 && items != frames) {
            throw refuse("NumberOfFrames (0028,0008) is " + frames + " but PerFrameFunctionalGroupsSequence "
                    + "(5200,9230) has " + items + " item(s): the frame count is inconsistent");
        }
        if (items < 0 && frames > 1 && !"TILED_FULL".equals(dimensionType)
                && !ds.item(TagFromName.SharedFunctionalGroupsSequence).has(TagFromName.PlanePositionSequence)) {
            throw refuse(frames + " frames but no PerFrameFunctionalGroupsSequence (5200,9230) and "
                    + "DimensionOrganizationType (0020,9311) is not TILED_FULL: the frames cannot be placed");
        }
        return frames;
    }

    private void checkSameOrientation(int frames, double[] orientation) {
        for (int f = 0; f < frames; f++) {
            double[] o = ds.item(TagFromName.PerFrameFunctionalGroupsSequence, f)
                    .item(TagFromName.PlaneOrientationSequence).decimals(TagFromName.ImageOrientationPatient, 6);
            if (o != null && !SegGridMapper.sameOrientation(o, orientation)) {
                throw refuse("frame " + (f + 1) + " has ImageOrientationPatient " + Arrays.toString(o)
                        + ", frame 1 " + Arrays.toString(orientation) + ": frames of different orientations "
                        + "are not supported");
            }
        }
    }

    private List<Segment> segments(SegmentationType type, String[] background) {
        int items = ds.items(TagFromName.SegmentSequence);
        if (items <= 0) {
            throw refuse("SegmentSequence (0062,0002) is missing or empty");
        }
        Map<Integer, Segment> byNumber = new LinkedHashMap<>();
        for (int i = 0; i < items; i++) {
            AttributeReader item = ds.item(TagFromName.SegmentSequence, i);
            int number = item.integer(TagFromName.SegmentNumber, -1);
            if (number < 0) {
                throw refuse("SegmentSequence item " + (i + 1) + " has no SegmentNumber (0062,0004)");
            }
            if (number == 0) {
                if (type != SegmentationType.LABELMAP) {
                    throw refuse("SegmentNumber (0062,0004) 0 is allowed only in a LABELMAP SEG (background)");
                }
                String label = item.string(TagFromName.SegmentLabel);
                background[0] = label.isEmpty() ? "Background" : label;
                continue;
            }
            if (byNumber.containsKey(number)) {
                throw refuse("SegmentNumber (0062,0004) " + number + " is used by two segments");
            }
            byNumber.put(number, Segment.fromItem(item, warnings::add));
        }
        if (byNumber.isEmpty()) {
            throw refuse("SegmentSequence (0062,0002) defines no segment other than the background");
        }
        return List.copyOf(byNumber.values());
    }

    private List<SegFrame> frames(SegmentationType type, List<Segment> segments, AttributeReader shared,
                                  boolean perFrame, int frames, String dimensionType, List<FramePixels> pixels) {
        Set<Integer> known = segments.stream().map(Segment::number).collect(Collectors.toSet());
        double[] sharedPosition = shared.item(TagFromName.PlanePositionSequence)
                .decimals(TagFromName.ImagePositionPatient, 3);
        if (sharedPosition == null && frames == 1 && !perFrame) {
            sharedPosition = ds.decimals(TagFromName.ImagePositionPatient, 3);
        }
        int sharedSegment = shared.item(TagFromName.SegmentIdentificationSequence)
                .integer(TagFromName.ReferencedSegmentNumber, -1);
        List<SourceImageRef> sharedSources = sources(shared);
        boolean tiledFull = !perFrame && "TILED_FULL".equals(dimensionType);
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
            AttributeReader item = ds.item(TagFromName.PerFrameFunctionalGroupsSequence, f);
            double[] position = item.item(TagFromName.PlanePositionSequence).decimals(TagFromName.ImagePositionPatient, 3);
            if (position == null) {
                position = sharedPosition;
            }
            List<SourceImageRef> sources = sources(item);
            if (sources.isEmpty()) {
                sources = sharedSources;
            }
            int segment = 0;
            if (type != SegmentationType.LABELMAP) {
                segment = item.item(TagFromName.SegmentIdentificationSequence)
                        .integer(TagFromName.ReferencedSegmentNumber, sharedSegment);
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

    /** The source images of a functional group (Derivation Image Sequence > Source Image Sequence). */
    private static List<SourceImageRef> sources(AttributeReader group) {
        List<SourceImageRef> out = new ArrayList<>();
        int derivations = group.items(TagFromName.DerivationImageSequence);
        for (int i = 0; i < derivations; i++) {
            AttributeReader derivation = group.item(TagFromName.DerivationImageSequence, i);
            int n = derivation.items(TagFromName.SourceImageSequence);
            for (int j = 0; j < n; j++) {
                out.add(SourceImageRef.fromItem(derivation.item(TagFromName.SourceImageSequence, j)));
            }
        }
        return out;
    }

    private List<ReferencedSeries> referencedSeries() {
        List<ReferencedSeries> out = new ArrayList<>();
        int series = ds.items(TagFromName.ReferencedSeriesSequence);
        for (int i = 0; i < series; i++) {
            out.add(ReferencedSeries.fromItem(ds.item(TagFromName.ReferencedSeriesSequence, i)));
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
