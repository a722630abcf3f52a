package org.liverlens.testdicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** A NRRD file read back for tests: its header fields and its (gunzipped) uint8 voxels. */
record NrrdFile(Map<String, String> fields, byte[] data) {

    static NrrdFile read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int end = -1;
        for (int i = 0; i + 1 < all.length; i++) {
            if (all[i] == '\n' && all[i + 1] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IOException(file + ": no blank line after the NRRD header");
        }
        String header = new String(all, 0, end, StandardCharsets.US_ASCII);
        String[] lines = header.split("\n");
        if (!lines[0].startsWith("NRRD000")) {
            throw new IOException(file + ": not a NRRD file (first line '" + lines[0] + "')");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("#")) {
                continue;
            }
            int kv = l.indexOf(":=");
            int f = l.indexOf(": ");
            if (kv >= 0 && (f < 0 || kv < f)) {
                fields.put(l.substring(0, kv), l.substring(kv + 2));
            } else if (f >= 0) {
                fields.put(l.substring(0, f), l.substring(f + 2));
            }
        }
        byte[] payload = java.util.Arrays.copyOfRange(all, end + 2, all.length);
        byte[] data;
        if ("gzip".equals(fields.get("encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
                data = in.readAllBytes();
            }
        } else {
            data = payload;
        }
        return new NrrdFile(fields, data);
    }

    int[] sizes() {
        String[] s = fields.get("sizes").trim().split("\\s+");
        return new int[] {Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2])};
    }

    /** The three space-direction vectors, one per axis. */
    double[][] spaceDirections() {
        String v = fields.get("space directions").trim();
        String[] vectors = v.split("\\)\\s*\\(");
        double[][] r = new double[3][];
        for (int a = 0; a < 3; a++) {
            r[a] = vector(vectors[a]);
        }
        return r;
    }

    double[] spaceOrigin() {
        return vector(fields.get("space origin"));
    }

    int voxel(int i, int j, int k) {
        int[] s = sizes();
        return data[(k * s[1] + j) * s[0] + i] & 0xff;
    }

    private static double[] vector(String text) {
        String[] parts = text.replace("(", "").replace(")", "").trim().split(",");
        double[] r = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            r[i] = Double.parseDouble(parts[i].trim());
        }
        return r;
    }
}
