package org.liverlens.testdicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.liverlens.core.volume.VolumeGeometry;
import org.liverlens.core.work.AtomicFiles;

/**
 * Writes a uint8 label volume as a gzip-encoded NRRD (format version 4) in LPS space, on the grid of
 * the DICOM series: axis 0 = column i, axis 1 = row j, axis 2 = slice k (ascending z). Small and
 * local on purpose; the general label-map reader and writer belongs in plugin-core.
 */
final class NrrdLabelWriter {
    private NrrdLabelWriter() {
    }

    /**
     * @param slices    one array per slice k, row-major ({@code j * columns + i})
     * @param keyValues extra {@code key:=value} lines (ASCII, no newlines)
     */
    static void write(Path target, VolumeGeometry g, byte[][] slices, Map<String, String> keyValues) {
        StringBuilder h = new StringBuilder();
        h.append("NRRD0004\n");
        h.append("# Complete NRRD file format specification at:\n");
        h.append("# http://teem.sourceforge.net/nrrd/format.html\n");
        h.append("type: uint8\n");
        h.append("dimension: 3\n");
        h.append("space: left-posterior-superior\n");
        h.append("sizes: ").append(g.columns()).append(' ').append(g.rows()).append(' ').append(g.slices()).append('\n');
        h.append("space directions:");
        for (int axis = 0; axis < 3; axis++) {
            double[] d = g.direction(axis);
            double s = g.spacingMm()[axis];
            h.append(" (").append(num(d[0] * s)).append(',').append(num(d[1] * s)).append(',').append(num(d[2] * s))
                    .append(')');
        }
        h.append('\n');
        h.append("kinds: domain domain domain\n");
        h.append("encoding: gzip\n");
        double[] o = g.originMm();
        h.append("space origin: (").append(num(o[0])).append(',').append(num(o[1])).append(',').append(num(o[2]))
                .append(")\n");
        for (Map.Entry<String, String> e : keyValues.entrySet()) {
            h.append(e.getKey()).append(":=").append(e.getValue()).append('\n');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.write(target, out -> {
            out.write(header);
            try (GZIPOutputStream gz = new FastGzip(new NonClosing(out))) {
                for (byte[] slice : slices) {
                    gz.write(slice);
                }
            }
        });
    }

    private static String num(double v) {
        return SyntheticCt.decimalString(v);
    }

    /** Fastest deflate level: label maps compress well anyway, and this keeps the demo quick. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Lets the gzip stream finish without closing the file stream AtomicFiles still flushes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
