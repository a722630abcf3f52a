package org.liverlens.core.seg;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * NIfTI-1 single-file ({@code n+1}) header parsing and writing. The voxel-to-world transform is the
 * sform when {@code sform_code > 0}, else the qform when {@code qform_code > 0}, else pixdim alone
 * (NIfTI "method 1"); NIfTI world is RAS and is turned into LPS here.
 */
final class LabelMapNifti {
    static final int HEADER_BYTES = 348;
    /** NIFTI_INTENT_LABEL: the values are labels (written so that viewers show a label map). */
    static final short INTENT_LABEL = 1002;

    private LabelMapNifti() {
    }

    static LabelMapIo.Header readHeader(Path file, InputStream in) throws IOException {
        byte[] hdr = in.readNBytes(HEADER_BYTES);
        if (hdr.length < 4) {
            throw invalid(file, "not a NIfTI-1 file: it holds only " + hdr.length + " byte(s)");
        }
        ByteBuffer b = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);
        int sizeof = b.getInt(0);
        if (sizeof != HEADER_BYTES) {
            b.order(ByteOrder.BIG_ENDIAN);
            sizeof = b.getInt(0);
        }
        if (sizeof != HEADER_BYTES) {
            if (sizeof == 540 || Integer.reverseBytes(sizeof) == 540) {
                throw invalid(file, "this is a NIfTI-2 file (sizeof_hdr 540); only NIfTI-1 is supported");
            }
            throw invalid(file, "not a NIfTI-1 file: sizeof_hdr (offset 0) is " + sizeof + " in either byte order, "
                    + "expected 348");
        }
        if (hdr.length < HEADER_BYTES) {
            throw invalid(file, "truncated: the NIfTI header has " + hdr.length + " of 348 bytes");
        }
        String magic = new String(hdr, 344, 3, StandardCharsets.ISO_8859_1);
        if (magic.equals("ni1")) {
            throw invalid(file, "magic (offset 344) is 'ni1': a two-file NIfTI (.hdr + .img); only single-file "
                    + ".nii / .nii.gz is supported");
        }
        if (!magic.equals("n+1") || hdr[347] != 0) {
            throw invalid(file, "magic (offset 344) is '" + printable(hdr, 344, 4) + "', expected 'n+1' (NIfTI-1 "
                    + "single file); ANALYZE 7.5 files are not supported");
        }
        int dims = b.getShort(40);
        if (dims < 1 || dims > 7) {
            throw invalid(file, "dim[0] (offset 40) is " + dims + ", expected 1…7");
        }
        int[] size = {1, 1, 1};
        for (int d = 1; d <= dims; d++) {
            int n = b.getShort(40 + 2 * d);
            if (n < 1) {
                throw invalid(file, "dim[" + d + "] (offset " + (40 + 2 * d) + ") is " + n + ", expected at least 1");
            }
            if (d <= 3) {
                size[d - 1] = n;
            } else if (n != 1) {
                throw invalid(file, "dim[" + d + "] is " + n + ": this is a " + dims + "-D image (dim = "
                        + dimList(b, dims) + "); a label map must be 3-D (extra dimensions of size 1 are fine)");
            }
        }
        int datatype = b.getShort(70);
        LabelMapIo.VoxelType type = switch (datatype) {
            case 2 -> LabelMapIo.VoxelType.UINT8;
            case 4 -> LabelMapIo.VoxelType.INT16;
            case 8 -> LabelMapIo.VoxelType.INT32;
            case 16 -> LabelMapIo.VoxelType.FLOAT32;
            case 64 -> LabelMapIo.VoxelType.FLOAT64;
            case 256 -> LabelMapIo.VoxelType.INT8;
            case 512 -> LabelMapIo.VoxelType.UINT16;
            case 768 -> LabelMapIo.VoxelType.UINT32;
            default -> throw invalid(file, "datatype (offset 70) is " + datatype + " (" + datatypeName(datatype)
                    + "): a label map must be uint8, int8, int16, uint16, int32, uint32, float32 or float64");
        };
        float voxOffset = b.getFloat(108);
        if (!(voxOffset >= HEADER_BYTES) || voxOffset != Math.rint(voxOffset) || voxOffset > Integer.MAX_VALUE) {
            throw invalid(file, "vox_offset (offset 108) is " + voxOffset + ", expected a whole number of bytes >= 352");
        }
        double slope = b.getFloat(112);
        double inter = b.getFloat(116);
        if (slope == 0 || !Double.isFinite(slope)) {
            // scl_slope 0 means "no scaling" (NIfTI-1 standard).
            slope = 1;
            inter = 0;
        }
        if (!Double.isFinite(inter)) {
            inter = 0;
        }
        double unitMm = switch (hdr[123] & 0x07) {
            case 1 -> 1000.0; // metres
            case 3 -> 0.001;  // micrometres
            default -> 1.0;   // millimetres, or unknown (taken as mm)
        };

        int qformCode = b.getShort(252);
        int sformCode = b.getShort(254);
        double[][] ras; // 3 rows × 4 columns: world RAS = ras · (a, b, c, 1)
        String transform;
        if (sformCode > 0) {
            ras = new double[3][4];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    ras[r][c] = b.getFloat(280 + 16 * r + 4 * c);
                }
            }
            transform = "sform (sform_code " + sformCode + ")";
        } else if (qformCode > 0) {
            ras = qform(b);
            transform = "qform (qform_code " + qformCode + ")";
        } else {
            ras = new double[3][4];
            for (int d = 0; d < 3; d++) {
                float p = b.getFloat(80 + 4 * d);
                if (!(p > 0) || !Float.isFinite(p)) {
                    throw invalid(file, "pixdim[" + (d + 1) + "] (offset " + (80 + 4 * d) + ") is " + p
                            + " and neither sform nor qform is set");
                }
                ras[d][d] = p;
            }
            transform = "pixdim only (qform_code and sform_code are 0)";
        }
        for (double[] row : ras) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw invalid(file, "the " + transform + " holds a non-finite number");
                }
            }
        }
        VolumeGeometry geometry = geometry(file, size, ras, unitMm, transform);
        long skip = (long) voxOffset - HEADER_BYTES;
        try {
            in.skipNBytes(skip);
        } catch (EOFException e) {
            throw invalid(file, "truncated: the file ends before vox_offset " + (long) voxOffset
                    + " (header extensions cut short, no voxel data)");
        }
        return new LabelMapIo.Header(geometry, type, b.order(), slope, inter, "datatype (offset 70)", transform);
    }

    /** The qform (quaternion + qoffset, pixdim, qfac = pixdim[0]) as a 3×4 RAS matrix (nifti1_io's quatern_to_mat44). */
    private static double[][] qform(ByteBuffer b) {
        double qb = b.getFloat(256);
        double qc = b.getFloat(260);
        double qd = b.getFloat(264);
        double qa = 1.0 - (qb * qb + qc * qc + qd * qd);
        if (qa < 1e-7) {
            // a rotation by 180°: (b, c, d) is the axis, renormalised
            qa = 1.0 / Math.sqrt(qb * qb + qc * qc + qd * qd);
            qb *= qa;
            qc *= qa;
            qd *= qa;
            qa = 0;
        } else {
            qa = Math.sqrt(qa);
        }
        double xd = b.getFloat(80) > 0 ? b.getFloat(80) : 1;
        double yd = b.getFloat(84) > 0 ? b.getFloat(84) : 1;
        double zd = b.getFloat(88) > 0 ? b.getFloat(88) : 1;
        if (b.getFloat(76) < 0) {
            zd = -zd;
        }
        double[][] m = new double[3][4];
        m[0][0] = (qa * qa + qb * qb - qc * qc - qd * qd) * xd;
        m[0][1] = 2 * (qb * qc - qa * qd) * yd;
        m[0][2] = 2 * (qb * qd + qa * qc) * zd;
        m[1][0] = 2 * (qb * qc + qa * qd) * xd;
        m[1][1] = (qa * qa + qc * qc - qb * qb - qd * qd) * yd;
        m[1][2] = 2 * (qc * qd - qa * qb) * zd;
        m[2][0] = 2 * (qb * qd - qa * qc) * xd;
        m[2][1] = 2 * (qc * qd + qa * qb) * yd;
        m[2][2] = (qa * qa + qd * qd - qc * qc - qb * qb) * zd;
        m[0][3] = b.getFloat(268);
        m[1][3] = b.getFloat(272);
        m[2][3] = b.getFloat(276);
        return m;
    }

    /** LPS geometry of a RAS affine: columns give spacing and direction, the last column the origin. */
    private static VolumeGeometry geometry(Path file, int[] size, double[][] ras, double unitMm, String transform) {
        double[] sign = {-1, -1, 1};
        double[] origin = new double[3];
        double[] spacing = new double[3];
        double[][] dirs = new double[3][3];
        for (int r = 0; r < 3; r++) {
            origin[r] = sign[r] * ras[r][3] * unitMm;
        }
        for (int c = 0; c < 3; c++) {
            double n = 0;
            for (int r = 0; r < 3; r++) {
                dirs[c][r] = sign[r] * ras[r][c] * unitMm;
                n += dirs[c][r] * dirs[c][r];
            }
            spacing[c] = Math.sqrt(n);
            if (!(spacing[c] > 0)) {
                throw invalid(file, "the " + transform + " gives voxel axis " + "abc".charAt(c) + " zero length");
            }
        }
        try {
            return new VolumeGeometry(size, origin, spacing, dirs[0], dirs[1], dirs[2]);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "the " + transform + " is unusable: " + e.getMessage());
        }
    }

    /** Header (348 bytes) + 4 zero extension bytes + voxels. */
    static void write(LabelVolume labels, OutputStream out, ByteOrder order) throws IOException {
        VolumeGeometry g = labels.geometry();
        boolean sixteen = labels.maxLabel() > 255;
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 4).order(order);
        b.putInt(0, HEADER_BYTES);
        short[] dim = {3, (short) g.columns(), (short) g.rows(), (short) g.slices(), 1, 1, 1, 1};
        for (int d = 0; d < 3; d++) {
            if (g.size()[d] > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NIfTI-1 holds at most 32767 voxels per axis, not " + g.size()[d]);
            }
        }
        for (int d = 0; d < 8; d++) {
            b.putShort(40 + 2 * d, dim[d]);
        }
        b.putShort(68, INTENT_LABEL);
        b.putShort(70, (short) (sixteen ? 512 : 2));
        b.putShort(72, (short) (sixteen ? 16 : 8));

        // RAS affine of the LPS geometry.
        double[] sign = {-1, -1, 1};
        double[] sp = g.spacingMm();
        double[] o = g.originMm();
        double[][] dirRas = new double[3][3]; // [axis][xyz]
        for (int c = 0; c < 3; c++) {
            double[] d = g.direction(c);
            for (int r = 0; r < 3; r++) {
                dirRas[c][r] = sign[r] * d[r];
            }
        }
        double[] q = quaternion(dirRas);
        boolean orthogonal = q != null;
        b.putFloat(76, orthogonal ? (float) q[3] : 1f);
        for (int d = 0; d < 3; d++) {
            b.putFloat(80 + 4 * d, (float) sp[d]);
        }
        b.putFloat(108, HEADER_BYTES + 4);
        b.putFloat(112, 1f);
        b.putFloat(116, 0f);
        b.put(123, (byte) 2); // NIFTI_UNITS_MM
        byte[] descrip = "LiverLens label map".getBytes(StandardCharsets.US_ASCII);
        b.put(148, descrip);
        // qform_code 1 (scanner) with the same transform as the sform; 0 when the axes are not
        // orthogonal (gantry tilt), which a quaternion cannot express.
        b.putShort(252, (short) (orthogonal ? 1 : 0));
        b.putShort(254, (short) 1);
        if (orthogonal) {
            b.putFloat(256, (float) q[0]);
            b.putFloat(260, (float) q[1]);
            b.putFloat(264, (float) q[2]);
        }
        for (int r = 0; r < 3; r++) {
            b.putFloat(268 + 4 * r, (float) (sign[r] * o[r]));
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                b.putFloat(280 + 16 * r + 4 * c, (float) (dirRas[c][r] * sp[c]));
            }
            b.putFloat(280 + 16 * r + 12, (float) (sign[r] * o[r]));
        }
        b.put(344, "n+1".getBytes(StandardCharsets.US_ASCII));
        out.write(b.array());
        LabelMapIo.writeVoxels(labels, out, sixteen, order);
    }

    /**
     * Quaternion (b, c, d) and qfac of orthonormal axis directions {@code dir[axis][xyz]}, as
     * nifti1_io's mat44_to_quatern; {@code null} when the axes are not orthogonal.
     */
    static double[] quaternion(double[][] dir) {
        for (int a = 0; a < 3; a++) {
            for (int c = a + 1; c < 3; c++) {
                double dot = dir[a][0] * dir[c][0] + dir[a][1] * dir[c][1] + dir[a][2] * dir[c][2];
                if (Math.abs(dot) > 1e-4) {
                    return null;
                }
            }
        }
        // r[row][col]: column c is axis c.
        double[][] r = new double[3][3];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < 3; row++) {
                r[row][c] = dir[c][row];
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = 1;
        if (det < 0) {
            qfac = -1;
            for (int row = 0; row < 3; row++) {
                r[row][2] = -r[row][2];
            }
        }
        double a = r[0][0] + r[1][1] + r[2][2] + 1;
        double qb;
        double qc;
        double qd;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            qb = 0.25 * (r[2][1] - r[1][2]) / a;
            qc = 0.25 * (r[0][2] - r[2][0]) / a;
            qd = 0.25 * (r[1][0] - r[0][1]) / a;
        } else {
            double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
            double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
            double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
            if (xd > 1) {
                qb = 0.5 * Math.sqrt(xd);
                qc = 0.25 * (r[0][1] + r[1][0]) / qb;
                qd = 0.25 * (r[0][2] + r[2][0]) / qb;
                a = 0.25 * (r[2][1] - r[1][2]) / qb;
            } else if (yd > 1) {
                qc = 0.5 * Math.sqrt(yd);
                qb = 0.25 * (r[0][1] + r[1][0]) / qc;
                qd = 0.25 * (r[1][2] + r[2][1]) / qc;
                a = 0.25 * (r[0][2] - r[2][0]) / qc;
            } else {
                qd = 0.5 * Math.sqrt(zd);
                qb = 0.25 * (r[0][2] + r[2][0]) / qd;
                qc = 0.25 * (r[1][2] + r[2][1]) / qd;
                a = 0.25 * (r[1][0] - r[0][1]) / qd;
            }
            if (a < 0) {
                qb = -qb;
                qc = -qc;
                qd = -qd;
            }
        }
        return new double[] {qb, qc, qd, qfac};
    }

    private static String dimList(ByteBuffer b, int dims) {
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= dims; d++) {
            sb.append(d > 1 ? "×" : "").append(b.getShort(40 + 2 * d));
        }
        return sb.toString();
    }

    private static String datatypeName(int datatype) {
        return switch (datatype) {
            case 0 -> "unknown";
            case 1 -> "binary";
            case 32 -> "complex64";
            case 128 -> "RGB24";
            case 1024 -> "int64";
            case 1280 -> "uint64";
            case 1536 -> "float128";
            case 1792 -> "complex128";
            case 2048 -> "complex256";
            case 2304 -> "RGBA32";
            default -> "not a NIfTI-1 datatype";
        };
    }

    private static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private static InvalidInputException invalid(Path file, String message) {
        return new InvalidInputException("NIfTI: " + message, file, "check that this is a NIfTI-1 label map");
    }
}
