package org.liverlens.core.edit;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.SliceHeader;
import org.liverlens.core.dicom.SliceRef;
import org.liverlens.core.dicom.Stack;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.dicom.UidGenerator;
import org.liverlens.core.seg.SourceUids;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.LiverLensException;

/**
 * Writes an edited volume as a derived CT series in the source's study: one new single-frame CT image
 * per source slice (unchanged slices too), with new Series and SOP Instance UIDs, ImageType
 * DERIVED\SECONDARY, a SeriesDescription starting "COUNTERFACTUAL", the instruction in
 * DerivationDescription, a Source Image Sequence pointing at the slice it came from, and the
 * {@link BurnedInMark} with BurnedInAnnotation YES. Headers are copied from the source slice (patient,
 * study, equipment, geometry) without private attributes; pixels are signed 16-bit HU (slope 1,
 * intercept 0). The folder appears complete or not at all; the source files are only read.
 */
public final class DerivedSeriesWriter {
    /** Series number of derived series (SEGs written by LiverLens use 901-902). */
    public static final int SERIES_NUMBER = 903;
    /** First words of every derived SeriesDescription. */
    public static final String DESCRIPTION_PREFIX = "COUNTERFACTUAL";
    private static final AttributeTag BURNED_IN_ANNOTATION = new AttributeTag(0x0028, 0x0301);
    private static final AttributeTag DERIVATION_DESCRIPTION = new AttributeTag(0x0008, 0x2111);
    /** Attributes whose meaning the new pixels would break. */
    private static final AttributeTag[] DROPPED = {TagFromName.PixelData, TagFromName.SmallestImagePixelValue,
        TagFromName.LargestImagePixelValue, TagFromName.PixelPaddingValue, TagFromName.PixelPaddingRangeLimit,
        new AttributeTag(0x0028, 0x3000), TagFromName.IconImageSequence, TagFromName.DataSetTrailingPadding,
        new AttributeTag(0x0028, 0x0108), new AttributeTag(0x0028, 0x0109),
        TagFromName.NumberOfFrames, TagFromName.SourceImageSequence, TagFromName.DerivationCodeSequence};

    private final UidGenerator uids;
    private final int threads;

    public DerivedSeriesWriter() {
        this(new UidGenerator(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public DerivedSeriesWriter(UidGenerator uids, int threads) {
        this.uids = uids;
        this.threads = threads;
    }

    /** What was written. */
    public record Result(Path folder, String seriesInstanceUid, int instances, List<String> notices) {
        public Result {
            notices = List.copyOf(notices);
        }
    }

    /**
     * Writes {@code edited} (on {@code source}'s grid) into {@code folder} (replaced if it exists).
     *
     * @param derivation the instruction and how it was carried out, for DerivationDescription
     * @throws InvalidInputException for a source that is not one single-frame CT image per grid slice
     */
    public Result write(Stack source, HuVolume edited, String instruction, String derivation, Path folder) {
        List<SliceRef> slices = source.slices();
        if (slices.size() != edited.geometry().slices()) {
            throw new InvalidInputException("the series has " + slices.size() + " slices on a grid of "
                    + edited.geometry().slices() + " (a gap or uneven spacing was interpolated): a derived series "
                    + "needs one source image per slice", source.first().file(),
                    "edit a complete, evenly spaced series (without --allow-gaps)");
        }
        for (SliceRef s : slices) {
            if (s.header().isMultiFrame()) {
                throw new InvalidInputException("the source is a multi-frame (Enhanced CT) instance; derived series "
                        + "are written from single-frame CT images only", s.header().file(),
                        "convert the series to single-frame CT images (e.g. dcmtk's dcuncat), then edit it");
            }
        }
        SourceUids ids = SourceUids.of(source);
        String seriesUid = uids.next();
        String[] sopUids = new String[slices.size()];
        for (int k = 0; k < sopUids.length; k++) {
            sopUids[k] = uids.next();
        }
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd HHmmss", Locale.ROOT));
        String description = Datasets.truncate(DESCRIPTION_PREFIX + ": " + instruction, 64);
        Path target = folder.toAbsolutePath();
        Path parent = target.getParent();
        Path partial = parent.resolve("." + target.getFileName() + ".partial-" + System.nanoTime());
        try {
            Files.createDirectories(partial);
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(() -> IntStream.range(0, slices.size()).parallel().forEach(k -> writeSlice(slices.get(k),
                        edited, k, ids.studyInstanceUid(), seriesUid, sopUids[k], description, derivation, now,
                        partial.resolve(String.format(Locale.ROOT, "IM%05d.dcm", k + 1))))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the derived series", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof LiverLensException l) {
                    throw l;
                }
                if (e.getCause() instanceof UncheckedIOException u) {
                    throw u;
                }
                throw new IllegalStateException("writing the derived series failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdown();
            }
            replace(partial, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the derived series into " + target + ": " + e.getMessage(), e);
        } finally {
            deleteTree(partial);
        }
        return new Result(target, seriesUid, slices.size(), ids.notices());
    }

    private static void writeSlice(SliceRef ref, HuVolume edited, int k, String studyUid, String seriesUid,
                                   String sopUid, String description, String derivation, String now, Path file) {
        SliceHeader h = ref.header();
        AttributeList src;
        try {
            src = DicomFiles.readHeader(h.file()).attributes();
        } catch (IOException | DicomException e) {
            throw new InvalidInputException("cannot read the source image again: " + e.getMessage(), h.file(),
                    "the source changed while editing; run the edit again", e);
        }
        AttributeList ds = new AttributeList();
        for (Object o : src.values()) {
            Attribute a = (Attribute) o;
            AttributeTag t = a.getTag();
            if (t.getGroup() == 0x0002 || t.isPrivate()) {
                continue;
            }
            ds.put(a);
        }
        for (AttributeTag t : DROPPED) {
            ds.remove(t);
        }
        String[] date = now.split(" ");
        Datasets.put(ds, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        Datasets.put(ds, TagFromName.SOPInstanceUID, sopUid);
        Datasets.put(ds, TagFromName.StudyInstanceUID, studyUid);
        Datasets.put(ds, TagFromName.SeriesInstanceUID, seriesUid);
        Datasets.put(ds, TagFromName.SeriesNumber, SERIES_NUMBER);
        Datasets.put(ds, TagFromName.SeriesDescription, description);
        Datasets.put(ds, TagFromName.SeriesDate, date[0]);
        Datasets.put(ds, TagFromName.SeriesTime, date[1]);
        Datasets.put(ds, TagFromName.ContentDate, date[0]);
        Datasets.put(ds, TagFromName.ContentTime, date[1]);
        Datasets.put(ds, TagFromName.InstanceCreationDate, date[0]);
        Datasets.put(ds, TagFromName.InstanceCreationTime, date[1]);
        Datasets.put(ds, TagFromName.InstanceNumber, k + 1);
        String[] type = h.imageType() == null ? new String[0] : h.imageType().split("\\\\");
        String third = type.length > 2 && !type[2].isBlank() ? type[2] : "AXIAL";
        Datasets.put(ds, TagFromName.ImageType, "DERIVED", "SECONDARY", third);
        Datasets.put(ds, DERIVATION_DESCRIPTION, Datasets.truncate(derivation, 1024));
        AttributeList item = Datasets.addItem(ds, TagFromName.SourceImageSequence);
        Datasets.put(item, TagFromName.ReferencedSOPClassUID, h.sopClassUid().isEmpty() ? SOPClass.CTImageStorage
                : h.sopClassUid());
        Datasets.put(item, TagFromName.ReferencedSOPInstanceUID, h.sopInstanceUid());
        Datasets.addCode(item, TagFromName.PurposeOfReferenceCodeSequence, "121322", "DCM",
                "Source image for image processing operation");
        Datasets.put(ds, BURNED_IN_ANNOTATION, "YES");
        Datasets.put(ds, TagFromName.SamplesPerPixel, 1);
        Datasets.put(ds, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        Datasets.put(ds, TagFromName.BitsAllocated, 16);
        Datasets.put(ds, TagFromName.BitsStored, 16);
        Datasets.put(ds, TagFromName.HighBit, 15);
        Datasets.put(ds, TagFromName.PixelRepresentation, 1);
        Datasets.put(ds, TagFromName.RescaleIntercept, "0");
        Datasets.put(ds, TagFromName.RescaleSlope, "1");
        Datasets.put(ds, TagFromName.RescaleType, "HU");
        int columns = edited.geometry().columns();
        int rows = edited.geometry().rows();
        short[] pixels = edited.slice(k).clone();
        BurnedInMark.burn(pixels, columns, rows);
        try {
            OtherWordAttribute px = new OtherWordAttribute(TagFromName.PixelData);
            px.setValues(pixels);
            ds.put(px);
        } catch (DicomException e) {
            throw new IllegalStateException("cannot set PixelData: " + e.getMessage(), e);
        }
        DicomFiles.write(ds, file, TransferSyntaxes.EXPLICIT_LE);
    }

    /** Moves {@code partial} to {@code target}, replacing an earlier result there. */
    private static void replace(Path partial, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException ignored) {
            // a leftover hidden folder is harmless; the result is already in place
        }
    }
}
