package org.liverlens.core.seg;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.InvalidInputException;

/**
 * Decodes the frames of a SEG's Pixel Data, in every transfer syntax a SEG is found in: native
 * ({@link NativeFrames}: 1-bit frames packed back to back without padding between frames, LSB
 * first; 8 and 16 bit), RLE (BitsAllocated 1 as one byte per pixel in one RLE segment, the current convention), JPEG
 * 2000 (1-bit codestreams included) and Deflated Image Frame Compression (raw deflate per frame).
 * Encapsulated Pixel Data is parsed from the file by {@link EncapsulatedFragments} (PixelMed
 * 20220618 knows neither the deflated-frame syntax nor 1-bit RLE). Every frame's decoded length and value range is checked:
 * anything else is refused, never guessed.
 */
final class SegFrameDecoder {
    static final String MSG_HINT = "check the file with 'dciodvfy' or export the SEG again";

    private SegFrameDecoder() {
    }

    /** What the frames must look like. */
    record Layout(Path file, int rows, int columns, int frames, int bitsAllocated, SegmentationType type,
                  int maxFractionalValue) {
        Layout {
            if ((long) rows * columns > SegParser.MAX_FRAME_PIXELS) {
                throw new IllegalArgumentException(rows + " × " + columns + " pixels per frame: the parser refuses this");
            }
        }

        int pixels() {
            return rows * columns;
        }

        /** Bytes of one native or deflated frame (1-bit frames rounded up to whole bytes). */
        int frameBytes() {
            return bitsAllocated == 1 ? (pixels() + 7) / 8 : pixels() * bitsAllocated / 8;
        }
    }

    /** True for transfer syntaxes whose Pixel Data is native (not encapsulated). */
    static boolean isNative(String ts) {
        return ts.isEmpty() || ts.equals(TransferSyntaxes.IMPLICIT_LE) || ts.equals(TransferSyntaxes.EXPLICIT_LE)
                || ts.equals(TransferSyntaxes.EXPLICIT_BE) || ts.equals(TransferSyntaxes.DEFLATED_LE);
    }

    // ---------------------------------------------------------------- encapsulated

    /**
     * Frames of encapsulated Pixel Data, parsed from the file: the Pixel Data element must start at
     * {@code pixelDataTagOffset}.
     */
    static List<FramePixels> decodeEncapsulated(Layout l, String ts, long pixelDataTagOffset, List<String> warnings) {
        String why = whyNotSupported(ts);
        if (why != null) {
            throw new InvalidInputException(why, l.file(),
                    "convert the SEG first, e.g. 'dcmconv +te IN OUT' (dcmtk) or 'gdcmconv --raw IN OUT'");
        }
        List<byte[]> frames = EncapsulatedFragments.frames(l, ts, EncapsulatedFragments.read(l, pixelDataTagOffset));
        List<FramePixels> out = new ArrayList<>(frames.size());
        for (int f = 0; f < frames.size(); f++) {
            FramePixels px = switch (ts) {
                case TransferSyntaxes.RLE -> rle(l, f, frames.get(f));
                case TransferSyntaxes.DEFLATED_IMAGE_FRAME -> deflated(l, f, frames.get(f));
                default -> jpeg2000(l, f, frames.get(f));
            };
            out.add(checked(l, f, px));
        }
        if (ts.equals(TransferSyntaxes.JPEG_2000)) {
            warnings.add("Pixel Data is JPEG 2000 that may be lossy (" + ts + "): the decoded values were checked "
                    + "to be in range, but lossy compression may have moved segment borders");
        }
        return out;
    }

    /** Why pixels in this (encapsulated) transfer syntax cannot be read, or null. */
    static String whyNotSupported(String ts) {
        return switch (ts) {
            case TransferSyntaxes.RLE, TransferSyntaxes.DEFLATED_IMAGE_FRAME, TransferSyntaxes.JPEG_2000_LOSSLESS,
                    TransferSyntaxes.JPEG_2000 -> null;
            default -> "SEG Pixel Data in transfer syntax " + TransferSyntaxes.name(ts) + " (" + ts + ") cannot be "
                    + "decoded; LiverLens reads SEGs in native, deflated, RLE, JPEG 2000 and Deflated Image Frame "
                    + "Compression transfer syntaxes";
        };
    }

    // ---------------------------------------------------------------- RLE (PS3.5 Annex G)

    static FramePixels rle(Layout l, int f, byte[] frame) {
        if (frame.length < 64) {
            throw refuse(l, f, "the RLE header needs 64 bytes, the frame has " + frame.length);
        }
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int segments = b.getInt(0);
        int expectedSegments = l.bitsAllocated() == 16 ? 2 : 1;
        if (segments != expectedSegments) {
            throw refuse(l, f, "RLE header lists " + segments + " segment(s); " + l.bitsAllocated()
                    + "-bit SEG frames have " + expectedSegments
                    + (l.bitsAllocated() == 1 ? " (BitsAllocated 1 is RLE-encoded as one byte per pixel)" : ""));
        }
        int n = l.pixels();
        byte[][] decoded = new byte[segments][];
        for (int s = 0; s < segments; s++) {
            long start = b.getInt(4 + 4 * s) & 0xffffffffL;
            long end = s + 1 < segments ? b.getInt(8 + 4 * s) & 0xffffffffL : frame.length;
            if (start < 64 || end > frame.length || start > end) {
                throw refuse(l, f, "RLE segment " + (s + 1) + " offsets " + start + "…" + end + " lie outside the frame");
            }
            byte[] out = new byte[n];
            long got = unpackBits(frame, (int) start, (int) end, out);
            if (got != n) {
                if (l.bitsAllocated() == 1 && got == (n + 7) / 8) {
                    throw refuse(l, f, "RLE segment decodes to " + got + " bytes, the bit-packed size: this is the "
                            + "superseded convention of RLE-encoding packed bits, which is ambiguous and not read; "
                            + "the current convention is one byte per pixel (" + n + " bytes)");
                }
                throw refuse(l, f, "RLE segment " + (s + 1) + " decodes to " + got + " bytes, " + n + " expected");
            }
            decoded[s] = out;
        }
        if (l.bitsAllocated() == 16) {
            short[] v = new short[n];
            for (int p = 0; p < n; p++) {
                v[p] = (short) ((decoded[0][p] & 0xff) << 8 | (decoded[1][p] & 0xff));
            }
            return FramePixels.ofShorts(v);
        }
        return l.bitsAllocated() == 1 ? bitsFromBytes(l, f, decoded[0]) : FramePixels.ofBytes(decoded[0]);
    }

    /** PackBits decoding of {@code in[start, end)} into {@code out}; returns the number of bytes it decodes to. */
    static long unpackBits(byte[] in, int start, int end, byte[] out) {
        long got = 0;
        int i = start;
        while (i < end) {
            int h = in[i++];
            if (h >= 0) {
                int count = h + 1;
                if (i + count > end) {
                    // A literal run cut short: count what is there so the length check fails.
                    count = end - i;
                }
                for (int c = 0; c < count; c++, got++) {
                    if (got < out.length) {
                        out[(int) got] = in[i + c];
                    }
                }
                i += count;
            } else if (h != -128) {
                if (i >= end) {
                    break; // a trailing header byte without data is segment padding
                }
                byte v = in[i++];
                int count = 1 - h;
                for (int c = 0; c < count; c++, got++) {
                    if (got < out.length) {
                        out[(int) got] = v;
                    }
                }
            }
        }
        return got;
    }

    // ---------------------------------------------------------------- Deflated Image Frame Compression

    static FramePixels deflated(Layout l, int f, byte[] frame) {
        int expected = l.frameBytes();
        byte[] out = new byte[expected + 1];
        // Raw deflate (RFC 1951) needs a dummy byte after the input with nowrap (Inflater's Javadoc).
        byte[] input = new byte[frame.length + 1];
        System.arraycopy(frame, 0, input, 0, frame.length);
        Inflater inflater = new Inflater(true);
        int got = 0;
        try {
            inflater.setInput(input);
            while (!inflater.finished() && got < out.length) {
                int k = inflater.inflate(out, got, out.length - got);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                got += k;
            }
            if (!inflater.finished() || got != expected) {
                throw refuse(l, f, "deflated frame inflates to " + (inflater.finished() ? got : "more than " + got)
                        + " bytes" + (inflater.finished() ? "" : " or is cut short") + ", " + expected + " expected");
            }
        } catch (DataFormatException e) {
            throw refuse(l, f, "deflated frame is not valid raw deflate data: " + e.getMessage());
        } finally {
            inflater.end();
        }
        int n = l.pixels();
        if (l.bitsAllocated() == 1) {
            // Each frame is bit-packed on its own, from bit 0, LSB first.
            long[] w = new long[(n + 63) >>> 6];
            for (int i = 0; i < w.length; i++) {
                w[i] = NativeFrames.bitsAt(out, (long) i << 6, Math.min(64, n - (i << 6)));
            }
            return FramePixels.ofBits(n, w);
        }
        if (l.bitsAllocated() == 16) {
            short[] v = new short[n];
            ByteBuffer.wrap(out, 0, expected).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(v);
            return FramePixels.ofShorts(v);
        }
        byte[] v = new byte[n];
        System.arraycopy(out, 0, v, 0, n);
        return FramePixels.ofBytes(v);
    }

    // ---------------------------------------------------------------- JPEG 2000

    static FramePixels jpeg2000(Layout l, int f, byte[] frame) {
        Raster raster;
        J2KImageReader reader = new J2KImageReader(new J2KImageReaderSpi());
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(frame))) {
            reader.setInput(in);
            raster = reader.readRaster(0, null);
        } catch (IOException | RuntimeException e) {
            throw refuse(l, f, "the JPEG 2000 codestream cannot be decoded: " + e);
        } finally {
            reader.dispose();
        }
        if (raster.getWidth() != l.columns() || raster.getHeight() != l.rows() || raster.getNumBands() != 1) {
            throw refuse(l, f, String.format(Locale.ROOT, "the JPEG 2000 codestream is %d×%d with %d component(s), "
                    + "the SEG header says %d×%d with 1", raster.getWidth(), raster.getHeight(), raster.getNumBands(),
                    l.columns(), l.rows()));
        }
        int n = l.pixels();
        int[] v = raster.getSamples(raster.getMinX(), raster.getMinY(), l.columns(), l.rows(), 0, new int[n]);
        int max = l.bitsAllocated() == 16 ? 0xffff : 0xff;
        for (int p = 0; p < n; p++) {
            if (v[p] < 0 || v[p] > max) {
                throw refuse(l, f, "decoded value " + v[p] + " at pixel " + p + " does not fit BitsAllocated "
                        + l.bitsAllocated());
            }
        }
        if (l.bitsAllocated() == 16) {
            short[] s = new short[n];
            for (int p = 0; p < n; p++) {
                s[p] = (short) v[p];
            }
            return FramePixels.ofShorts(s);
        }
        byte[] b = new byte[n];
        for (int p = 0; p < n; p++) {
            b[p] = (byte) v[p];
        }
        return l.bitsAllocated() == 1 ? bitsFromBytes(l, f, b) : FramePixels.ofBytes(b);
    }

    // ---------------------------------------------------------------- checks

    /** A 1-bit frame from one byte per pixel; every byte must be 0 or 1. */
    private static FramePixels bitsFromBytes(Layout l, int f, byte[] values) {
        int n = values.length;
        long[] w = new long[(n + 63) >>> 6];
        for (int p = 0; p < n; p++) {
            int v = values[p];
            if (v == 1) {
                w[p >>> 6] |= 1L << (p & 63);
            } else if (v != 0) {
                throw refuse(l, f, "pixel " + p + " is " + (v & 0xff) + "; a BINARY (1-bit) frame holds only 0 and 1");
            }
        }
        return FramePixels.ofBits(n, w);
    }

    /** Checks the values of an 8-bit BINARY or FRACTIONAL frame. */
    static FramePixels checked(Layout l, int f, FramePixels px) {
        if (px.bitsPerPixel() != 8 || l.type() == SegmentationType.LABELMAP) {
            return px;
        }
        int max = l.type() == SegmentationType.FRACTIONAL ? l.maxFractionalValue() : 1;
        byte[] b = px.byteValues();
        for (int p = 0; p < b.length; p++) {
            if ((b[p] & 0xff) > max) {
                throw refuse(l, f, "pixel " + p + " is " + (b[p] & 0xff) + ", above "
                        + (l.type() == SegmentationType.FRACTIONAL ? "MaximumFractionalValue (0062,000E) " + max
                        : "1, the largest value of a BINARY segmentation"));
            }
        }
        if (l.type() == SegmentationType.BINARY) {
            return bitsFromBytes(l, f, b);
        }
        return px;
    }

    static InvalidInputException refuse(Layout l, String message) {
        return new InvalidInputException(message, l.file(), MSG_HINT);
    }

    static InvalidInputException refuse(Layout l, int frame, String message) {
        return new InvalidInputException("frame " + (frame + 1) + " of " + l.frames() + ": " + message, l.file(),
                MSG_HINT);
    }
}
