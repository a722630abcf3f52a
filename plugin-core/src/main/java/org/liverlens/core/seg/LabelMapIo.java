package org.liverlens.core.seg;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.MemoryBudget;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.AtomicFiles;
import org.liverlens.core.work.InvalidInputException;

/**
 * Reads and writes label maps as NIfTI-1 ({@code .nii}, {@code .nii.gz}, single file) and NRRD
 * ({@code .nrrd}, attached header, raw or gzip). The geometry is always returned and taken in DICOM
 * LPS millimetres: NIfTI's RAS world is converted ({@code LPS = (−x, −y, z)}), NRRD's {@code space}
 * is honoured. Unusable files fail with an {@link InvalidInputException} that names the file and the
 * header field.
 */
public final class LabelMapIo {
    /** File formats, chosen by the file name when writing and by content when reading. */
    public enum Format {
        NIFTI, NIFTI_GZ, NRRD;

        /** The format a file name asks for ({@code .nii}, {@code .nii.gz}, {@code .nrrd}). */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".nii.gz")) {
                return NIFTI_GZ;
            }
            if (name.endsWith(".nii")) {
                return NIFTI;
            }
            if (name.endsWith(".nrrd")) {
                return NRRD;
            }
            throw new InvalidInputException("unknown label map format: the name must end in .nii, .nii.gz or .nrrd",
                    file, name.endsWith(".nhdr") || name.endsWith(".hdr") || name.endsWith(".img")
                            ? "detached headers are not supported; convert to a single .nii.gz or .nrrd file"
                            : "rename the file or choose one of those formats");
        }
    }

    /** Voxel data types a label map may hold. */
    enum VoxelType {
        INT8(1, false), UINT8(1, false), INT16(2, false), UINT16(2, false), INT32(4, false), UINT32(4, false),
        FLOAT32(4, true), FLOAT64(8, true);

        final int bytes;
        final boolean floating;

        VoxelType(int bytes, boolean floating) {
            this.bytes = bytes;
            this.floating = floating;
        }

        String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a format parser found: where the voxels lie, how they are stored, and where the data type
     * came from (for messages, e.g. "datatype (offset 70)").
     */
    record Header(VolumeGeometry geometry, VoxelType type, ByteOrder order, double slope, double intercept,
                  String typeField, String transform) {
    }

    /** Deflate (gzip) cannot compress by more than about 1032:1. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private LabelMapIo() {
    }

    /** The label map's labels (whole numbers 0…65535) on its own grid, geometry in LPS. */
    public static LabelVolume read(Path file) {
        return read(file, false);
    }

    /**
     * A fractional map as occupancy levels 0…255: a map whose values all lie in 0…1 (floats, or a
     * binary 0/1 mask) is scaled by 255; otherwise every value must be a whole number 0…255.
     */
    public static LabelVolume readOccupancy(Path file) {
        return read(file, true);
    }

    /** How the file places its voxels in the patient ("sform (code 2)", "qform (code 1)", "pixdim only", "NRRD space LPS"). */
    public static String describeTransform(Path file) {
        return withHeader(file, (h, in) -> h.transform());
    }

    /**
     * Writes labels as NIfTI-1 (sform and qform code 1, uint8 or uint16 as the largest label needs,
     * intent NIFTI_INTENT_LABEL) or NRRD (gzip, {@code space: left-posterior-superior}, unsigned char or
     * unsigned short), by the file name; atomically.
     */
    public static void write(LabelVolume labels, Path file) {
        Format format = Format.of(file);
        AtomicFiles.write(file, out -> {
            switch (format) {
                case NIFTI -> LabelMapNifti.write(labels, out, ByteOrder.LITTLE_ENDIAN);
                case NIFTI_GZ -> {
                    GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
                    LabelMapNifti.write(labels, gz, ByteOrder.LITTLE_ENDIAN);
                    gz.finish();
                }
                case NRRD -> LabelMapNrrd.write(labels, out);
            }
        });
    }

    /** Writes a NIfTI-1 file with the given byte order (big-endian output exists to test the reader). */
    static void writeNifti(LabelVolume labels, Path file, ByteOrder order, boolean gzip) {
        AtomicFiles.write(file, out -> {
            if (gzip) {
                GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
                LabelMapNifti.write(labels, gz, order);
                gz.finish();
            } else {
                LabelMapNifti.write(labels, out, order);
            }
        });
    }

    private interface HeaderUse<T> {
        T apply(Header header, InputStream data) throws IOException;
    }

    private static LabelVolume read(Path file, boolean occupancy) {
        return withHeader(file, (h, in) -> decode(file, h, in, occupancy));
    }

    private static <T> T withHeader(Path file, HeaderUse<T> use) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(8);
            byte[] magic = raw.readNBytes(8);
            raw.reset();
            if (magic.length >= 4 && magic[0] == 'N' && magic[1] == 'R' && magic[2] == 'R' && magic[3] == 'D') {
                LabelMapNrrd.Parsed p = LabelMapNrrd.readHeader(file, raw);
                checkDeclaredSize(file, p.header(), p.compressed(), "field 'sizes'");
                return use.apply(p.header(), p.data());
            }
            if (Format.of(file) == Format.NRRD) {
                throw new InvalidInputException("not a NRRD file: it does not start with the magic 'NRRD000x'", file,
                        "check that the file is a NRRD label map");
            }
            InputStream in = raw;
            boolean compressed = magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            if (compressed) {
                in = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            }
            Header h = LabelMapNifti.readHeader(file, in);
            checkDeclaredSize(file, h, compressed, "dim[1…3] (offset 42)");
            return use.apply(h, in);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such file", file, "check the path");
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException("the compressed data is truncated or corrupt (" + e.getMessage() + ")", file,
                    "the file was cut short or damaged; export it again");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the label map: " + e.getMessage(), file,
                    "check that the file exists and that you may read it", e);
        }
    }

    /**
     * Refuses a header whose dimensions the file cannot hold (more voxel bytes than the file has, or
     * than gzip could have squeezed into it) or that would not fit in memory, before anything is
     * allocated: a 352-byte NIfTI can declare 32767³ voxels.
     */
    private static void checkDeclaredSize(Path file, Header h, boolean compressed, String field) throws IOException {
        VolumeGeometry g = h.geometry();
        long voxels = MemoryBudget.product(g.columns(), g.rows(), g.slices());
        long bytes = MemoryBudget.product(voxels, h.type().bytes);
        long size = Files.size(file);
        long most = compressed ? MemoryBudget.product(size, MAX_DEFLATE_RATIO) : size;
        String grid = g.columns() + "×" + g.rows() + "×" + g.slices() + " " + h.type().lower();
        if (bytes < 0 || (most >= 0 && bytes > most)) {
            throw new InvalidInputException(field + " declares " + grid + " voxels (" + MemoryBudget.mb(bytes)
                    + "), but the file holds only " + MemoryBudget.mb(size) + (compressed ? ", too little even compressed"
                    : ""), file, "the header is damaged or the file was cut short; export it again");
        }
        long perSlice = (long) g.columns() * g.rows();
        MemoryBudget.check(MemoryBudget.product(voxels, 2) + perSlice * (h.type().bytes + Double.BYTES),
                "a " + grid + " label map", file, field);
    }

    /** Receives the scaled values of one slice (a, b fastest first). */
    private interface SliceSink {
        void accept(int k, double[] values);
    }

    private static LabelVolume decode(Path file, Header h, InputStream in, boolean occupancy) throws IOException {
        VolumeGeometry g = h.geometry();
        LabelVolume out = new LabelVolume(g);
        int[] maxLevel = {0};
        decode(file, h, in, (k, values) -> {
            short[] slice = null;
            for (int p = 0; p < values.length; p++) {
                double v = values[p];
                int level = occupancy ? occupancyLevel(file, h, g, p, k, v) : label(file, h, g, p, k, v);
                if (level != 0) {
                    if (slice == null) {
                        slice = out.slice(k);
                    }
                    slice[p] = (short) level;
                    maxLevel[0] = Math.max(maxLevel[0], level);
                }
            }
        });
        if (occupancy && maxLevel[0] > 255) {
            // Levels were stored as round(v * 255), which keeps both readings open until the maximum is
            // known: a map that goes above 1 must hold whole numbers 0…255.
            for (int k = 0; k < g.slices(); k++) {
                if (out.isSliceEmpty(k)) {
                    continue;
                }
                short[] s = out.slice(k);
                for (int p = 0; p < s.length; p++) {
                    int level = s[p] & 0xffff;
                    if (level % 255 != 0) {
                        throw new InvalidInputException("fractional value " + fmt(level / 255.0) + " at voxel "
                                + voxel(g, p, k) + " is not a whole number, yet the map goes above 1 (to "
                                + fmt(maxLevel[0] / 255.0) + ")", file,
                                "a fractional map holds either 0…1 or whole numbers 0…255");
                    }
                    s[p] = (short) (level / 255);
                }
            }
        }
        return out;
    }

    /**
     * An image stored as NIfTI or NRRD (a CT converted by dcm2niix, say) as whole Hounsfield units
     * after scl_slope/scl_inter, on its own grid. For cross-checks against DICOM.
     */
    static HuVolume readHu(Path file) {
        return withHeader(file, (h, in) -> {
            VolumeGeometry g = h.geometry();
            HuVolume out = HuVolume.allocate(g, (short) 0);
            decode(file, h, in, (k, values) -> {
                short[] slice = out.slice(k);
                for (int p = 0; p < values.length; p++) {
                    double r = Math.rint(values[p]);
                    if (!(r >= Short.MIN_VALUE && r <= Short.MAX_VALUE)) {
                        throw new InvalidInputException("voxel " + voxel(g, p, k) + " holds " + fmt(values[p])
                                + ", outside the 16-bit HU range", file, "check that this file is a CT");
                    }
                    slice[p] = (short) r;
                }
            });
            return out;
        });
    }

    private static void decode(Path file, Header h, InputStream in, SliceSink sink) throws IOException {
        VolumeGeometry g = h.geometry();
        int perSlice = g.columns() * g.rows();
        long sliceBytes = (long) perSlice * h.type().bytes;
        if (sliceBytes > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException("a slice of " + g.columns() + "×" + g.rows() + " " + h.type().lower()
                    + " voxels is too large", file, "split the label map");
        }
        byte[] buf = new byte[(int) sliceBytes];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order());
        double[] values = new double[perSlice];
        boolean scaled = h.slope() != 1.0 || h.intercept() != 0.0;
        for (int k = 0; k < g.slices(); k++) {
            int got = in.readNBytes(buf, 0, buf.length);
            if (got < buf.length) {
                long expected = sliceBytes * g.slices();
                throw new InvalidInputException("truncated: the voxel data ends in slice " + k + " after "
                        + (sliceBytes * k + got) + " of " + expected + " bytes (" + g.columns() + "×" + g.rows() + "×"
                        + g.slices() + " " + h.type().lower() + ")", file, "the file was cut short; export it again");
            }
            toValues(bb, h.type(), values);
            if (scaled) {
                for (int p = 0; p < perSlice; p++) {
                    values[p] = values[p] * h.slope() + h.intercept();
                }
            }
            sink.accept(k, values);
        }
    }

    private static void toValues(ByteBuffer bb, VoxelType type, double[] values) {
        int n = values.length;
        switch (type) {
            case INT8 -> {
                for (int p = 0; p < n; p++) {
                    values[p] = bb.get(p);
                }
            }
            case UINT8 -> {
                for (int p = 0; p < n; p++) {
                    values[p] = bb.get(p) & 0xff;
                }
            }
            case INT16 -> {
                for (int p = 0; p < n; p++) {
                    values[p] = bb.getShort(p << 1);
                }
            }
            case UINT16 -> {
                for (int p = 0; p < n; p++) {
                    values[p] = bb.getShort(p << 1) & 0xffff;
                }
            }
            case INT32 -> {
                for (int p = 0; p < n; p++) {
                    values[p] = bb.getInt(p << 2);
                }
            }
            case UINT32 -> {
                for (int p = 0; p < n; p++) {
                    values[p] = bb.getInt(p << 2) & 0xffffffffL;
                }
            }
            case FLOAT32 -> {
                for (int p = 0; p < n; p++) {
                    values[p] = bb.getFloat(p << 2);
                }
            }
            case FLOAT64 -> {
                for (int p = 0; p < n; p++) {
                    values[p] = bb.getDouble(p << 3);
                }
            }
        }
    }

    private static int label(Path file, Header h, VolumeGeometry g, int p, int k, double v) {
        double r = Math.rint(v);
        // Scaled integers (scl_slope 0.1 …) come back with float noise; anything further off is not a label.
        if (!(Math.abs(v - r) <= 1e-3) || r < 0 || r > LabelVolume.MAX_LABEL) {
            throw new InvalidInputException("voxel " + voxel(g, p, k) + " holds " + fmt(v) + " (" + h.typeField() + " "
                    + h.type().lower() + (h.slope() != 1 || h.intercept() != 0
                            ? ", scaled by " + fmt(h.slope()) + " + " + fmt(h.intercept()) : "")
                    + "): a label map holds whole numbers 0…" + LabelVolume.MAX_LABEL, file,
                    v != r && Double.isFinite(v) && r >= 0 && r <= 1
                            ? "this looks like a probability map: import it with --fractional"
                            : "check that this file is a label map, not an image");
        }
        return (int) r;
    }

    private static int occupancyLevel(Path file, Header h, VolumeGeometry g, int p, int k, double v) {
        if (!(v >= -1e-6 && v <= 255 + 1e-6)) {
            throw new InvalidInputException("voxel " + voxel(g, p, k) + " holds " + fmt(v) + " (" + h.typeField() + " "
                    + h.type().lower() + "): a fractional map holds 0…1 or 0…255", file,
                    "rescale the map to 0…1 (or 0…255) first");
        }
        return (int) Math.round(Math.max(0, Math.min(255, v)) * 255);
    }

    /** Map voxel index (a, b, c) of slice-local index p. */
    private static String voxel(VolumeGeometry g, int p, int k) {
        return "(" + (p % g.columns()) + ", " + (p / g.columns()) + ", " + k + ")";
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Writes each slice of {@code labels} as uint8 or uint16 in the given byte order. */
    static void writeVoxels(LabelVolume labels, OutputStream out, boolean sixteenBits, ByteOrder order)
            throws IOException {
        VolumeGeometry g = labels.geometry();
        int perSlice = g.columns() * g.rows();
        byte[] buf = new byte[perSlice * (sixteenBits ? 2 : 1)];
        for (int k = 0; k < g.slices(); k++) {
            if (labels.isSliceEmpty(k)) {
                java.util.Arrays.fill(buf, (byte) 0);
            } else {
                short[] s = labels.slice(k);
                if (sixteenBits) {
                    ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
                    for (int p = 0; p < perSlice; p++) {
                        bb.putShort(p << 1, s[p]);
                    }
                } else {
                    for (int p = 0; p < perSlice; p++) {
                        buf[p] = (byte) s[p];
                    }
                }
            }
            out.write(buf);
        }
    }
}
