package org.liverlens.core.seg;

import java.util.Arrays;
import java.util.Objects;

/**
 * The decoded pixels of one SEG frame, row-major ({@code p = row * columns + column}). BINARY
 * frames are kept as bits in the word layout of {@link org.liverlens.core.volume.BitMask} (bit
 * {@code p & 63} of word {@code p >>> 6}), FRACTIONAL and 8-bit LABELMAP frames as bytes, 16-bit
 * LABELMAP frames as shorts; values are unsigned.
 */
public final class FramePixels {
    private final int length;
    private final long[] bits;
    private final byte[] bytes;
    private final short[] shorts;

    private FramePixels(int length, long[] bits, byte[] bytes, short[] shorts) {
        this.length = length;
        this.bits = bits;
        this.bytes = bytes;
        this.shorts = shorts;
    }

    /** A 1-bit frame of {@code length} pixels in BitMask word layout (taken, not copied). */
    static FramePixels ofBits(int length, long[] words) {
        if (words.length != (length + 63) >>> 6) {
            throw new IllegalArgumentException("need " + ((length + 63) >>> 6) + " words for " + length + " pixels");
        }
        return new FramePixels(length, words, null, null);
    }

    /** An 8-bit frame (taken, not copied). */
    static FramePixels ofBytes(byte[] values) {
        return new FramePixels(values.length, null, values, null);
    }

    /** A 16-bit frame (taken, not copied). */
    static FramePixels ofShorts(short[] values) {
        return new FramePixels(values.length, null, null, values);
    }

    /** Number of pixels (rows × columns). */
    public int length() {
        return length;
    }

    /** Bits per pixel as held: 1, 8 or 16. */
    public int bitsPerPixel() {
        return bits != null ? 1 : bytes != null ? 8 : 16;
    }

    /** The unsigned value of pixel {@code p}. */
    public int get(int p) {
        if (bits != null) {
            return (int) (bits[p >>> 6] >>> (p & 63)) & 1;
        }
        return bytes != null ? bytes[p] & 0xff : shorts[p] & 0xffff;
    }

    /** Number of pixels that are not 0. */
    public long countNonZero() {
        long n = 0;
        if (bits != null) {
            for (long w : bits) {
                n += Long.bitCount(w);
            }
        } else {
            for (int p = 0; p < length; p++) {
                n += get(p) != 0 ? 1 : 0;
            }
        }
        return n;
    }

    /** Number of pixels equal to {@code value}. */
    public long count(int value) {
        if (bits != null) {
            long ones = countNonZero();
            return value == 1 ? ones : value == 0 ? length - ones : 0;
        }
        long n = 0;
        for (int p = 0; p < length; p++) {
            n += get(p) == value ? 1 : 0;
        }
        return n;
    }

    /** Sum of all pixel values. */
    public long sum() {
        if (bits != null) {
            return countNonZero();
        }
        long s = 0;
        for (int p = 0; p < length; p++) {
            s += get(p);
        }
        return s;
    }

    /** The live words of a 1-bit frame, or null for 8/16-bit frames. */
    long[] words() {
        return bits;
    }

    /** The live bytes of an 8-bit frame, or null. */
    byte[] byteValues() {
        return bytes;
    }

    /** Same length and values in the same encoding (bits, bytes or 16-bit words). */
    @Override
    public boolean equals(Object o) {
        return o instanceof FramePixels f && length == f.length && Arrays.equals(bits, f.bits)
                && Arrays.equals(bytes, f.bytes) && Arrays.equals(shorts, f.shorts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(length, Arrays.hashCode(bits), Arrays.hashCode(bytes), Arrays.hashCode(shorts));
    }
}
