package org.liverlens.testdicom.fuzz;

import static org.liverlens.testdicom.fuzz.DicomFileDamage.setDecimal;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.liverlens.core.TestData;

/**
 * Damage to a series as a whole: missing, unreadable and duplicate slices, folders reached through
 * symbolic links (and link loops), folders without a CT.
 */
final class SeriesCases {
    private SeriesCases() {
    }

    static List<FuzzCase> cases() {
        return List.of(
                FuzzCase.named("missing-slice").make((in, inputs) -> Files.delete(FuzzInputs.slice(
                        inputs.copyCt(in.resolve("ct")), 6))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0005.dcm", "slice-0007.dcm", "--allow-gaps"),
                FuzzCase.named("random-bytes-instead-of-a-slice").make((in, inputs) -> FuzzInputs.randomBytes(
                        FuzzInputs.slice(inputs.copyCt(in.resolve("ct")), 6), 8000))
                        .run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "gap", "slice-0006.dcm: not a DICOM file", "--allow-gaps"),
                FuzzCase.named("unreadable-last-slice").make((in, inputs) -> FuzzInputs.truncate(FuzzInputs.slice(
                        inputs.copyCt(in.resolve("ct")), FuzzInputs.SLICES), 2000))
                        .run("segment", "{in}/ct", "-o", "{out}").expect(3, "slice-0012.dcm", "--allow-gaps"),
                FuzzCase.named("missing-image-position").make(DicomHeaderCases.slice(6, l ->
                        l.remove(TagFromName.ImagePositionPatient))).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "ImagePositionPatient (0020,0032)", "--allow-gaps"),
                FuzzCase.named("duplicate-position-extra-file").make((in, inputs) -> {
                    Path ct = inputs.copyCt(in.resolve("ct"));
                    Path copy = ct.resolve("slice-0006-copy.dcm");
                    Files.copy(FuzzInputs.slice(ct, 6), copy);
                    FuzzInputs.edit(copy, l -> {
                        Attribute uid = new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID);
                        uid.addValue("2.25.1234567890123456789");
                        l.put(uid);
                    });
                }).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "duplicate slice position", "slice-0006.dcm", "slice-0006-copy.dcm",
                                "remove one of the two images"),
                FuzzCase.named("duplicate-position-instead-of-next").make((in, inputs) -> {
                    Path ct = inputs.copyCt(in.resolve("ct"));
                    String[] position = Attribute.getDelimitedStringValuesOrEmptyString(
                            org.liverlens.core.dicom.DicomFiles.readHeader(FuzzInputs.slice(ct, 6)).attributes(),
                            TagFromName.ImagePositionPatient).split("\\\\");
                    FuzzInputs.edit(FuzzInputs.slice(ct, 7), l -> setDecimal(l, TagFromName.ImagePositionPatient,
                            position));
                }).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "duplicate slice position", "slice-0006.dcm", "slice-0007.dcm"),
                FuzzCase.named("one-slice-of-another-matrix").make(DicomHeaderCases.slice(6, l -> {
                    DicomFileDamage.setUnsignedShort(l, TagFromName.Rows, 32);
                    DicomFileDamage.setUnsignedShort(l, TagFromName.Columns, 32);
                    com.pixelmed.dicom.OtherWordAttribute small = new com.pixelmed.dicom.OtherWordAttribute(
                            TagFromName.PixelData);
                    small.setValues(new short[32 * 32]);
                    l.put(small);
                })).run("segment", "{in}/ct", "-o", "{out}")
                        .expect(3, "slice-0006.dcm", "another matrix or pixel spacing (32×32", "--allow-gaps"),
                FuzzCase.named("one-slice-of-another-pixel-spacing").make(DicomHeaderCases.slice(6, l ->
                        setDecimal(l, TagFromName.PixelSpacing, "3", "3"))).run("measure", "{in}/ct", "--seg",
                        "{in}/seg.dcm").expect(3, "slice-0006.dcm", "3.0000 mm, not 64×64, 6.0000 mm"),
                FuzzCase.named("symlinked-series-folder").make((in, inputs) -> Files.createSymbolicLink(
                        in.resolve("link"), inputs.copyCt(in.resolve("real"))))
                        .run("info", "{in}/link").expect(0, "12 slice(s) of 64×64"),
                FuzzCase.named("symlinked-series-folder-segment").make((in, inputs) -> Files.createSymbolicLink(
                        in.resolve("link"), inputs.copyCt(in.resolve("real"))))
                        .run("segment", "{in}/link", "-o", "{out}").expect(0, "lesions:"),
                FuzzCase.named("symlink-loop").make((in, inputs) -> Files.createSymbolicLink(
                        inputs.copyCt(in.resolve("ct")).resolve("loop"), in.resolve("ct")))
                        .run("info", "{in}").expect(0, "symbolic link loop", "12 slice(s) of 64×64"),
                FuzzCase.named("symlink-to-system-folders").make((in, inputs) -> {
                    Path ct = inputs.copyCt(in.resolve("ct"));
                    Files.createSymbolicLink(ct.resolve("root"), Path.of("/"));
                    Files.createSymbolicLink(ct.resolve("proc"), Path.of("/proc"));
                }).run("info", "{in}/ct").inChildJvm()
                        .expect(0, "12 slice(s) of 64×64", "symbolic link to /, a system folder: not followed",
                                "symbolic link to /proc, a system folder"),
                FuzzCase.named("empty-folder").run("segment", "{in}", "-o", "{out}")
                        .expect(3, "the folder is empty"),
                FuzzCase.named("no-dicom-at-all").make((in, inputs) -> Files.writeString(in.resolve("notes.txt"),
                        "not an image")).run("segment", "{in}", "-o", "{out}")
                        .expect(3, "no CT series found", "notes.txt", "not a DICOM file"),
                FuzzCase.named("mr-instead-of-ct").make((in, inputs) -> Files.createSymbolicLink(
                        in.resolve("MR_small.dcm"), TestData.path("pydicom-data/MR_small.dcm")))
                        .run("segment", "{in}", "-o", "{out}").expect(3, "no CT series found (found 1 MR series)"),
                FuzzCase.named("real-truncated-file-in-folder").make((in, inputs) -> Files.createSymbolicLink(
                        in.resolve("MR_truncated.dcm"), TestData.path("pydicom-data/MR_truncated.dcm")))
                        .run("info", "{in}").expect(3, "MR_truncated.dcm", "truncated"),
                FuzzCase.named("real-corrupt-files-beside-a-ct").make((in, inputs) -> {
                    inputs.copyCt(in.resolve("ct"));
                    Path other = Files.createDirectories(in.resolve("other"));
                    for (String name : new String[] {"no_meta.dcm", "zipMR.gz", "emri_small_jpeg_2k_lossless_too_short.dcm"}) {
                        Files.createSymbolicLink(other.resolve(name), TestData.path("pydicom-data/" + name));
                    }
                }).run("segment", "{in}", "-o", "{out}").expect(0, "skipped {in}/other/zipMR.gz: not a DICOM file"),
                FuzzCase.named("truncated-pixel-data-seg-import").make((in, inputs) -> {
                    Path ct = inputs.copyCt(in.resolve("ct"));
                    FuzzInputs.truncate(FuzzInputs.slice(ct, 6), 4000);
                    inputs.labelMap(in.resolve("liver.nrrd"));
                }).run("seg", "import", "{in}/liver.nrrd", "--ct", "{in}/ct", "-o", "{out}/seg.dcm")
                        .expect(3, "slice-0006.dcm", "truncated", "--allow-gaps"),
                FuzzCase.named("truncated-pixel-data-seg-info").make((in, inputs) -> {
                    FuzzInputs.truncate(FuzzInputs.slice(inputs.copyCt(in.resolve("ct")), 6), 4000);
                    inputs.copySeg(in.resolve("seg.dcm"));
                }).run("seg", "info", "{in}/seg.dcm", "--ct", "{in}/ct")
                        .expect(3, "slice-0006.dcm", "truncated", "--allow-gaps"),
                FuzzCase.named("missing-path").run("segment", "{in}/nothing-here", "-o", "{out}")
                        .expect(3, "no such file or folder", "nothing-here"));
    }
}
