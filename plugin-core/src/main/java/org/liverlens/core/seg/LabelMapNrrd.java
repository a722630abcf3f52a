package org.liverlens.core.seg;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.InvalidInputException;

/**
 * NRRD (attached header, {@code NRRD0001}…{@code NRRD0005}) parsing and writing. Supported: types
 * (u)int8/16/32, float, double; encodings raw and gzip; spaces left-posterior-superior,
 * right-anterior-superior and left-anterior-superior (and their three-letter names); non-spatial
 * axes only of size 1.
 */
final class LabelMapNrrd {
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final Pattern VECTOR = Pattern.compile("\\(([^)]*)\\)|none");

    record Parsed(LabelMapIo.Header header, InputStream data, boolean compressed) {
    }

    private LabelMapNrrd() {
    }

    static Parsed readHeader(Path file, InputStream in) throws IOException {
        String magic = readLine(in, file);
        if (magic == null || !magic.matches("NRRD000[1-5]")) {
            throw invalid(file, "the first line is '" + magic + "', expected NRRD0001…NRRD0005");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int headerBytes = magic.length() + 1;
        while (true) {
            String line = readLine(in, file);
            if (line == null) {
                throw invalid(file, "truncated: the header ends without the blank line that precedes the data");
            }
            headerBytes += line.length() + 1;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw invalid(file, "the header is longer than 1 MiB");
            }
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith("#") || line.contains(":=")) {
                continue; // comment, or key/value pair (free-form metadata)
            }
            int colon = line.indexOf(": ");
            if (colon < 0) {
                throw invalid(file, "header line '" + line + "' is not 'field: value'");
            }
            fields.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 2).trim());
        }
        if (fields.containsKey("data file") || fields.containsKey("datafile")) {
            throw invalid(file, "field 'data file' points to detached data; only attached-header .nrrd files are supported");
        }
        LabelMapIo.VoxelType type = type(file, require(file, fields, "type"));
        int dimension = integer(file, "dimension", require(file, fields, "dimension"));
        String[] sizeTokens = require(file, fields, "sizes").split("\\s+");
        if (dimension < 1 || sizeTokens.length != dimension) {
            throw invalid(file, "field 'sizes' has " + sizeTokens.length + " value(s) for dimension " + dimension);
        }
        long[] sizes = new long[dimension];
        for (int d = 0; d < dimension; d++) {
            sizes[d] = Long.parseLong(checkedInteger(file, "sizes", sizeTokens[d]));
            if (sizes[d] < 1 || sizes[d] > Integer.MAX_VALUE) {
                throw invalid(file, "field 'sizes' value " + sizes[d] + " is out of range");
            }
        }
        String[] kinds = fields.containsKey("kinds") ? fields.get("kinds").split("\\s+") : null;
        if (kinds != null && kinds.length != dimension) {
            throw invalid(file, "field 'kinds' has " + kinds.length + " value(s) for dimension " + dimension);
        }

        // Space: names the world frame; directions say which axes are spatial.
        String space = fields.get("space");
        if (space == null) {
            throw invalid(file, "field 'space' is missing (" + (fields.containsKey("space dimension")
                    ? "'space dimension' alone names no anatomical frame" : "no world frame at all")
                    + "): the label map does not say where it lies in the patient");
        }
        double[] toLps = switch (space.toLowerCase(Locale.ROOT)) {
            case "left-posterior-superior", "lps" -> new double[] {1, 1, 1};
            case "right-anterior-superior", "ras" -> new double[] {-1, -1, 1};
            case "left-anterior-superior", "las" -> new double[] {1, -1, 1};
            default -> throw invalid(file, "field 'space' is '" + space + "'; supported: left-posterior-superior, "
                    + "right-anterior-superior, left-anterior-superior");
        };
        String directionsField = require(file, fields, "space directions");
        List<double[]> directions = new ArrayList<>();
        Matcher m = VECTOR.matcher(directionsField);
        while (m.find()) {
            directions.add(m.group(1) == null ? null : vector(file, "space directions", m.group(1)));
        }
        if (directions.size() != dimension) {
            throw invalid(file, "field 'space directions' has " + directions.size() + " entries for dimension " + dimension);
        }
        List<Integer> spatial = new ArrayList<>();
        for (int d = 0; d < dimension; d++) {
            if (directions.get(d) != null) {
                spatial.add(d);
            } else if (sizes[d] != 1) {
                throw invalid(file, "axis " + d + " (kind " + (kinds == null ? "unknown" : kinds[d]) + ") has "
                        + sizes[d] + " samples and no space direction: a label map must be 3-D (sizes "
                        + String.join(" ", sizeTokens) + ")");
            }
        }
        if (spatial.size() != 3) {
            throw invalid(file, "the image has " + spatial.size() + " spatial axes ('space directions: "
                    + directionsField + "'); a label map needs 3");
        }
        double[] origin = fields.containsKey("space origin")
                ? vector(file, "space origin", stripParentheses(file, fields.get("space origin"))) : new double[3];
        String units = fields.get("space units");
        if (units != null && !units.replace("\"", " ").trim().matches("(mm\\s*)+")) {
            throw invalid(file, "field 'space units' is " + units + "; only mm is supported");
        }
        int[] size = new int[3];
        double[] spacing = new double[3];
        double[][] dirs = new double[3][3];
        for (int a = 0; a < 3; a++) {
            int d = spatial.get(a);
            size[a] = (int) sizes[d];
            double[] v = directions.get(d);
            double n = 0;
            for (int r = 0; r < 3; r++) {
                dirs[a][r] = toLps[r] * v[r];
                n += v[r] * v[r];
            }
            spacing[a] = Math.sqrt(n);
            if (!(spacing[a] > 0)) {
                throw invalid(file, "field 'space directions' gives axis " + d + " zero length");
            }
        }
        double[] originLps = {toLps[0] * origin[0], toLps[1] * origin[1], toLps[2] * origin[2]};
        VolumeGeometry geometry;
        try {
            geometry = new VolumeGeometry(size, originLps, spacing, dirs[0], dirs[1], dirs[2]);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "fields 'space directions' / 'space origin' are unusable: " + e.getMessage());
        }

        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        String endian = fields.get("endian");
        if (type.bytes > 1) {
            if (endian == null) {
                throw invalid(file, "field 'endian' is missing for " + type.bytes + "-byte type '" + fields.get("type") + "'");
            }
            order = switch (endian.toLowerCase(Locale.ROOT)) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw invalid(file, "field 'endian' is '" + endian + "', expected little or big");
            };
        }
        if (fields.containsKey("line skip") && integer(file, "line skip", fields.get("line skip")) != 0) {
            throw invalid(file, "field 'line skip' is " + fields.get("line skip") + "; not supported");
        }
        long byteSkip = fields.containsKey("byte skip") ? integer(file, "byte skip", fields.get("byte skip")) : 0;
        if (byteSkip < 0) {
            throw invalid(file, "field 'byte skip' is " + byteSkip + "; only skips >= 0 are supported");
        }
        String encoding = require(file, fields, "encoding").toLowerCase(Locale.ROOT);
        InputStream data = switch (encoding) {
            case "raw" -> in;
            case "gzip", "gz" -> new java.io.BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            default -> throw invalid(file, "field 'encoding' is '" + encoding + "'; supported: raw, gzip");
        };
        try {
            data.skipNBytes(byteSkip);
        } catch (EOFException e) {
            throw invalid(file, "truncated: the data ends within 'byte skip' " + byteSkip);
        }
        String transform = "NRRD space " + space;
        return new Parsed(new LabelMapIo.Header(geometry, type, order, 1, 0, "field 'type'", transform), data,
                !encoding.equals("raw"));
    }

    /** Header in LPS, gzip-compressed unsigned char or unsigned short voxels. */
    static void write(LabelVolume labels, OutputStream out) throws IOException {
        VolumeGeometry g = labels.geometry();
        boolean sixteen = labels.maxLabel() > 255;
        StringBuilder h = new StringBuilder();
        h.append("NRRD0004\n");
        h.append("# Complete NRRD file format specification at:\n");
        h.append("# http://teem.sourceforge.net/nrrd/format.html\n");
        h.append("# written by LiverLens\n");
        h.append("type: ").append(sixteen ? "unsigned short" : "unsigned char").append('\n');
        h.append("dimension: 3\n");
        h.append("space: left-posterior-superior\n");
        h.append("sizes: ").append(g.columns()).append(' ').append(g.rows()).append(' ').append(g.slices()).append('\n');
        h.append("space directions:");
        double[] sp = g.spacingMm();
        for (int a = 0; a < 3; a++) {
            double[] d = g.direction(a);
            h.append(' ').append(vector(d[0] * sp[a], d[1] * sp[a], d[2] * sp[a]));
        }
        h.append('\n');
        h.append("kinds: domain domain domain\n");
        h.append("endian: little\n");
        h.append("encoding: gzip\n");
        double[] o = g.originMm();
        h.append("space origin: ").append(vector(o[0], o[1], o[2])).append('\n');
        h.append('\n');
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
        LabelMapIo.writeVoxels(labels, gz, sixteen, ByteOrder.LITTLE_ENDIAN);
        gz.finish();
    }

    /** Exact decimal text of each double, so that a written geometry reads back bit for bit. */
    private static String vector(double x, double y, double z) {
        return "(" + plain(x) + "," + plain(y) + "," + plain(z) + ")";
    }

    private static String plain(double v) {
        if (v == 0) {
            return "0";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static LabelMapIo.VoxelType type(Path file, String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "signed char", "int8", "int8_t" -> LabelMapIo.VoxelType.INT8;
            case "uchar", "unsigned char", "uint8", "uint8_t" -> LabelMapIo.VoxelType.UINT8;
            case "short", "short int", "signed short", "signed short int", "int16", "int16_t" -> LabelMapIo.VoxelType.INT16;
            case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t" -> LabelMapIo.VoxelType.UINT16;
            case "int", "signed int", "int32", "int32_t" -> LabelMapIo.VoxelType.INT32;
            case "uint", "unsigned int", "uint32", "uint32_t" -> LabelMapIo.VoxelType.UINT32;
            case "float" -> LabelMapIo.VoxelType.FLOAT32;
            case "double" -> LabelMapIo.VoxelType.FLOAT64;
            default -> throw invalid(file, "field 'type' is '" + t + "'; a label map must be an 8, 16 or 32-bit "
                    + "integer, float or double");
        };
    }

    private static String require(Path file, Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null || v.isEmpty()) {
            throw invalid(file, "field '" + name + "' is missing");
        }
        return v;
    }

    private static int integer(Path file, String field, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(file, "field '" + field + "' is '" + v + "', expected a whole number from "
                    + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
    }

    private static String checkedInteger(Path file, String field, String v) {
        if (!v.matches("-?\\d{1,18}")) {
            throw invalid(file, "field '" + field + "' holds '" + v + "', expected whole numbers");
        }
        return v;
    }

    private static String stripParentheses(Path file, String v) {
        String t = v.trim();
        if (!t.startsWith("(") || !t.endsWith(")")) {
            throw invalid(file, "field 'space origin' is '" + v + "', expected (x,y,z)");
        }
        return t.substring(1, t.length() - 1);
    }

    private static double[] vector(Path file, String field, String inner) {
        String[] parts = inner.split(",");
        if (parts.length != 3) {
            throw invalid(file, "field '" + field + "' holds '(" + inner + ")', expected 3 numbers (a 3-D space)");
        }
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw invalid(file, "field '" + field + "' holds '" + parts[i].trim() + "', not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw invalid(file, "field '" + field + "' holds a non-finite number");
            }
        }
        return v;
    }

    /** One header line without its terminator (LF or CRLF), or null at the end of the stream. */
    private static String readLine(InputStream in, Path file) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            line.write(c);
            if (line.size() > MAX_HEADER_BYTES) {
                throw invalid(file, "the header is longer than 1 MiB");
            }
        }
        return null; // no line terminator before the end: the header is cut short
    }

    private static InvalidInputException invalid(Path file, String message) {
        return new InvalidInputException("NRRD: " + message, file, "check that this is a NRRD label map");
    }
}
