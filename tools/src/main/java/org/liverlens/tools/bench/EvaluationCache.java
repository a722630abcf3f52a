package org.liverlens.tools.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.liverlens.core.segment.LabelledCt;
import org.liverlens.core.segment.TumourProbability;
import org.liverlens.core.volume.HuVolume;
import org.liverlens.core.volume.LabelVolume;
import org.liverlens.core.volume.VolumeGeometry;

/**
 * One evaluation case with what the network made of it, kept in a file so that rules applied after the
 * network (lesion filters, outlines) are scored in seconds: the CT, the reference labels, the labels
 * after post-processing and the tumour probability, all on the CT grid. A gzip stream of a private
 * binary layout (tools only; never a product format).
 */
record EvaluationCache(LabelledCt kase, LabelVolume labels, TumourProbability tumour) {
    private static final int MAGIC = 0x4c4c4543; // "LLEC"
    private static final int VERSION = 1;

    /** The cache file of a case name in {@code dir}. */
    static Path file(Path dir, String caseName) {
        return BenchSupport.caseFile(dir, caseName, ".llec.gz");
    }

    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fastGzip(Files.newOutputStream(tmp)),
                1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(kase.name());
            out.writeBoolean(kase.tumourLabelled());
            VolumeGeometry g = kase.ct().geometry();
            for (int v : g.size()) {
                out.writeInt(v);
            }
            for (double v : g.originMm()) {
                out.writeDouble(v);
            }
            for (double v : g.spacingMm()) {
                out.writeDouble(v);
            }
            for (int a = 0; a < 3; a++) {
                for (double v : g.direction(a)) {
                    out.writeDouble(v);
                }
            }
            for (int k = 0; k < g.slices(); k++) {
                for (short v : kase.ct().slice(k)) {
                    out.writeShort(v);
                }
            }
            writeLabels(out, kase.labels());
            writeLabels(out, labels);
            for (int k = 0; k < g.slices(); k++) {
                byte[] s = tumour.slice(k);
                out.writeBoolean(s != null);
                if (s != null) {
                    out.write(s);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    static EvaluationCache read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(
                Files.newInputStream(file), 1 << 16), 1 << 20))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + ": not an evaluation cache of this version; delete it");
            }
            String name = in.readUTF();
            boolean tumourLabelled = in.readBoolean();
            int[] size = {in.readInt(), in.readInt(), in.readInt()};
            double[][] v = new double[5][3];
            for (double[] row : v) {
                for (int q = 0; q < 3; q++) {
                    row[q] = in.readDouble();
                }
            }
            VolumeGeometry g = new VolumeGeometry(size, v[0], v[1], v[2], v[3], v[4]);
            HuVolume ct = HuVolume.allocate(g, (short) 0);
            for (int k = 0; k < g.slices(); k++) {
                short[] s = ct.slice(k);
                for (int p = 0; p < s.length; p++) {
                    s[p] = in.readShort();
                }
            }
            LabelVolume ref = readLabels(in, g);
            LabelVolume out = readLabels(in, g);
            byte[][] prob = new byte[g.slices()][];
            for (int k = 0; k < g.slices(); k++) {
                if (in.readBoolean()) {
                    prob[k] = new byte[g.columns() * g.rows()];
                    in.readFully(prob[k]);
                }
            }
            return new EvaluationCache(new LabelledCt(name, ct, ref, tumourLabelled), out, new TumourProbability(g, prob));
        }
    }

    private static void writeLabels(DataOutputStream out, LabelVolume l) throws IOException {
        for (int k = 0; k < l.geometry().slices(); k++) {
            boolean empty = l.isSliceEmpty(k);
            out.writeBoolean(!empty);
            if (!empty) {
                for (short v : l.slice(k)) {
                    out.writeShort(v);
                }
            }
        }
    }

    private static LabelVolume readLabels(DataInputStream in, VolumeGeometry g) throws IOException {
        LabelVolume l = new LabelVolume(g);
        for (int k = 0; k < g.slices(); k++) {
            if (in.readBoolean()) {
                short[] s = l.slice(k);
                for (int p = 0; p < s.length; p++) {
                    s[p] = in.readShort();
                }
            }
        }
        return l;
    }

    private static OutputStream fastGzip(OutputStream raw) throws IOException {
        return new GZIPOutputStream(raw, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

}
