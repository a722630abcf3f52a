package org.liverlens.testdicom.fuzz;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Damaged label maps given to {@code seg import}: NIfTI and NRRD headers that declare more voxels
 * than the file holds or memory allows (run in a child JVM), truncated data, impossible dimensions.
 */
final class LabelMapCases {
    private LabelMapCases() {
    }

    static List<FuzzCase> cases() {
        return List.of(
                FuzzCase.named("nifti-declaring-32767-cubed").make((in, inputs) -> niftiHeader(in.resolve("map.nii"),
                        (short) 32767, (short) 32767, (short) 32767, 1024)).run(importMap("map.nii")).inChildJvm()
                        .expect(3, "map.nii", "dim[1…3]", "32767×32767×32767"),
                FuzzCase.named("nrrd-declaring-100000-cubed").make((in, inputs) -> nrrd(in.resolve("map.nrrd"),
                        "100000 100000 100000", 4096)).run(importMap("map.nrrd")).inChildJvm()
                        .expect(3, "map.nrrd", "field 'sizes'", "100000×100000×100000"),
                FuzzCase.named("nrrd-gzip-larger-than-memory").make((in, inputs) -> nrrd(in.resolve("map.nrrd"),
                        "4096 4096 64", 1 << 20)).run(importMap("map.nrrd")).inChildJvm()
                        .expect(3, "map.nrrd", "more than the", "LIVERLENS_JAVA_OPTS"),
                FuzzCase.named("nifti-truncated").make((in, inputs) -> {
                    Path map = inputs.labelMap(in.resolve("map.nii"));
                    FuzzInputs.truncate(map, Files.size(map) / 2);
                }).run(importMap("map.nii")).expect(3, "map.nii", "truncated"),
                FuzzCase.named("nifti-gz-truncated").make((in, inputs) -> {
                    Path map = inputs.labelMap(in.resolve("map.nii.gz"));
                    FuzzInputs.truncate(map, Files.size(map) / 2);
                }).run(importMap("map.nii.gz")).expect(3, "map.nii.gz", "truncated"),
                FuzzCase.named("nrrd-truncated").make((in, inputs) -> {
                    Path map = inputs.labelMap(in.resolve("map.nrrd"));
                    FuzzInputs.truncate(map, Files.size(map) / 2);
                }).run(importMap("map.nrrd")).expect(3, "map.nrrd", "truncated"),
                FuzzCase.named("nifti-zero-dimension").make((in, inputs) -> niftiHeader(in.resolve("map.nii"),
                        (short) 64, (short) 0, (short) 12, 0)).run(importMap("map.nii"))
                        .expect(3, "map.nii", "dim[2]"),
                FuzzCase.named("nifti-negative-dimension").make((in, inputs) -> niftiHeader(in.resolve("map.nii"),
                        (short) -64, (short) 64, (short) 12, 0)).run(importMap("map.nii"))
                        .expect(3, "map.nii", "dim[1]"),
                FuzzCase.named("nrrd-zero-size").make((in, inputs) -> nrrd(in.resolve("map.nrrd"), "64 0 12", 16))
                        .run(importMap("map.nrrd")).expect(3, "map.nrrd", "sizes"),
                FuzzCase.named("nifti-vox-offset-beyond-the-file").make((in, inputs) -> {
                    niftiHeader(in.resolve("map.nii"), (short) 64, (short) 64, (short) 12, 64 * 64 * 12);
                    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(in.resolve("map.nii"),
                            java.nio.file.StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 1e12f), 108);
                    }
                }).run(importMap("map.nii")).expect(3, "map.nii", "vox_offset"),
                FuzzCase.named("nrrd-byte-skip-beyond-the-file").make((in, inputs) -> Files.writeString(
                        in.resolve("map.nrrd"), "NRRD0004\ntype: uint8\ndimension: 3\nspace: left-posterior-superior\n"
                                + "sizes: 64 64 12\nspace directions: (6,0,0) (0,6,0) (0,0,10)\n"
                                + "space origin: (-189,-189,-55)\nencoding: raw\nbyte skip: 99999999999\n\n"
                                + "x".repeat(64 * 64 * 12))).run(importMap("map.nrrd"))
                        .expect(3, "map.nrrd", "byte skip", "2147483647"),
                FuzzCase.named("random-bytes-as-nifti").make((in, inputs) -> FuzzInputs.randomBytes(
                        in.resolve("map.nii.gz"), 5000)).run(importMap("map.nii.gz")).expect(3, "map.nii.gz"),
                FuzzCase.named("label-map-on-another-grid").make((in, inputs) -> nrrd(in.resolve("map.nrrd"),
                        "32 32 12", 32 * 32 * 12)).run(importMap("map.nrrd")).expect(3, "map.nrrd"));
    }

    private static String[] importMap(String name) {
        return new String[] {"seg", "import", "{in}/" + name, "--ct", "{ct}", "-o", "{out}/seg.dcm"};
    }

    /** A NIfTI-1 header (uint8, 1 mm, sform 0) followed by {@code dataBytes} zero bytes. */
    static void niftiHeader(Path file, short x, short y, short z, int dataBytes) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(352 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        b.putShort(40, (short) 3).putShort(42, x).putShort(44, y).putShort(46, z).putShort(48, (short) 1)
                .putShort(50, (short) 1).putShort(52, (short) 1).putShort(54, (short) 1);
        b.putShort(70, (short) 2).putShort(72, (short) 8);
        b.putFloat(76, 1f).putFloat(80, 1f).putFloat(84, 1f).putFloat(88, 1f);
        b.putFloat(108, 352f);
        b.putShort(252, (short) 1); // qform_code 1 with an identity quaternion
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        Files.write(file, b.array());
    }

    /** An attached-header gzip NRRD (uint8, LPS, 1 mm) with {@code gzipBytes} of incompressible data. */
    static void nrrd(Path file, String sizes, int gzipBytes) throws Exception {
        String header = "NRRD0004\ntype: uint8\ndimension: 3\nspace: left-posterior-superior\nsizes: " + sizes
                + "\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nspace origin: (0,0,0)\nencoding: gzip\n\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            byte[] data = new byte[gzipBytes];
            new Random(7).nextBytes(data);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
        }
    }
}
