package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverlens.core.TestData;
import org.liverlens.core.dicom.Datasets;
import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;

/**
 * Inconsistent SEGs are refused with a message naming the file, attribute or frame, never read
 * into wrong voxels. The bad files are real SEGs from the shared data with one thing changed.
 */
class SegReaderRejectsTest {
    private static final String LIVER = "dcmqi/data/segmentations/liver.dcm";
    private static final String CT = "dcmqi/data/segmentations/ct-3slice";

    @TempDir
    Path tmp;

    /** A copy of a test-data SEG with one change, written as Explicit VR Little Endian. */
    private Path changed(String source, Consumer<AttributeList> change) throws Exception {
        AttributeList list = DicomFiles.readAll(TestData.path(source));
        change.accept(list);
        Path out = tmp.resolve("changed.dcm");
        DicomFiles.write(list, out, TransferSyntaxes.EXPLICIT_LE);
        return out;
    }

    private static AttributeList frameItem(AttributeList list, int frame) {
        return ((SequenceAttribute) list.get(TagFromName.PerFrameFunctionalGroupsSequence)).getItem(frame)
                .getAttributeList();
    }

    private static AttributeList firstItem(AttributeList list, com.pixelmed.dicom.AttributeTag seq) {
        return ((SequenceAttribute) list.get(seq)).getItem(0).getAttributeList();
    }

    private static InvalidInputException refused(Path file) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SegReader().read(file));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(e.userMessage().startsWith(file.toString()), e.userMessage());
        return e;
    }

    private static InvalidInputException refusedOnCt(Path file) {
        SegDocument seg = new SegReader().read(file);
        return assertThrows(InvalidInputException.class, () -> new SegReader().mapOnto(seg, SegReaderTest.ct(CT)));
    }

    @Test
    void numberOfFramesDisagreeingWithPerFrameItemsIsRefused() throws Exception {
        Path f = changed(LIVER, l -> Datasets.put(l, TagFromName.NumberOfFrames, "2"));
        assertTrue(refused(f).getMessage().contains("NumberOfFrames (0028,0008) is 2 but PerFrameFunctionalGroupsSequence"));
    }

    @Test
    void pixelDataWithRoomForMoreFramesThanNumberOfFramesIsRefused() throws Exception {
        Path f = changed(LIVER, l -> {
            Datasets.put(l, TagFromName.NumberOfFrames, "2");
            SequenceAttribute pf = (SequenceAttribute) l.get(TagFromName.PerFrameFunctionalGroupsSequence);
            pf.remove(pf.getItem(2));
        });
        assertTrue(refused(f).getMessage().contains("room for more frames"));
    }

    @Test
    void truncatedNativePixelDataIsRefused() throws Exception {
        Path f = changed(LIVER, l -> {
            try {
                byte[] all = l.get(TagFromName.PixelData).getByteValues();
                OtherByteAttribute pd = new OtherByteAttribute(TagFromName.PixelData);
                pd.setValues(Arrays.copyOf(all, all.length * 5 / 6));
                l.put(pd);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        InvalidInputException e = refused(f);
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("98304"), e.getMessage());
    }

    @Test
    void truncatedEncapsulatedPixelDataIsRefused() throws Exception {
        byte[] rle = Files.readAllBytes(TestData.path("derived/seg_liver_512_rle.dcm"));
        Path f = tmp.resolve("cut.dcm");
        Files.write(f, Arrays.copyOf(rle, rle.length * 4 / 5));
        assertTrue(refused(f).getMessage().contains("truncated"));
    }

    @Test
    void frameReferencingAnUndefinedSegmentIsRefused() throws Exception {
        Path f = changed(LIVER, l -> Datasets.put(firstItem(frameItem(l, 1), TagFromName.SegmentIdentificationSequence),
                TagFromName.ReferencedSegmentNumber, 7));
        InvalidInputException e = refused(f);
        assertTrue(e.getMessage().contains("frame 2 references segment 7"), e.getMessage());
    }

    @Test
    void labelMapPixelThatIsNoSegmentNumberIsRefused() throws Exception {
        Path f = changed("dcmqi/data/segmentations/sparse-labelmap-noppv.dcm", l -> {
            try {
                byte[] all = l.get(TagFromName.PixelData).getByteValues().clone();
                all[100] = 7;
                OtherByteAttribute pd = new OtherByteAttribute(TagFromName.PixelData);
                pd.setValues(all);
                l.put(pd);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(refused(f).getMessage().contains("pixel value 7 is not a segment number"));
    }

    @Test
    void positionBetweenCtSlicesIsRefused() throws Exception {
        Path f = changed(LIVER, l -> Datasets.putDecimals(firstItem(frameItem(l, 1), TagFromName.PlanePositionSequence),
                TagFromName.ImagePositionPatient, -235.2, -226.8, -127.19));
        InvalidInputException e = refusedOnCt(f);
        assertTrue(e.getMessage().contains("frame 2") && e.getMessage().contains("between the slices"), e.getMessage());
    }

    @Test
    void positionOutsideTheCtIsRefused() throws Exception {
        Path f = changed(LIVER, l -> Datasets.putDecimals(firstItem(frameItem(l, 2), TagFromName.PlanePositionSequence),
                TagFromName.ImagePositionPatient, -235.2, -226.8, -120.69));
        assertTrue(refusedOnCt(f).getMessage().contains("outside"));
    }

    @Test
    void positionShiftedInThePlaneIsRefused() throws Exception {
        Path f = changed(LIVER, l -> Datasets.putDecimals(firstItem(frameItem(l, 0), TagFromName.PlanePositionSequence),
                TagFromName.ImagePositionPatient, -225.2, -226.8, -128.69));
        assertTrue(refusedOnCt(f).getMessage().contains("column(s)"));
    }

    @Test
    void otherFrameOfReferenceIsRefused() throws Exception {
        Path f = changed(LIVER, l -> Datasets.put(l, TagFromName.FrameOfReferenceUID, "1.2.3.4"));
        assertTrue(refusedOnCt(f).getMessage().contains("FrameOfReferenceUID (0020,0052) differs"));
    }

    @Test
    void otherOrientationIsRefused() throws Exception {
        Path f = changed(LIVER, l -> Datasets.putDecimals(firstItem(firstItem(l, TagFromName.SharedFunctionalGroupsSequence),
                TagFromName.PlaneOrientationSequence), TagFromName.ImageOrientationPatient, 1, 0, 0, 0, 0, -1));
        assertTrue(refusedOnCt(f).getMessage().contains("ImageOrientationPatient (0020,0037) differs"));
    }

    @Test
    void otherPixelSpacingIsRefused() throws Exception {
        Path f = changed(LIVER, l -> Datasets.putDecimals(firstItem(firstItem(l, TagFromName.SharedFunctionalGroupsSequence),
                TagFromName.PixelMeasuresSequence), TagFromName.PixelSpacing, 0.8, 0.8));
        assertTrue(refusedOnCt(f).getMessage().contains("PixelSpacing (0028,0030) differs"));
    }

    @Test
    void automaticSegmentWithoutAlgorithmNameIsReadAsUnknownWithAWarning() throws Exception {
        Path f = changed("highdicom/seg_image_ct_binary.dcm", l -> {
            AttributeList segment = firstItem(l, TagFromName.SegmentSequence);
            segment.remove(SegTags.SEGMENT_ALGORITHM_NAME);
            segment.remove(SegTags.SEGMENTATION_ALGORITHM_IDENTIFICATION);
        });
        SegDocument seg = new SegReader().read(f);
        Segment s = seg.segments().get(0);
        assertEquals(AlgorithmType.AUTOMATIC, s.algorithmType());
        assertEquals(SegReader.UNKNOWN_ALGORITHM, s.algorithmName());
        assertTrue(seg.warnings().stream().anyMatch(w -> w.contains("no SegmentAlgorithmName (0062,0009)")),
                seg.warnings().toString());
    }

    @Test
    void segmentWithoutTypeCodeIsRefused() throws Exception {
        Path f = changed(LIVER, l -> firstItem(l, TagFromName.SegmentSequence)
                .remove(TagFromName.SegmentedPropertyTypeCodeSequence));
        assertTrue(refused(f).getMessage().contains("SegmentedPropertyTypeCodeSequence (0062,000F)"));
    }
}
