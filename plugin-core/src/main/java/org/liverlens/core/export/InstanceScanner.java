package org.liverlens.core.export;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.SkippedFile;
import org.liverlens.core.dicom.TransferSyntaxes;
import org.liverlens.core.work.Cancellation;
import org.liverlens.core.work.InvalidInputException;
import org.liverlens.core.work.Progress;

/**
 * Turns the paths given to {@code send} into the instances to queue. A file named on its own must
 * be a readable DICOM instance (exit code 3 otherwise, naming it); inside a folder, files that are
 * not DICOM at all and DICOMDIR media directories are skipped and listed, but a DICOM file that
 * cannot be read stops the send. Two different files with one SOP Instance UID are refused: the
 * PACS keeps only one of them. A SOP Class or Instance UID over 64 characters is refused: it goes
 * into the DIMSE command, and a PACS answers it by breaking the association off.
 */
public final class InstanceScanner {
    /** Media Storage Directory Storage (DICOMDIR): describes files, is never sent. */
    static final String MEDIA_DIRECTORY = "1.2.840.10008.1.3.10";
    /** The longest UID the UI value representation allows (PS3.5 6.2, 9.1). */
    static final int MAX_UID_LENGTH = 64;

    /** The instances found, in the order given, and the files skipped inside folders. */
    public record Result(List<DicomInstance> instances, List<SkippedFile> skipped) {
    }

    public Result scan(List<Path> paths, Progress progress, Cancellation cancel) {
        List<Path> files = new ArrayList<>();
        Map<Path, Boolean> named = new HashMap<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(f -> {
                        files.add(f);
                        named.putIfAbsent(f, false);
                    });
                } catch (IOException e) {
                    throw new InvalidInputException("cannot read folder: " + e.getMessage(), p, null, e);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
                named.put(p, true);
            } else {
                throw new InvalidInputException("no such file or folder", p, "check the path");
            }
        }
        List<SkippedFile> skipped = new ArrayList<>();
        Map<String, DicomInstance> byUid = new LinkedHashMap<>();
        progress.begin("Reading headers", files.size());
        try {
            for (Path f : files) {
                cancel.check();
                boolean explicit = named.get(f);
                DicomInstance instance = read(f, explicit, skipped);
                progress.advance(1);
                if (instance == null) {
                    continue;
                }
                DicomInstance earlier = byUid.get(instance.sopInstanceUid());
                if (earlier == null) {
                    byUid.put(instance.sopInstanceUid(), instance);
                } else if (!sameContent(earlier.file(), f)) {
                    throw new InvalidInputException("has the same SOP Instance UID (0008,0018) " + instance.sopInstanceUid()
                            + " as " + earlier.file() + " but different content", f,
                            "a PACS keeps one object per SOP Instance UID: send one of them, or give the other a new UID");
                }
            }
        } finally {
            progress.end();
        }
        if (byUid.isEmpty()) {
            throw new InvalidInputException("no DICOM instances to send in " + paths, null,
                    skipped.isEmpty() ? "give DICOM files or folders that hold them"
                            : skipped.size() + " file(s) skipped, e.g. " + skipped.get(0).file() + ": " + skipped.get(0).reason());
        }
        return new Result(List.copyOf(byUid.values()), List.copyOf(skipped));
    }

    /** Reads one file's header; null when a file inside a folder is skipped. */
    static DicomInstance read(Path f, boolean explicit, List<SkippedFile> skipped) {
        try {
            DicomFiles.Kind kind = DicomFiles.probe(f);
            if (kind == DicomFiles.Kind.NOT_DICOM) {
                if (explicit) {
                    throw new InvalidInputException("not a DICOM file (no 'DICM' marker at byte 128 and no dataset start); "
                            + "nothing was queued", f, "send DICOM files only");
                }
                skipped.add(new SkippedFile(f, "not a DICOM file"));
                return null;
            }
            long[] meta = new long[1];
            String metaTransferSyntax = metaGroup(f, kind == DicomFiles.Kind.PART10 ? 132 : 0, meta);
            DicomFiles.Header h = DicomFiles.readHeader(f);
            AttributeList header = h.attributes();
            String sopClass = firstNonEmpty(header, TagFromName.SOPClassUID, TagFromName.MediaStorageSOPClassUID);
            String sopInstance = firstNonEmpty(header, TagFromName.SOPInstanceUID, TagFromName.MediaStorageSOPInstanceUID);
            if (MEDIA_DIRECTORY.equals(sopClass)) {
                if (explicit) {
                    throw new InvalidInputException("is a DICOMDIR (a media directory), not an instance to send", f,
                            "send the folder or the image files instead");
                }
                skipped.add(new SkippedFile(f, "DICOMDIR (media directory), not sent"));
                return null;
            }
            if (sopClass == null || sopInstance == null) {
                throw new InvalidInputException("has no " + (sopClass == null ? "SOP Class UID (0008,0016)"
                        : "SOP Instance UID (0008,0018)") + "; a PACS cannot store it; nothing was queued", f,
                        "fix or remove the file");
            }
            for (String[] uid : new String[][] {{"SOP Class UID (0008,0016)", sopClass}, {"SOP Instance UID (0008,0018)", sopInstance}}) {
                if (uid[1].length() > MAX_UID_LENGTH) {
                    throw new InvalidInputException("has a " + uid[0] + " of " + uid[1].length() + " characters; a UID has "
                            + "at most " + MAX_UID_LENGTH + " (PS3.5 9.1), and a PACS refuses the C-STORE request that "
                            + "carries it; nothing was queued", f, "give the object a valid UID (e.g. a 2.25 UID from a UUID)");
                }
            }
            String ts = metaTransferSyntax != null ? metaTransferSyntax : TransferSyntaxes.IMPLICIT_LE;
            String truncated = truncation(f, h.pixelDataTagOffset(), ts);
            if (truncated != null) {
                throw new InvalidInputException(truncated + "; nothing was queued", f, "re-export or remove the file");
            }
            return new DicomInstance(f.toAbsolutePath().normalize(), sopClass, sopInstance, ts,
                    Attribute.getSingleStringValueOrNull(header, TagFromName.StudyInstanceUID),
                    Attribute.getSingleStringValueOrNull(header, TagFromName.SeriesInstanceUID), meta[0],
                    kind == DicomFiles.Kind.PART10, Files.size(f));
        } catch (IOException | DicomException e) {
            throw new InvalidInputException("cannot read the DICOM header: " + e.getMessage() + "; nothing was queued", f,
                    "fix or remove the file", e);
        }
    }

    /**
     * Walks the file meta information group (0002,xxxx), always Explicit VR Little Endian, from
     * {@code start}; stores the offset of the dataset in {@code datasetOffset[0]} and returns the
     * Transfer Syntax UID (0002,0010), or null when the file has no meta group.
     */
    static String metaGroup(Path f, int start, long[] datasetOffset) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(f)) {
            b = in.readNBytes(1 << 16);
        }
        int pos = start;
        String ts = null;
        while (pos + 8 <= b.length && u16(b, pos) == 0x0002) {
            int element = u16(b, pos + 2);
            String vr = new String(b, pos + 4, 2, StandardCharsets.US_ASCII);
            long length;
            int headerBytes;
            if (LONG_VRS.contains(vr)) {
                if (pos + 12 > b.length) {
                    break;
                }
                length = u32(b, pos + 8);
                headerBytes = 12;
            } else {
                length = u16(b, pos + 6);
                headerBytes = 8;
            }
            if (pos + headerBytes + length > b.length) {
                throw new IOException("file meta information is longer than 64 KiB or truncated");
            }
            if (element == 0x0010) {
                ts = new String(b, pos + headerBytes, (int) length, StandardCharsets.US_ASCII).replace("\0", "").strip();
            }
            pos += headerBytes + (int) length;
        }
        datasetOffset[0] = pos;
        return ts;
    }

    /**
     * Checks that a Pixel Data element of defined length fits in the file (encapsulated pixel
     * data has no length to check); returns what is wrong, or null.
     */
    static String truncation(Path f, long tagOffset, String ts) throws IOException {
        if (tagOffset < 0) {
            return null;
        }
        byte[] b = new byte[12];
        int n;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            n = ch.read(java.nio.ByteBuffer.wrap(b), tagOffset);
        }
        boolean big = TransferSyntaxes.EXPLICIT_BE.equals(ts);
        long length;
        int headerBytes;
        if (TransferSyntaxes.IMPLICIT_LE.equals(ts)) {
            length = u32(b, 4);
            headerBytes = 8;
        } else if (LONG_VRS.contains(new String(b, 4, 2, StandardCharsets.US_ASCII))) {
            length = big ? Integer.toUnsignedLong((b[8] & 0xff) << 24 | (b[9] & 0xff) << 16 | (b[10] & 0xff) << 8 | (b[11] & 0xff))
                    : u32(b, 8);
            headerBytes = 12;
        } else {
            length = big ? ((b[6] & 0xff) << 8 | (b[7] & 0xff)) : u16(b, 6);
            headerBytes = 8;
        }
        if (n < headerBytes) {
            return "truncated: the file ends inside the Pixel Data (7FE0,0010) element header";
        }
        if (length == 0xFFFFFFFFL) {
            return null;
        }
        long available = Files.size(f) - tagOffset - headerBytes;
        return available < length ? "truncated: Pixel Data (7FE0,0010) declares " + length + " bytes, the file holds "
                + available : null;
    }

    private static final java.util.Set<String> LONG_VRS = java.util.Set.of("OB", "OW", "OF", "OD", "OL", "OV", "SQ",
            "UT", "UN", "UC", "UR", "SV", "UV");

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }

    private static String firstNonEmpty(AttributeList list, com.pixelmed.dicom.AttributeTag... tags) {
        for (com.pixelmed.dicom.AttributeTag t : tags) {
            String v = Attribute.getSingleStringValueOrNull(list, t);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private static boolean sameContent(Path a, Path b) {
        try {
            return Files.isSameFile(a, b) || Files.mismatch(a, b) == -1L;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
