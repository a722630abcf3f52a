package org.liverlens.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.InvalidInputException;

/** The frame codecs on hand-made frames whose decoded pixels are known. */
class SegReaderFrameDecoderTest {
    private static final Path FILE = Path.of("hand-made.dcm");

    private static SegFrameDecoder.Layout binary(int rows, int columns, int frames) {
        return new SegFrameDecoder.Layout(FILE, rows, columns, frames, 1, SegmentationType.BINARY, 0);
    }

    /** An RLE frame with one segment holding {@code encoded}. */
    private static byte[] rleFrame(byte[] encoded) {
        ByteBuffer b = ByteBuffer.allocate(64 + encoded.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 1).putInt(4, 64);
        b.position(64);
        b.put(encoded);
        return b.array();
    }

    @Test
    void bitsAtReadsAcrossByteBoundariesLsbFirst() {
        // 3×3 frames packed back to back: frame 1 starts at bit 9, in the middle of byte 1.
        byte[] data = {(byte) 0b0000_0001, (byte) 0b1000_0010, 0};
        assertEquals(0b1, NativeFrames.bitsAt(data, 0, 9));
        assertEquals(0b1000_0010 >>> 1, NativeFrames.bitsAt(data, 9, 9));
        assertEquals(1, NativeFrames.bitsAt(data, 15, 1));
    }

    @Test
    void packBitsRunsAndLiteralsDecode() {
        // Run of 4 ones, literal (0, 1), a no-op header (-128), and a trailing header without data (padding).
        byte[] in = {(byte) -3, 1, 1, 0, 1, (byte) -128, (byte) -5};
        byte[] out = new byte[6];
        assertEquals(6, SegFrameDecoder.unpackBits(in, 0, in.length, out));
        assertEquals("[1, 1, 1, 1, 0, 1]", java.util.Arrays.toString(out));
    }

    @Test
    void rleBinaryFrameIsOneBytePerPixel() {
        // 2×5 = 10 pixels: five 1s then five 0s.
        FramePixels px = SegFrameDecoder.rle(binary(2, 5, 1), 0, rleFrame(new byte[] {-4, 1, -4, 0}));
        assertEquals(1, px.bitsPerPixel());
        assertEquals(5, px.countNonZero());
        assertEquals(1, px.get(4));
        assertEquals(0, px.get(5));
    }

    @Test
    void rleOfPackedBitsIsTheSupersededConventionAndRefused() {
        // 4×4 = 16 pixels; the old layout RLE-encodes the 2 packed bytes.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SegFrameDecoder.rle(binary(4, 4, 1), 0, rleFrame(new byte[] {1, (byte) 0xff, 0x0f})));
        assertTrue(e.getMessage().contains("superseded convention") && e.getMessage().contains("frame 1 of 1"),
                e.getMessage());
    }

    @Test
    void rleBinaryPixelOtherThanZeroOrOneIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SegFrameDecoder.rle(binary(2, 2, 1), 0, rleFrame(new byte[] {3, 0, 1, 2, 1})));
        assertTrue(e.getMessage().contains("pixel 2 is 2"), e.getMessage());
    }

    @Test
    void rleFrameDecodingToTheWrongLengthIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SegFrameDecoder.rle(binary(3, 3, 1), 0, rleFrame(new byte[] {-3, 1})));
        assertTrue(e.getMessage().contains("decodes to 4 bytes, 9 expected"), e.getMessage());
    }

    @Test
    void deflatedFrameIsRawDeflateOfThePackedFrame() {
        // 3×3 frame, pixels 0 and 8 set: bytes 0x01, 0x01.
        FramePixels px = SegFrameDecoder.deflated(binary(3, 3, 1), 0, rawDeflate(new byte[] {1, 1}));
        assertEquals(2, px.countNonZero());
        assertEquals(1, px.get(0));
        assertEquals(1, px.get(8));
    }

    @Test
    void deflatedFrameOfTheWrongLengthIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SegFrameDecoder.deflated(binary(3, 3, 1), 0, rawDeflate(new byte[] {1, 1, 1})));
        assertTrue(e.getMessage().contains("2 expected"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> SegFrameDecoder.deflated(binary(3, 3, 1), 0, new byte[] {(byte) 0xff, 0x13, 0x22}));
    }

    @Test
    void basicOffsetTableMustListEveryFrame() {
        EncapsulatedFragments.Fragments fr = new EncapsulatedFragments.Fragments(new long[] {0, 20}, List.of(new byte[12],
                new byte[12], new byte[12]), new long[] {0, 20, 40});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EncapsulatedFragments.frames(binary(2, 2, 3), TransferSyntaxes.RLE, fr));
        assertTrue(e.getMessage().contains("lists 2 frame(s)") && e.getMessage().contains("says 3"), e.getMessage());
    }

    @Test
    void fragmentsWithoutOffsetTableAreSplitAtJpeg2000StartMarkers() {
        byte[] start = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 7};
        byte[] rest = {9, 9};
        EncapsulatedFragments.Fragments fr = new EncapsulatedFragments.Fragments(new long[0], List.of(start, rest, start),
                new long[] {0, 13, 23});
        List<byte[]> frames = EncapsulatedFragments.frames(binary(2, 2, 2), TransferSyntaxes.JPEG_2000_LOSSLESS, fr);
        assertEquals(2, frames.size());
        assertEquals(7, frames.get(0).length);
        assertThrows(InvalidInputException.class,
                () -> EncapsulatedFragments.frames(binary(2, 2, 2), TransferSyntaxes.RLE, fr));
    }

    private static byte[] rawDeflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }
}
