package org.liverlens.core.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Compares the Pixel Data element of a native (uncompressed) image with what its header declares:
 * Rows × Columns × frames × SamplesPerPixel × BitsAllocated / 8 bytes. A file that ends before that
 * is truncated (the scanner skips it); a complete element of another length means the header does
 * not describe the pixels (BitsAllocated 8 over 16-bit data, a wrong Rows), which is a defect that
 * refuses the stack instead of a volume of shifted pixels.
 */
final class PixelDataCheck {
    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;

    /** {@code truncated}: why the file is unusable, or null; {@code defect}: a header defect, or null. */
    record Result(String truncated, String defect) {
        static final Result OK = new Result(null, null);
    }

    private PixelDataCheck() {
    }

    /** Checks {@code h}'s pixel data; {@code headerBytes} is where the scan stopped (just past the Pixel Data tag). */
    static Result check(Path file, SliceHeader h, long headerBytes) throws IOException {
        String ts = h.transferSyntaxUid();
        boolean nativeEncoding = ts.isEmpty() || ts.equals(TransferSyntaxes.IMPLICIT_LE)
                || ts.equals(TransferSyntaxes.EXPLICIT_LE) || ts.equals(TransferSyntaxes.EXPLICIT_BE);
        if (!nativeEncoding) {
            return Result.OK;
        }
        long bits = (long) h.rows() * h.columns() * h.numberOfFrames() * h.samplesPerPixel() * h.bitsAllocated();
        long pixelBytes = (bits + 7) / 8;
        long size = Files.size(file);
        long[] element = element(file, h);
        if (element == null) {
            // No readable Pixel Data tag where the scan stopped: bound the length by what is left.
            long available = size - headerBytes;
            return available < pixelBytes ? new Result(truncated(h, pixelBytes, available), null) : Result.OK;
        }
        long valueOffset = element[0];
        long length = element[1];
        if (length == UNDEFINED_LENGTH) {
            return new Result(null, "Pixel Data (7FE0,0010) has an undefined length (encapsulated fragments) in "
                    + TransferSyntaxes.name(ts) + ", which stores pixels natively");
        }
        long inFile = size - valueOffset;
        if (inFile < Math.min(length, pixelBytes)) {
            return new Result(truncated(h, pixelBytes, Math.max(0, inFile)), null);
        }
        if (length != pixelBytes && length != pixelBytes + 1) {
            return new Result(null, String.format(Locale.ROOT,
                    "Pixel Data (7FE0,0010) holds %d bytes, but Rows (0028,0010) %d × Columns (0028,0011) %d × "
                            + "frames %d × SamplesPerPixel (0028,0002) %d × BitsAllocated (0028,0100) %d bits "
                            + "= %d bytes: the header does not describe the pixels",
                    length, h.rows(), h.columns(), h.numberOfFrames(), h.samplesPerPixel(), h.bitsAllocated(),
                    pixelBytes));
        }
        return Result.OK;
    }

    private static String truncated(SliceHeader h, long needed, long available) {
        return String.format(Locale.ROOT,
                "truncated: Pixel Data (7FE0,0010) needs %d bytes for %d×%d×%d pixels, at most %d are in the file",
                needed, h.columns(), h.rows(), h.numberOfFrames(), available);
    }

    /** {value offset, value length} of the Pixel Data element, or null when the tag is not where expected. */
    private static long[] element(Path file, SliceHeader h) throws IOException {
        long tag = h.pixelDataTagOffset();
        if (tag < 0) {
            return null;
        }
        boolean bigEndian = TransferSyntaxes.EXPLICIT_BE.equals(h.transferSyntaxUid());
        boolean implicit = h.transferSyntaxUid().isEmpty() || TransferSyntaxes.IMPLICIT_LE.equals(h.transferSyntaxUid());
        ByteBuffer head = ByteBuffer.allocate(12).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file)) {
            while (head.hasRemaining()) {
                if (ch.read(head, tag + head.position()) < 0) {
                    return null;
                }
            }
        }
        if (head.getShort(0) != (short) 0x7FE0 || head.getShort(2) != (short) 0x0010) {
            return null;
        }
        if (implicit) {
            return new long[] {tag + 8, head.getInt(4) & 0xFFFFFFFFL};
        }
        if (head.get(4) != 'O' || (head.get(5) != 'W' && head.get(5) != 'B')) {
            return null;
        }
        return new long[] {tag + 12, head.getInt(8) & 0xFFFFFFFFL};
    }
}
