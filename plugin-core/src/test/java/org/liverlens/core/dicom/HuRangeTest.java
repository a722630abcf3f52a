package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.TagFromName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverlens.core.TestData;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.LiverLensException;
import org.liverlens.core.work.Progress;

/**
 * {@code info}'s HU range, taken from each file's extreme stored values, equals the range of every
 * frame decoded to HU (the way {@code info} took it before) and pydicom's.
 */
class HuRangeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"radcttaceomics/0697", "radcttaceomics/1720", "totalsegmentator", "licensed-train",
        "licensed-unlabelled", "derived", "dcmqi", "pydicom-data"})
    void eachFileRangeEqualsEveryFrameDecodedToHu(String relative) {
        ScanResult scan = new DicomScanner().scan(TestData.path(relative), Progress.NONE, Cancellation.NONE);
        int compared = 0;
        for (SeriesInfo series : scan.series()) {
            for (Stack stack : series.stacks()) {
                if (!"CT".equals(stack.modality())) {
                    continue;
                }
                Map<Path, SliceHeader> files = new LinkedHashMap<>();
                stack.slices().forEach(s -> files.putIfAbsent(s.header().file(), s.header()));
                for (Map.Entry<Path, SliceHeader> e : files.entrySet()) {
                    String decoded = outcome(() -> decodedRange(e.getKey(), e.getValue()));
                    String extremes = outcome(() -> HuRange.fileHuRange(e.getKey(), e.getValue()));
                    assertEquals(decoded, extremes, e.getKey().toString());
                    compared++;
                }
            }
        }
        assertTrue(compared > 0, "no CT file under " + relative);
    }

    @ParameterizedTest
    @ValueSource(strings = {"radcttaceomics/0697/31_EQP_Ax5.00mm", "licensed-unlabelled",
        "totalsegmentator/derived/example_ct_dicom_explicit_vr_le"})
    void stackRangeEqualsPydicoms(String relative) throws Exception {
        Path dir = TestData.path(relative);
        JsonNode ref = PydicomCrossCheckTest.pydicom(dir);
        Stack stack = Volumes.onlyCtSeries(dir).primaryStack().orElseThrow();
        short[] range = HuRange.of(stack, Progress.NONE, Cancellation.NONE);
        assertEquals(ref.get("min").asInt(), range[0]);
        assertEquals(ref.get("max").asInt(), range[1]);
    }

    @Test
    void negativeSlopeSwapsTheExtremes() throws Exception {
        Path file = rescaled("-1", "40");
        SliceHeader h = (SliceHeader) DicomScanner.parseOne(file);
        short[] range = HuRange.fileHuRange(file, h);
        assertArrayEquals(decodedRange(file, h), range);
        assertTrue(range[0] < range[1], range[0] + " … " + range[1]);
    }

    @Test
    void fractionalSlopeAndInterceptRoundLikeTheDecoder() throws Exception {
        Path file = rescaled("0.37", "-1024.5");
        SliceHeader h = (SliceHeader) DicomScanner.parseOne(file);
        assertArrayEquals(decodedRange(file, h), HuRange.fileHuRange(file, h));
    }

    /** Every frame decoded to HU, then its extremes: how {@code info} took the range before. */
    private static short[] decodedRange(Path file, SliceHeader h) {
        short min = Short.MAX_VALUE;
        short max = Short.MIN_VALUE;
        for (short[] frame : VolumeLoader.decodeFile(file, h, new AtomicLong())) {
            for (short v : frame) {
                min = v < min ? v : min;
                max = v > max ? v : max;
            }
        }
        return new short[] {min, max};
    }

    /** The range, or the refusal's message: both ways must agree on either. */
    private static String outcome(java.util.function.Supplier<short[]> range) {
        try {
            short[] r = range.get();
            return r[0] + " … " + r[1];
        } catch (LiverLensException e) {
            return "refused: " + e.getMessage();
        }
    }

    /** A real slice (signed, 12 bits stored) with the given RescaleSlope and RescaleIntercept. */
    private Path rescaled(String slope, String intercept) throws IOException, com.pixelmed.dicom.DicomException {
        Path src = TestData.path("radcttaceomics/0697/31_EQP_Ax5.00mm/dicom-00020.dcm");
        AttributeList list = DicomFiles.readAll(src);
        String ts = list.get(TagFromName.TransferSyntaxUID).getSingleStringValueOrEmptyString();
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        DecimalStringAttribute s = new DecimalStringAttribute(TagFromName.RescaleSlope);
        s.addValue(slope);
        list.put(s);
        DecimalStringAttribute i = new DecimalStringAttribute(TagFromName.RescaleIntercept);
        i.addValue(intercept);
        list.put(i);
        Path dst = tmp.resolve("rescaled.dcm");
        Files.deleteIfExists(dst);
        DicomFiles.write(list, dst, ts.isEmpty() ? TransferSyntaxes.EXPLICIT_LE : ts);
        return dst;
    }
}
