package org.liverlens.core.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.liverlens.core.work.InvalidInputException;

/**
 * Reading DICOM files through PixelMed, with the checks PixelMed leaves out: a file must look like
 * DICOM before it is parsed (PixelMed guesses, and reads junk from a gzip file).
 *
 * <p>PixelMed logs some read failures and then returns normally; LiverLens reports those problems
 * itself (a skipped file with its reason), and leaves PixelMed's log lines to SLF4J as configured
 * (the no-op provider on the command line, the host's choice in OSGi). Nothing here switches
 * PixelMed's logging off for the whole JVM, as {@code export.PixelMedNetwork} does not either: a
 * host that wants PixelMed's lines keeps them, and LiverLens's own warnings go to its own loggers
 * ({@code org.liverlens.core…}).
 */
public final class DicomFiles {

    private DicomFiles() {
    }

    /** How a file starts. */
    public enum Kind {
        /** 128-byte preamble and "DICM": a DICOM Part 10 file. */
        PART10,
        /** No preamble or meta header, but it starts like a little-endian dataset (group 0008). */
        DATASET_ONLY,
        /** Anything else. */
        NOT_DICOM
    }

    /**
     * Writes a dataset as a DICOM Part 10 file, atomically (temporary file, then move). The file
     * meta information is (re)built from the dataset's SOP Class and Instance UIDs.
     */
    public static void write(AttributeList dataset, Path target, String transferSyntaxUid) {
        try {
            com.pixelmed.dicom.FileMetaInformation.addFileMetaInformation(dataset, transferSyntaxUid, "LIVERLENS");
        } catch (DicomException e) {
            throw new IllegalArgumentException("cannot build file meta information for " + target + ": " + e.getMessage(), e);
        }
        org.liverlens.core.work.AtomicFiles.write(target, out -> {
            try {
                dataset.write(out, transferSyntaxUid, true, true);
            } catch (DicomException e) {
                throw new IOException("cannot encode the dataset: " + e.getMessage(), e);
            }
        });
    }

    /** Looks at the first bytes of a file without parsing it. */
    public static Kind probe(Path file) throws IOException {
        byte[] head = new byte[132];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return Kind.PART10;
        }
        if (n >= 8) {
            int group = (head[0] & 0xff) | (head[1] & 0xff) << 8;
            int element = (head[2] & 0xff) | (head[3] & 0xff) << 8;
            // A raw dataset starts with group 0008 (or the meta group 0002) and a low element number.
            if ((group == 0x0008 || group == 0x0002) && element < 0x0100) {
                return Kind.DATASET_ONLY;
            }
        }
        return Kind.NOT_DICOM;
    }

    /**
     * The attributes before Pixel Data, and the file offset just past the Pixel Data tag (PixelMed
     * stops reading there; counted from the start of the file, preamble and meta included).
     */
    public record Header(AttributeList attributes, long datasetBytes) {

        /** Offset of the Pixel Data tag, or -1 when the header ended without one. */
        public long pixelDataTagOffset() {
            return attributes.get(TagFromName.TransferSyntaxUID) == null && datasetBytes < 4 ? -1 : datasetBytes - 4;
        }
    }

    /** Reads the header (everything before Pixel Data). */
    public static Header readHeader(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        long bytes = read(file, true, list);
        return new Header(list, bytes);
    }

    /** Reads the whole file, decompressing encapsulated pixel data. */
    public static AttributeList readAll(Path file) throws IOException, DicomException {
        Codecs.register(); // here, not at class load: headers and native pixels need no ImageIO (cold start)
        AttributeList list = new AttributeList();
        read(file, false, list);
        return list;
    }

    private static long read(Path file, boolean headerOnly, AttributeList list) throws IOException, DicomException {
        Kind kind = probe(file);
        if (kind == Kind.NOT_DICOM) {
            throw new InvalidInputException("not a DICOM file (no 'DICM' marker at byte 128 and no dataset start)",
                    file, "remove it from the folder or check that it is not compressed (gzip, zip)");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DicomInputStream in = kind == Kind.PART10
                     ? new DicomInputStream(raw)
                     : new DicomInputStream(raw, TransferSyntaxes.IMPLICIT_LE, false)) {
            return headerOnly ? list.read(in, TagFromName.PixelData) : list.read(in);
        }
    }
}
