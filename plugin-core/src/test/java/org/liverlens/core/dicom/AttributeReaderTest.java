package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.liverlens.core.work.ExitCodes;
import org.liverlens.core.work.InvalidInputException;

/** The shared read-side attribute reader: defaults for absent values, refusals that name file, sequence and tag. */
class AttributeReaderTest {
    private static final Path FILE = Path.of("/data/seg.dcm");
    private static final String HINT = "export it again";

    /** A dataset whose shared functional group holds PixelMeasuresSequence > PixelSpacing = the given text. */
    private static AttributeReader withSpacing(String... values) {
        AttributeList list = new AttributeList();
        AttributeList shared = Datasets.addItem(list, TagFromName.SharedFunctionalGroupsSequence);
        Datasets.put(Datasets.addItem(shared, TagFromName.PixelMeasuresSequence), TagFromName.PixelSpacing,
                (Object[]) values);
        return new AttributeReader(FILE, list);
    }

    private static AttributeReader measures(AttributeReader ds) {
        return ds.item(TagFromName.SharedFunctionalGroupsSequence).item(TagFromName.PixelMeasuresSequence);
    }

    @Test
    void absentValuesGiveTheDefault() {
        AttributeReader ds = new AttributeReader(FILE, new AttributeList());
        assertEquals("", ds.string(TagFromName.Modality));
        assertEquals(-1, ds.integer(TagFromName.Rows, -1));
        assertNull(ds.decimals(TagFromName.PixelSpacing, 2));
        assertNull(ds.positiveDecimals(TagFromName.PixelSpacing, 2, HINT));
        assertNull(ds.directionCosines(TagFromName.ImageOrientationPatient, HINT));
        assertFalse(ds.item(TagFromName.SharedFunctionalGroupsSequence).exists());
        assertTrue(Double.isNaN(ds.item(TagFromName.SharedFunctionalGroupsSequence).decimal(TagFromName.SliceThickness,
                Double.NaN)));
    }

    @Test
    void aZeroSpacingIsRefusedNamingTheFileTheSequencesAndTheTag() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> measures(withSpacing("0", "0.8")).positiveDecimals(TagFromName.PixelSpacing, 2, HINT));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertEquals("/data/seg.dcm: SharedFunctionalGroupsSequence (5200,9229) > PixelMeasuresSequence (0028,9110) > "
                + "PixelSpacing (0028,0030) is 0\\0.8: every value must be positive (export it again)", e.userMessage());
    }

    @Test
    void aSpacingThatIsNotANumberIsRefusedShowingTheStoredText() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> measures(withSpacing("abc", "0.8")).positiveDecimals(TagFromName.PixelSpacing, 2, HINT));
        assertTrue(e.getMessage().contains("PixelSpacing (0028,0030) is abc\\0.8"), e.getMessage());
    }

    @Test
    void tooFewValuesAreRefusedByTheStrictReadAndAbsentToTheLenientOne() {
        AttributeReader m = measures(withSpacing("0.8"));
        assertTrue(assertThrows(InvalidInputException.class, () -> m.decimals(TagFromName.PixelSpacing, 2))
                .getMessage().contains("has 1 value(s), 2 expected"));
        assertNull(m.decimalsOrNull(TagFromName.PixelSpacing, 2));
        assertArrayEquals(new double[] {0.8, 0.8}, measures(withSpacing("0.8", "0.8")).decimals(TagFromName.PixelSpacing, 2));
    }

    @Test
    void zeroAndParallelOrientationsAreRefusedAndARealOneIsRead() {
        AttributeList list = new AttributeList();
        Datasets.putDecimals(list, TagFromName.ImageOrientationPatient, 1, 0, 0, 0, 0, 0);
        AttributeReader zero = new AttributeReader(FILE, list);
        assertTrue(assertThrows(InvalidInputException.class,
                () -> zero.directionCosines(TagFromName.ImageOrientationPatient, HINT)).getMessage()
                .contains("the column direction is a zero vector"));
        Datasets.putDecimals(list, TagFromName.ImageOrientationPatient, 0, 1, 0, 0, -1, 0);
        assertTrue(assertThrows(InvalidInputException.class,
                () -> zero.directionCosines(TagFromName.ImageOrientationPatient, HINT)).getMessage()
                .contains("parallel"));
        Datasets.putDecimals(list, TagFromName.ImageOrientationPatient, 1, 0, 0, 0, 0.9, -0.4);
        assertEquals(6, zero.directionCosines(TagFromName.ImageOrientationPatient, HINT).length);
    }

    @Test
    void aTagOutsidePixelMedsDictionaryIsNamedByNumber() {
        assertEquals("(0029,1010)", AttributeReader.name(new AttributeTag(0x0029, 0x1010)));
        assertEquals("Rows (0028,0010)", AttributeReader.name(TagFromName.Rows));
    }

    @Test
    void theFunctionalGroupOfTheFrameComesBeforeTheSharedOne() {
        AttributeList list = new AttributeList();
        AttributeList shared = Datasets.addItem(list, TagFromName.SharedFunctionalGroupsSequence);
        Datasets.put(Datasets.addItem(shared, TagFromName.PixelMeasuresSequence), TagFromName.SliceThickness, "5");
        AttributeList frame = Datasets.addItem(list, TagFromName.PerFrameFunctionalGroupsSequence);
        Datasets.put(Datasets.addItem(frame, TagFromName.PixelMeasuresSequence), TagFromName.SliceThickness, "2.5");
        AttributeReader ds = new AttributeReader(FILE, list);
        AttributeReader s = ds.item(TagFromName.SharedFunctionalGroupsSequence);
        assertEquals(2.5, AttributeReader.functionalGroup(ds.item(TagFromName.PerFrameFunctionalGroupsSequence, 0), s,
                TagFromName.PixelMeasuresSequence, TagFromName.SliceThickness).decimal(TagFromName.SliceThickness, 0));
        assertEquals(5, AttributeReader.functionalGroup(ds.item(TagFromName.PerFrameFunctionalGroupsSequence, 1), s,
                TagFromName.PixelMeasuresSequence, TagFromName.SliceThickness).decimal(TagFromName.SliceThickness, 0));
    }
}
