package org.liverlens.core.seg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.InvalidInputException;

/**
 * Reads an encapsulated Pixel Data element straight from the file (PixelMed 20220618 does not
 * parse every SEG transfer syntax) and groups its fragments into frames.
 */
final class EncapsulatedFragments {
    private EncapsulatedFragments() {
    }

    /**
     * An encapsulated Pixel Data element: the Basic Offset Table and the fragments, in order.
     * Equality and hash code are over the arrays' values (a record compares arrays by identity).
     */
    record Fragments(long[] basicOffsets, List<byte[]> fragments, long[] fragmentOffsets) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Fragments f) || !Arrays.equals(basicOffsets, f.basicOffsets)
                    || !Arrays.equals(fragmentOffsets, f.fragmentOffsets) || fragments.size() != f.fragments.size()) {
                return false;
            }
            for (int i = 0; i < fragments.size(); i++) {
                if (!Arrays.equals(fragments.get(i), f.fragments.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 31 * Arrays.hashCode(basicOffsets) + Arrays.hashCode(fragmentOffsets);
            for (byte[] b : fragments) {
                h = 31 * h + Arrays.hashCode(b);
            }
            return h;
        }

        @Override
        public String toString() {
            return "Fragments[basicOffsets=" + Arrays.toString(basicOffsets) + ", fragments=" + fragments.size()
                    + ", fragmentOffsets=" + Arrays.toString(fragmentOffsets) + "]";
        }
    }

    /** The fragments of the encapsulated Pixel Data element whose tag starts at {@code tagOffset} in the file. */
    static Fragments read(SegFrameDecoder.Layout l, long tagOffset) {
        byte[] raw;
        try (FileChannel ch = FileChannel.open(l.file())) {
            long size = ch.size() - tagOffset;
            if (tagOffset < 0 || size < 12 || size > Integer.MAX_VALUE - 16) {
                throw SegFrameDecoder.refuse(l, "the encapsulated Pixel Data (7FE0,0010) cannot be located in the file");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b, tagOffset + b.position()) >= 0) {
                // read until full or end of file
            }
            raw = b.array();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the Pixel Data: " + e.getMessage(), l.file(), SegFrameDecoder.MSG_HINT, e);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getShort(0) != (short) 0x7FE0 || b.getShort(2) != (short) 0x0010) {
            throw SegFrameDecoder.refuse(l, "the Pixel Data (7FE0,0010) element is not where the header ends");
        }
        if (b.getInt(8) != -1) {
            throw SegFrameDecoder.refuse(l, "Pixel Data (7FE0,0010) has a defined length, but the transfer syntax says it is "
                    + "encapsulated");
        }
        int pos = 12;
        long[] bot = null;
        List<byte[]> fragments = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        long fragmentOffset = 0;
        while (true) {
            if (pos + 8 > raw.length) {
                throw SegFrameDecoder.refuse(l, "the encapsulated Pixel Data (7FE0,0010) ends before its Sequence Delimitation "
                        + "Item (FFFE,E0DD): the file is truncated");
            }
            int group = b.getShort(pos) & 0xffff;
            int element = b.getShort(pos + 2) & 0xffff;
            long length = b.getInt(pos + 4) & 0xffffffffL;
            if (group == 0xFFFE && element == 0xE0DD) {
                break;
            }
            if (group != 0xFFFE || element != 0xE000) {
                throw SegFrameDecoder.refuse(l, String.format(Locale.ROOT, "unexpected tag (%04X,%04X) inside the encapsulated "
                        + "Pixel Data, where an Item (FFFE,E000) belongs", group, element));
            }
            if (length > raw.length - pos - 8L) {
                throw SegFrameDecoder.refuse(l, "an item of the encapsulated Pixel Data runs past the end of the file: the file "
                        + "is truncated");
            }
            byte[] value = new byte[(int) length];
            System.arraycopy(raw, pos + 8, value, 0, value.length);
            if (bot == null) {
                bot = new long[value.length / 4];
                ByteBuffer vb = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < bot.length; i++) {
                    bot[i] = vb.getInt(4 * i) & 0xffffffffL;
                }
            } else {
                fragments.add(value);
                offsets.add(fragmentOffset);
                fragmentOffset += 8 + length;
            }
            pos += 8 + (int) length;
        }
        if (bot == null) {
            throw SegFrameDecoder.refuse(l, "the encapsulated Pixel Data (7FE0,0010) has no Basic Offset Table item");
        }
        return new Fragments(bot, fragments, offsets.stream().mapToLong(Long::longValue).toArray());
    }

    /** Groups fragments into frames: by the Basic Offset Table, one per frame, or JPEG 2000 start markers. */
    static List<byte[]> frames(SegFrameDecoder.Layout l, String ts, Fragments fr) {
        int n = l.frames();
        List<byte[]> frags = fr.fragments();
        long[] bot = fr.basicOffsets();
        List<byte[]> out = new ArrayList<>(n);
        if (bot.length > 0) {
            if (bot.length != n) {
                throw SegFrameDecoder.refuse(l, "the Basic Offset Table lists " + bot.length + " frame(s), NumberOfFrames (0028,0008) "
                        + "says " + n + ": the frame count is inconsistent");
            }
            int next = 0;
            for (int f = 0; f < n; f++) {
                long end = f + 1 < n ? bot[f + 1] : Long.MAX_VALUE;
                if (next >= frags.size() || fr.fragmentOffsets()[next] != bot[f]) {
                    throw SegFrameDecoder.refuse(l, "Basic Offset Table entry " + f + " (" + bot[f] + ") does not point at a fragment");
                }
                List<byte[]> parts = new ArrayList<>();
                while (next < frags.size() && fr.fragmentOffsets()[next] < end) {
                    parts.add(frags.get(next++));
                }
                out.add(concat(parts));
            }
            return out;
        }
        if (frags.size() == n) {
            return frags;
        }
        if (n == 1 && !frags.isEmpty()) {
            out.add(concat(frags));
            return out;
        }
        boolean j2k = ts.equals(TransferSyntaxes.JPEG_2000_LOSSLESS) || ts.equals(TransferSyntaxes.JPEG_2000);
        if (j2k && !frags.isEmpty()) {
            List<byte[]> parts = new ArrayList<>();
            for (byte[] frag : frags) {
                boolean start = frag.length >= 4 && (frag[0] & 0xff) == 0xFF && (frag[1] & 0xff) == 0x4F
                        && (frag[2] & 0xff) == 0xFF && (frag[3] & 0xff) == 0x51;
                if (start && !parts.isEmpty()) {
                    out.add(concat(parts));
                    parts.clear();
                }
                parts.add(frag);
            }
            out.add(concat(parts));
            if (out.size() == n) {
                return out;
            }
        }
        throw SegFrameDecoder.refuse(l, "the encapsulated Pixel Data has " + frags.size() + " fragment(s) and no Basic Offset Table, "
                + "but NumberOfFrames (0028,0008) is " + n + ": which fragments make which frame is unknown");
    }

    private static byte[] concat(List<byte[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int len = parts.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[len];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
