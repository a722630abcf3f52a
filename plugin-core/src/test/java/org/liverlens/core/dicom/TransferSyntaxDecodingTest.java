package org.liverlens.core.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverlens.core.TestData;
import org.liverlens.core.volume.HuVolume;

/** Every transfer syntax decodes pixel-identical to its uncompressed twin, or is refused clearly. */
class TransferSyntaxDecodingTest {

    private static HuVolume loadFile(String relative) {
        return Volumes.load(TestData.path(relative));
    }

    @ParameterizedTest
    @ValueSource(strings = {"implicit_le", "explicit_be", "deflate", "rle", "jpeg_lossless_sv1", "j2k_lossless",
        "jpegls_lossless", "dataset_only_implicit_le"})
    void ct128TwinDecodesIdenticallyToExplicitLittleEndian(String syntax) {
        HuVolume reference = loadFile("derived/ct_128_explicit_le.dcm");
        HuVolume twin = loadFile("derived/ct_128_" + syntax + ".dcm");
        assertArrayEquals(reference.slice(0), twin.slice(0));
        // README: stored sum 14826310 over 128×128 pixels, intercept −1024.
        assertEquals(14826310L - 1024L * 128 * 128, Volumes.sum(twin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"implicit_le", "explicit_be", "deflate", "rle", "jpeg_lossless_sv1", "j2k_lossless",
        "jpegls_lossless"})
    void ct512With14BitSignedPixelsDecodesIdentically(String syntax) {
        HuVolume reference = loadFile("derived/ct_512_explicit_le.dcm");
        HuVolume twin = loadFile("derived/ct_512_" + syntax + ".dcm");
        assertArrayEquals(reference.slice(0), twin.slice(0));
        // README: stored −2000…2492, sum −3031175; padding −2000 → −3024 HU.
        assertEquals(-3031175L - 1024L * 512 * 512, Volumes.sum(twin));
        assertArrayEquals(new short[] {-3024, 1468}, twin.range());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_RLE.dcm",
        "MR_small_jp2klossless.dcm", "MR_small_padded.dcm"})
    void mrSmallFamilyDecodesToTheSamePixels(String file) {
        // MR is not loaded as HU, but its pixels go through the same decoder (no rescale: stored values).
        SliceHeader ref = header("pydicom-data/MR_small.dcm");
        SliceHeader twin = header("pydicom-data/" + file);
        short[] a = VolumeLoader.decodeFile(ref.file(), ref, new AtomicLong()).get(0);
        short[] b = VolumeLoader.decodeFile(twin.file(), twin, new AtomicLong()).get(0);
        assertArrayEquals(a, b);
        long sum = 0;
        for (short v : b) {
            sum += v;
        }
        assertEquals(2125338L, sum);
    }

    static SliceHeader header(String relative) {
        Object parsed = DicomScanner.parseOne(TestData.path(relative));
        if (parsed instanceof SliceHeader h) {
            return h;
        }
        throw new AssertionError("not parsed: " + parsed);
    }
}
