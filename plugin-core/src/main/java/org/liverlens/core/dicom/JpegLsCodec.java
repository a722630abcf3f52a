package org.liverlens.core.dicom;

/**
 * JPEG-LS decoding through GDCM's Java binding (Debian {@code libgdcm-java}: {@code gdcm.jar} and
 * the JNI library {@code libgdcmjni.so}, which wraps CharLS). PixelMed has no JPEG-LS decoder in
 * Debian's build and jai-imageio has none either (docs/dependencies.md). The JNI library is loaded
 * once, by this class's loader, which must be the one that defines GDCM's classes; when it cannot
 * be loaded, {@link #unavailableReason()} says why and what to install, and JPEG-LS series are
 * refused with that message instead of failing half-way through decoding.
 */
final class JpegLsCodec {
    /** The JPEG-LS start-of-frame marker (SOF55), which carries precision, size and components. */
    private static final int SOF55 = 0xFFF7;

    private static String unavailable;
    private static boolean probed;

    private JpegLsCodec() {
    }

    /** What a JPEG-LS frame header declares. */
    record FrameHeader(int precision, int rows, int columns, int components) {
        int bytesPerSample() {
            return (precision + 7) / 8;
        }

        long decodedBytes() {
            return (long) rows * columns * components * bytesPerSample();
        }
    }

    /** Why JPEG-LS cannot be decoded here, or {@code null} when GDCM is loaded and ready. */
    static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            unavailable = load();
        }
        return unavailable;
    }

    private static String load() {
        try {
            Class.forName("gdcm.JPEGLSCodec", false, JpegLsCodec.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return "JPEG-LS decoding needs GDCM's Java binding (gdcm.jar), which is not on this class path"
                    + " (the OSGi runtime does not carry it yet; the command line does)";
        }
        try {
            System.loadLibrary("gdcmjni");
            return null;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return "JPEG-LS decoding needs GDCM's JNI library libgdcmjni.so (Debian package libgdcm-java), which "
                    + "could not be loaded: " + e.getMessage() + "; install it: sudo apt-get install libgdcm-java";
        }
    }

    /** Reads the SOF55 segment of a JPEG-LS codestream; throws when there is none before the scan. */
    static FrameHeader header(byte[] codestream) throws java.io.IOException {
        int p = 0;
        if (codestream.length < 4 || u16(codestream, 0) != 0xFFD8) {
            throw new java.io.IOException("not a JPEG-LS codestream (no SOI marker FFD8 at its start)");
        }
        p = 2;
        while (p + 4 <= codestream.length) {
            int marker = u16(codestream, p);
            int length = u16(codestream, p + 2);
            if ((marker & 0xFF00) != 0xFF00 || length < 2) {
                break;
            }
            if (marker == SOF55) {
                if (p + 10 > codestream.length) {
                    break;
                }
                return new FrameHeader(codestream[p + 4] & 0xff, u16(codestream, p + 5), u16(codestream, p + 7),
                        codestream[p + 9] & 0xff);
            }
            if (marker == 0xFFDA) { // start of scan before any frame header
                break;
            }
            p += 2 + length;
        }
        throw new java.io.IOException("no JPEG-LS frame header (SOF55, FFF7) in the codestream");
    }

    /**
     * Decodes one JPEG-LS codestream (one frame) to samples in native little-endian byte order,
     * {@code header.decodedBytes()} long.
     */
    static byte[] decode(byte[] codestream, FrameHeader header) throws java.io.IOException {
        String why = unavailableReason();
        if (why != null) {
            throw new java.io.IOException(why);
        }
        gdcm.Fragment fragment = new gdcm.Fragment();
        // Reference-counted the way GDCM's own examples do it (New(), then SetValue(__ref__())): a
        // plain new SequenceOfFragments would be freed twice, by the data element and by Java.
        gdcm.SmartPtrFrag fragments = gdcm.SequenceOfFragments.New();
        gdcm.DataElement in = new gdcm.DataElement(new gdcm.Tag(0x7FE0, 0x0010));
        gdcm.DataElement out = new gdcm.DataElement();
        gdcm.JPEGLSCodec codec = new gdcm.JPEGLSCodec();
        try {
            fragment.SetArray(codestream, codestream.length);
            fragments.AddFragment(fragment);
            in.SetVLToUndefined();
            in.SetValue(fragments.__ref__());
            codec.SetNumberOfDimensions(2);
            if (!codec.Decode(in, out) || out.GetByteValue() == null) {
                throw new java.io.IOException("GDCM could not decode the JPEG-LS codestream (" + header.columns() + "×"
                        + header.rows() + ", " + header.precision() + " bits)");
            }
            gdcm.ByteValue value = out.GetByteValue();
            long length = value.GetLength().GetValueLength();
            if (length < header.decodedBytes()) {
                throw new java.io.IOException("GDCM decoded " + length + " bytes from the JPEG-LS codestream, "
                        + header.decodedBytes() + " expected (" + header.columns() + "×" + header.rows() + ")");
            }
            byte[] samples = new byte[(int) header.decodedBytes()];
            value.GetBuffer(samples, samples.length);
            return samples;
        } finally {
            codec.delete();
            out.delete();
            in.delete();
            fragments.delete();
            fragment.delete();
        }
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }
}
