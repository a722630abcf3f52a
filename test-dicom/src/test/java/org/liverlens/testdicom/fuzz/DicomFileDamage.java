package org.liverlens.testdicom.fuzz;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.liverlens.core.dicom.DicomFiles;
import org.liverlens.core.dicom.TransferSyntaxes;

/** Ways to damage a DICOM dataset or file, used by the case families. */
final class DicomFileDamage {
    private DicomFileDamage() {
    }

    /** Sets a DS attribute to the given text values (which need not be numbers: "NaN", "Infinity"). */
    static void setDecimal(AttributeList list, AttributeTag tag, String... values) throws Exception {
        Attribute a = new DecimalStringAttribute(tag);
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
    }

    static void setUnsignedShort(AttributeList list, AttributeTag tag, int value) throws Exception {
        Attribute a = new UnsignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    static void setInteger(AttributeList list, AttributeTag tag, long value) throws Exception {
        Attribute a = new IntegerStringAttribute(tag);
        a.addValue(Long.toString(value));
        list.put(a);
    }

    /**
     * Replaces every occurrence of {@code from} in the file's bytes by {@code to} (same length): a
     * patch below what a DICOM writer would let through (an element length, a transfer syntax).
     */
    static void patchBytes(Path file, byte[] from, byte[] to) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int found = 0;
        for (int i = 0; i + from.length <= b.length; i++) {
            if (java.util.Arrays.equals(b, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, b, i, to.length);
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalStateException("pattern not found in " + file);
        }
        Files.write(file, b);
    }

    /**
     * Adds a private OB element of 4 bytes to a file and then patches its declared length to
     * 0x7FFFFFF0: a header that asks the reader for 2 GB.
     */
    static void hugeElementLength(Path file) throws Exception {
        FuzzInputs.edit(file, l -> {
            Attribute creator = new com.pixelmed.dicom.LongStringAttribute(new AttributeTag(0x0009, 0x0010));
            creator.addValue("LIVERLENS FUZZ");
            l.put(creator);
            Attribute ob = new com.pixelmed.dicom.OtherByteAttribute(new AttributeTag(0x0009, 0x1010));
            ob.setValues(new byte[] {1, 2, 3, 4});
            l.put(ob);
        });
        patchBytes(file, new byte[] {0x09, 0x00, 0x10, 0x10, 'O', 'B', 0, 0, 4, 0, 0, 0},
                new byte[] {0x09, 0x00, 0x10, 0x10, 'O', 'B', 0, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F});
    }

    /** The first item of a functional-group macro sequence inside the first item of {@code groups}. */
    static AttributeList macro(AttributeList list, AttributeTag groups, AttributeTag macro) {
        SequenceAttribute g = (SequenceAttribute) list.get(groups);
        SequenceAttribute m = (SequenceAttribute) g.getItem(0).getAttributeList().get(macro);
        return m.getItem(0).getAttributeList();
    }

    /**
     * Writes {@code file} again in Deflated Explicit VR Little Endian with {@code rows} × {@code columns}
     * 16-bit pixels of zeros: a few hundred kilobytes on disk that inflate to what the header declares.
     */
    static void deflateBomb(Path file, int rows, int columns) throws Exception {
        AttributeList list = DicomFiles.readAll(file);
        list.remove(TagFromName.PixelData);
        setUnsignedShort(list, TagFromName.Rows, rows);
        setUnsignedShort(list, TagFromName.Columns, columns);
        String sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID);
        String sopInstance = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID);
        list.removeMetaInformationHeaderAttributes();
        list.removeGroupLengthAttributes();
        ByteArrayOutputStream dataset = new ByteArrayOutputStream();
        list.write(dataset, TransferSyntaxes.EXPLICIT_LE, false, true);
        long pixelBytes = 2L * rows * columns;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(meta(sopClass, sopInstance, TransferSyntaxes.DEFLATED_LE));
            Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
            try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater, 1 << 16)) {
                z.write(dataset.toByteArray());
                ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                header.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'W')
                        .putShort((short) 0).putInt((int) pixelBytes);
                z.write(header.array());
                byte[] zeros = new byte[1 << 20];
                for (long left = pixelBytes; left > 0; left -= zeros.length) {
                    z.write(zeros, 0, (int) Math.min(zeros.length, left));
                }
            } finally {
                deflater.end();
            }
        }
    }

    /** Preamble, "DICM" and a minimal file meta group in Explicit VR Little Endian. */
    private static byte[] meta(String sopClass, String sopInstance, String transferSyntax) throws IOException {
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        element(group, 0x0001, "OB", new byte[] {0, 1});
        element(group, 0x0002, "UI", uid(sopClass));
        element(group, 0x0003, "UI", uid(sopInstance));
        element(group, 0x0010, "UI", uid(transferSyntax));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(group.size());
        element(out, 0x0000, "UL", length.array());
        group.writeTo(out);
        return out.toByteArray();
    }

    private static byte[] uid(String uid) {
        String padded = uid.length() % 2 == 0 ? uid : uid + "\0";
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
        boolean longForm = vr.equals("OB");
        ByteBuffer b = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x0002).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            b.putShort((short) 0).putInt(value.length);
        } else {
            b.putShort((short) value.length);
        }
        out.writeBytes(b.array());
        out.writeBytes(value);
    }
}
