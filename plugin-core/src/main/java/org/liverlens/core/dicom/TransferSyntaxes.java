package org.liverlens.core.dicom;

import java.util.Map;

/** Transfer syntaxes the loader knows, and whether it can decode their pixels. */
public final class TransferSyntaxes {
    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    public static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    public static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
    public static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    public static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    public static final String RLE = "1.2.840.10008.1.2.5";
    public static final String DEFLATED_IMAGE_FRAME = "1.2.840.10008.1.2.8.1";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(IMPLICIT_LE, "Implicit VR Little Endian"),
            Map.entry(EXPLICIT_LE, "Explicit VR Little Endian"),
            Map.entry(DEFLATED_LE, "Deflated Explicit VR Little Endian"),
            Map.entry(EXPLICIT_BE, "Explicit VR Big Endian"),
            Map.entry(JPEG_BASELINE, "JPEG Baseline (lossy)"),
            Map.entry(JPEG_EXTENDED, "JPEG Extended (lossy)"),
            Map.entry(JPEG_LOSSLESS, "JPEG Lossless"),
            Map.entry(JPEG_LOSSLESS_SV1, "JPEG Lossless SV1"),
            Map.entry(JPEG_LS_LOSSLESS, "JPEG-LS Lossless"),
            Map.entry(JPEG_LS_NEAR_LOSSLESS, "JPEG-LS Near-Lossless"),
            Map.entry(JPEG_2000_LOSSLESS, "JPEG 2000 Lossless"),
            Map.entry(JPEG_2000, "JPEG 2000"),
            Map.entry(RLE, "RLE Lossless"),
            Map.entry(DEFLATED_IMAGE_FRAME, "Deflated Image Frame Compression"));

    private TransferSyntaxes() {
    }

    public static String name(String uid) {
        if (uid == null || uid.isEmpty()) {
            return "none (dataset without file meta; read as Implicit VR Little Endian)";
        }
        return NAMES.getOrDefault(uid, uid);
    }

    /** Why the pixels of this transfer syntax cannot be decoded, or {@code null} when they can. */
    public static String whyNotDecodable(String uid) {
        if (uid == null || uid.isEmpty()) {
            return null;
        }
        if (uid.equals(JPEG_LS_LOSSLESS) || uid.equals(JPEG_LS_NEAR_LOSSLESS)) {
            String why = Codecs.jpegLsUnavailableReason();
            return why == null ? null : why + "; or convert the series first, e.g. 'dcmdjpls IN OUT' (dcmtk) or "
                    + "'gdcmconv --raw IN OUT'";
        }
        if (NAMES.containsKey(uid)) {
            return null;
        }
        return "transfer syntax " + uid + " is not supported; convert the series to Explicit VR Little Endian "
                + "first, e.g. 'gdcmconv --raw IN OUT'";
    }

    public static boolean isLossy(String uid) {
        return JPEG_BASELINE.equals(uid) || JPEG_EXTENDED.equals(uid) || JPEG_2000.equals(uid)
                || JPEG_LS_NEAR_LOSSLESS.equals(uid);
    }
}
