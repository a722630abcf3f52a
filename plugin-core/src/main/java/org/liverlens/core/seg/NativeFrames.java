package org.liverlens.core.seg;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.ValueRepresentation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Frames of native (not encapsulated) SEG Pixel Data: 1-bit frames packed back to back without
 * padding between frames, LSB first; 8 and 16 bit frames. The length of the Pixel Data is checked
 * against the frame count: short data and room for more frames are refused.
 */
final class NativeFrames {
    private NativeFrames() {
    }

    /** Frames of native Pixel Data, as PixelMed read it (OB as bytes, OW as 16-bit words). */
    static List<FramePixels> decode(SegFrameDecoder.Layout l, Attribute pixelData, boolean bigEndian, List<String> warnings) {
        if (pixelData == null) {
            throw SegFrameDecoder.refuse(l, "Pixel Data (7FE0,0010) is missing or could not be read (truncated file?)");
        }
        try {
            boolean ow = ValueRepresentation.isOtherWordVR(pixelData.getVR());
            if (l.bitsAllocated() == 16) {
                short[] words;
                if (ow) {
                    words = pixelData.getShortValues();
                } else {
                    byte[] b = nonNull(pixelData.getByteValues());
                    words = new short[b.length / 2];
                    ByteBuffer.wrap(b).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                            .asShortBuffer().get(words);
                }
                return native16(l, words == null ? new short[0] : words, warnings);
            }
            byte[] data = ow ? littleEndianBytes(pixelData.getShortValues()) : nonNull(pixelData.getByteValues());
            return l.bitsAllocated() == 1 ? native1(l, data, warnings) : native8(l, data, warnings);
        } catch (DicomException e) {
            throw SegFrameDecoder.refuse(l, "cannot read Pixel Data (7FE0,0010): " + e.getMessage());
        }
    }

    private static byte[] nonNull(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    /** The byte stream of 16-bit words as a little-endian writer lays them out (OW pixel cells). */
    private static byte[] littleEndianBytes(short[] words) {
        if (words == null) {
            return new byte[0];
        }
        byte[] b = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) {
            b[2 * i] = (byte) words[i];
            b[2 * i + 1] = (byte) (words[i] >>> 8);
        }
        return b;
    }

    private static List<FramePixels> native1(SegFrameDecoder.Layout l, byte[] data, List<String> warnings) {
        long totalBits = (long) l.frames() * l.pixels();
        long needed = (totalBits + 7) / 8;
        checkNativeLength(l, data.length, needed, l.frameBytes(), warnings);
        List<FramePixels> out = new ArrayList<>(l.frames());
        int n = l.pixels();
        int words = (n + 63) >>> 6;
        for (int f = 0; f < l.frames(); f++) {
            long start = (long) f * n;
            long[] w = new long[words];
            for (int i = 0; i < words; i++) {
                int count = Math.min(64, n - (i << 6));
                w[i] = bitsAt(data, start + ((long) i << 6), count);
            }
            out.add(FramePixels.ofBits(n, w));
        }
        return out;
    }

    /** {@code count} (1…64) bits starting at bit {@code bit} of an LSB-first bit stream. */
    static long bitsAt(byte[] data, long bit, int count) {
        int index = (int) (bit >>> 3);
        int shift = (int) (bit & 7);
        long v = 0;
        for (int i = 0; i < 8 && index + i < data.length; i++) {
            v |= (long) (data[index + i] & 0xff) << (8 * i);
        }
        v >>>= shift;
        if (shift > 0 && index + 8 < data.length) {
            v |= (long) (data[index + 8] & 0xff) << (64 - shift);
        }
        return count == 64 ? v : v & ((1L << count) - 1);
    }

    private static List<FramePixels> native8(SegFrameDecoder.Layout l, byte[] data, List<String> warnings) {
        int n = l.pixels();
        checkNativeLength(l, data.length, (long) l.frames() * n, n, warnings);
        List<FramePixels> out = new ArrayList<>(l.frames());
        for (int f = 0; f < l.frames(); f++) {
            byte[] frame = new byte[n];
            System.arraycopy(data, f * n, frame, 0, n);
            out.add(SegFrameDecoder.checked(l, f, FramePixels.ofBytes(frame)));
        }
        return out;
    }

    private static List<FramePixels> native16(SegFrameDecoder.Layout l, short[] data, List<String> warnings) {
        int n = l.pixels();
        checkNativeLength(l, data.length * 2L, (long) l.frames() * n * 2, n * 2, warnings);
        List<FramePixels> out = new ArrayList<>(l.frames());
        for (int f = 0; f < l.frames(); f++) {
            short[] frame = new short[n];
            System.arraycopy(data, f * n, frame, 0, n);
            out.add(FramePixels.ofShorts(frame));
        }
        return out;
    }

    /** Refuses short Pixel Data and Pixel Data with room for more frames than NumberOfFrames says. */
    private static void checkNativeLength(SegFrameDecoder.Layout l, long have, long needed, long frameBytes, List<String> warnings) {
        if (have < needed) {
            throw SegFrameDecoder.refuse(l, String.format(Locale.ROOT,
                    "Pixel Data (7FE0,0010) is truncated: %d frame(s) of %d×%d pixels at %d bit(s) need %d bytes, "
                            + "it holds %d", l.frames(), l.columns(), l.rows(), l.bitsAllocated(), needed, have));
        }
        long extra = have - needed;
        if (extra >= frameBytes && frameBytes > 1) {
            throw SegFrameDecoder.refuse(l, String.format(Locale.ROOT,
                    "Pixel Data (7FE0,0010) holds %d bytes, room for more frames than NumberOfFrames (0028,0008) = %d "
                            + "(%d bytes needed): the frame count is inconsistent", have, l.frames(), needed));
        }
        if (extra > 1) {
            warnings.add(String.format(Locale.ROOT, "Pixel Data (7FE0,0010) has %d byte(s) after the last frame; ignored",
                    extra));
        }
    }
}
